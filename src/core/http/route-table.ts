// Remembers the URL patterns the app serves and their methods, so a request for an existing
// path with an undefined method gets 405 with `Allow` instead of 404 (platform.md §2.6).
import type { FastifyInstance } from 'fastify';

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

  /** Every URL pattern served, with its methods (HEAD included where GET is). */
  list(): Array<{ url: string; methods: string[] }> {
    return [...this.entries].map(([url, e]) => ({ url, methods: [...e.methods].sort() }));
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
