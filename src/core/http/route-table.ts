// Remembers the URL patterns the app serves and their methods, so a request for an existing
// path with an undefined method gets 405 with `Allow` instead of 404 (platform.md §2.6).
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes this app serves (its RouteTable). */
    routeTable: RouteTable;
  }
}

interface Entry {
  regex: RegExp;
  methods: Set<string>;
}

export class RouteTable {
  private readonly entries = new Map<string, Entry>();

  add(url: string, methods: string[]): void {
    let e = this.entries.get(url);
    if (!e) {
      const source = url
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      e = { regex: new RegExp(`^${source}$`), methods: new Set() };
      this.entries.set(url, e);
    }
    for (const m of methods) e.methods.add(m);
    if (e.methods.has('GET')) e.methods.add('HEAD');
  }

  /** Every registered (method, url pattern) pair, HEAD included; the reliability tests enumerate it. */
  list(): Array<{ method: string; url: string }> {
    const out: Array<{ method: string; url: string }> = [];
    for (const [url, e] of this.entries) for (const method of e.methods) out.push({ method, url });
    return out;
  }

  methodsFor(path: string): string[] {
    const out = new Set<string>();
    for (const e of this.entries.values()) if (e.regex.test(path)) for (const m of e.methods) out.add(m);
    return [...out].sort();
  }

  /** Records every route registered on the app from now on. */
  attach(app: FastifyInstance): void {
    app.addHook('onRoute', (opts) => {
      const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
      this.add(opts.url, methods.map(String));
    });
  }
}
