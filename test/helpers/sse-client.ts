// A small Server-Sent Events reader over a real socket, for push-feed tests and benchmarks.
import http from 'node:http';

export interface SseEvent {
  id?: string;
  data?: string;
  comment?: string;
}

export interface SseConnection {
  events: SseEvent[];
  status: number;
  /** Resolves once `predicate` holds for the events received (rejects after `timeoutMs`). */
  until(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) event.data = (event.data === undefined ? '' : `${event.data}\n`) + line.slice(6);
          }
          if (event.id !== undefined || event.data !== undefined || event.comment !== undefined) events.push(event);
        }
        for (const w of [...waiters]) w();
      });
      resolve({
        events,
        status: res.statusCode ?? 0,
        until(predicate, timeoutMs = 5000) {
          return new Promise((ok, fail) => {
            const check = (): void => {
              if (!predicate(events)) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(events);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`SSE: condition not met in ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 2000)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
  });
}

/** The data events (not comments), parsed. */
export const dataEvents = (events: readonly SseEvent[]): { id: string; item: Record<string, unknown> }[] =>
  events.filter((e) => e.data !== undefined).map((e) => ({ id: String(e.id), item: JSON.parse(e.data!) as Record<string, unknown> }));
