// Slow and idle clients over a real socket (issue 11 item 5): header, whole-request and idle
// deadlines and the connection cap, with short limits; the auction page's event stream outlives them.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describeApp } from '../../helpers/app.ts';
import type { Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { getTender } from '../../procedures/below-threshold/builders.ts';
import { bidAndEndTendering, publishLotTender } from '../../procedures/below-threshold/awarding.ts';

const LIMITS = { HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600', IDLE_TIMEOUT_MS: '400', MAX_CONNECTIONS: '4' };

interface Conn {
  socket: net.Socket;
  received: () => string;
  /** ms after opening at which the server closed the connection (resolves when it does). */
  closed: Promise<number>;
}

function open(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const opened = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    const closed = new Promise<number>((res) => socket.on('close', () => res(Date.now() - opened)));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Writes `chunks` one every `everyMs` until the connection closes; resolves with how long it stayed open. */
async function trickle(conn: Conn, chunks: string[], everyMs: number): Promise<number> {
  let stop = false;
  void conn.closed.then(() => (stop = true));
  for (const chunk of chunks) {
    if (stop) break;
    conn.socket.write(chunk);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return conn.closed;
}

const within = (ms: number, limit: number): void => assert.ok(ms < limit, `closed after ${ms} ms, wanted < ${limit}`);

describeApp('connection limits over a real socket', { env: LIMITS, trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let port: number;
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  test('headers sent one line at a time are cut off at the header deadline', async () => {
    const conn = await open(port);
    const lines = ['GET /api/2.5/tenders HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: y\r\n`)];
    const ms = await trickle(conn, lines, 50);
    within(ms, 2000);
    assert.ok(ms >= 250, `not before the deadline (${ms} ms)`);
    assert.match(conn.received(), /^(HTTP\/1\.1 408|$)/);
  });

  test('a body trickled a byte at a time is cut off at the request deadline', async () => {
    const conn = await open(port);
    conn.socket.write('POST /api/2.5/tenders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n');
    const ms = await trickle(conn, Array.from({ length: 200 }, () => ' '), 50);
    within(ms, 2500);
    assert.ok(ms >= 500, `not before the deadline (${ms} ms)`);
  });

  test('an idle keep-alive connection is closed after the idle timeout', async () => {
    const conn = await open(port);
    conn.socket.write('GET /api/2.5/tenders HTTP/1.1\r\nHost: x\r\n\r\n');
    const ms = await conn.closed;
    assert.match(conn.received(), /^HTTP\/1\.1 200 /);
    within(ms, 2000);
  });

  test('connections beyond MAX_CONNECTIONS are refused until a slot frees up', async () => {
    const held = await Promise.all([open(port), open(port), open(port), open(port)]);
    await new Promise((r) => setTimeout(r, 50));
    const extra = await open(port);
    extra.socket.write('GET /api/2.5/tenders HTTP/1.1\r\nHost: x\r\n\r\n');
    within(await extra.closed, 500);
    assert.equal(extra.received(), '', 'the extra connection got no answer');
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await new Promise((r) => setTimeout(r, 50));
    const next = await open(port);
    next.socket.write('GET /api/2.5/tenders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await next.closed;
    assert.match(next.received(), /^HTTP\/1\.1 200 /, 'a freed slot is served again');
  });

  test('the auction page event stream stays open past every deadline', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[480], [500]]);
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.auction');
    const page = new URL(String((tender.lots as Json[])[0]!.auctionUrl));
    const conn = await open(port);
    conn.socket.write(`GET ${page.pathname}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
    const outcome = await Promise.race([conn.closed.then((ms) => `closed after ${ms} ms`), new Promise<string>((r) => setTimeout(() => r('open'), 1500))]);
    assert.equal(outcome, 'open');
    assert.match(conn.received(), /^HTTP\/1\.1 200 [\s\S]*text\/event-stream[\s\S]*event: state/);
    conn.socket.destroy();
    await conn.closed;
  });
});
