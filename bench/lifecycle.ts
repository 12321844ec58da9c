// The full belowThreshold lifecycle over HTTP, many tenders at once: create → documents → publish
// → 2 submitted bids each → tendering end and auction (the built-in auction, driven by the sandbox
// clock) → award decision → contract signed → complete. Measures tenders per second end to end.
import { ADMIN_AUTH, BROKER_AUTH, CLOCK, tenderBody } from './fixtures.ts';

type Json = Record<string, unknown>;

interface Call {
  status: number;
  body: Json;
}

const TENDERING = '2027-01-09T10:00:00+02:00';
/** Tendering has just ended: auctions are planned in that day's slots. */
const TENDERING_ENDED = '2027-01-15T00:00:01+02:00';
/** After tendering end (2027-01-15 00:00) and after every auction of that day (slots 11:00–16:00). */
const AFTER_AUCTIONS = '2027-01-15T18:00:00+02:00';

async function call(base: string, method: string, path: string, auth: string | null, data?: unknown): Promise<Call> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (data !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: data === undefined ? undefined : JSON.stringify(data) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

function expect(c: Call, status: number, what: string): Json {
  if (c.status !== status) throw new Error(`${what}: ${c.status} ${JSON.stringify(c.body).slice(0, 300)}`);
  return c.body;
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

interface Lifecycle {
  id: string;
  token: string;
  lotId: string;
  item: Json;
}

const tenderer = (id: string): Json => ({
  name: `Учасник ${id}`,
  identifier: { scheme: 'UA-EDR', id, legalName: `Учасник ${id}` },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
  contactPoint: { name: 'Сергій Олексюк', telephone: '+380432216930', email: 'bidder@example.com' },
  scale: 'micro',
});

export async function benchLifecycle(base: string, count: number, concurrency: number): Promise<{ perSecond: number; seconds: number }> {
  const clock = (now: string) => call(base, 'PUT', '/api/2.5/sandbox/clock', ADMIN_AUTH, { data: { now, frozen: true } }).then((c) => expect(c, 200, 'clock'));
  await clock(CLOCK);
  // One signed file from the built-in document service serves every document of the run.
  const form = new FormData();
  form.append('file', new Blob(['signed'], { type: 'application/pkcs7-signature' }), 'sign.p7s');
  const upload = (await (await fetch(`${base}/ds/upload`, { method: 'POST', headers: { authorization: BROKER_AUTH }, body: form })).json()) as { data: Json };
  const file = { url: upload.data.url, hash: upload.data.hash, format: 'application/pkcs7-signature' };

  const started = performance.now();
  const tenders: Lifecycle[] = [];
  await pool(Array.from({ length: count }, (_, i) => i), concurrency, async () => {
    const created = expect(await call(base, 'POST', '/api/2.5/tenders', BROKER_AUTH, tenderBody(1, 1)), 201, 'create');
    const data = created.data as Json;
    const id = String(data.id);
    const token = String((created.access as Json).token);
    const owner = (suffix = '') => `/api/2.5/tenders/${id}${suffix}?acc_token=${token}`;
    expect(await call(base, 'POST', owner('/documents'), BROKER_AUTH, { data: [
      { ...file, title: 'contract.p7s', documentType: 'contractProforma' },
      { ...file, title: 'notice.p7s', documentType: 'notice' },
    ] }), 201, 'documents');
    expect(await call(base, 'PATCH', owner(), BROKER_AUTH, { data: { status: 'active.enquiries' } }), 200, 'publish');
    tenders.push({ id, token, lotId: String(((data.lots as Json[])[0]!).id), item: (data.items as Json[])[0]! });
  });

  await clock(TENDERING);
  await pool(tenders, concurrency, async (t) => {
    for (const [i, amount] of [4000, 4500].entries()) {
      const bid = {
        tenderers: [tenderer(`0013725${i}`)],
        lotValues: [{ value: { amount }, relatedLot: t.lotId }],
        items: [{ id: t.item.id, description: 'футляри', quantity: t.item.quantity, relatedLot: t.lotId, unit: { name: 'кілограм', code: 'KGM', value: { amount: amount / Number(t.item.quantity), currency: 'UAH', valueAddedTaxIncluded: false } } }],
        status: 'pending',
        documents: [{ ...file, title: 'proposal.p7s', documentType: 'proposal' }],
      };
      expect(await call(base, 'POST', `/api/2.5/tenders/${t.id}/bids`, BROKER_AUTH, { data: bid }), 201, 'bid');
    }
  });

  // Tendering ends and auctions are planned; later that day they have run and reported.
  await clock(TENDERING_ENDED);
  await clock(AFTER_AUCTIONS);
  await pool(tenders, concurrency, async (t) => {
    const owner = (suffix = '') => `/api/2.5/tenders/${t.id}${suffix}?acc_token=${t.token}`;
    // The server's own auction loop may still be posting a run the clock move found claimed.
    let award: Json | undefined;
    for (let wait = 0; wait < 300 && !award; wait++) {
      const awards = expect(await call(base, 'GET', `/api/2.5/tenders/${t.id}/awards`, null), 200, 'awards').data as Json[];
      award = awards.find((a) => a.status === 'pending');
      if (!award) await new Promise((r) => setTimeout(r, 100));
    }
    if (!award) throw new Error(`tender ${t.id}: no pending award (auction not reported?)`);
    expect(await call(base, 'POST', owner(`/awards/${award.id}/documents`), BROKER_AUTH, { data: { ...file, title: 'sign.p7s', documentType: 'notice' } }), 201, 'award notice');
    expect(await call(base, 'PATCH', owner(`/awards/${award.id}`), BROKER_AUTH, { data: { status: 'active', qualified: true } }), 200, 'award');
    const tender = expect(await call(base, 'GET', `/api/2.5/tenders/${t.id}`, null), 200, 'tender').data as Json;
    for (const c of (tender.contracts as Json[]) ?? []) {
      const signing = { contractNumber: 'N-1', period: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' }, status: 'active' };
      expect(await call(base, 'PATCH', `/api/2.5/contracts/${c.id}?acc_token=${t.token}`, BROKER_AUTH, { data: signing }), 200, 'contract');
    }
    const done = expect(await call(base, 'GET', `/api/2.5/tenders/${t.id}`, null), 200, 'tender').data as Json;
    if (done.status !== 'complete') throw new Error(`tender ${t.id} ended ${String(done.status)}`);
  });
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, seconds };
}
