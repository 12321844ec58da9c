// Bad input fuzz (issue 7, reliability 3): ≥ 10,000 malformed requests spread over every route of
// the app (from its route table) on each backend. No 5xx, every refusal in the error envelope, no
// malformed write acknowledged, the server still answers, and stored data is unchanged.
// Deterministic: a seeded PRNG picks routes, callers and mutations (FUZZ_SEED replays another run).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeApp, TEST_BACKENDS } from '../helpers/app.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { MUTATIONS, malformedRequest, seededRandom, type FuzzLimits, type FuzzRoute } from './malformed-requests.ts';
import { BIDDER, buildWorld, COMPLAINANT_BROKER, fillPattern, isCancellationComplaintPattern, storedSnapshot, type World } from './world.ts';

const REQUESTS_PER_BACKEND = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20270101);
const LIMITS: FuzzLimits = { bodyLimit: 64 * 1024, maxUploadBytes: 4 * 1024 };
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OTHER_CALLERS = [null, 'broker', BIDDER, 'administrator', 'chronograph', 'auction', 'inspector', 'bot', 'reviewer', 'no-such-key'];

/** The caller who gets furthest into the route (owner key and token), so validation really runs. */
function rightfulCaller(pattern: string, w: World): { key: string; token?: string } {
  if (pattern.includes('/chronograph')) return { key: 'chronograph' };
  if (pattern.includes('/sandbox/')) return { key: 'administrator' };
  if (pattern.startsWith('/ds')) return { key: 'broker' };
  // Issuing contract credentials reads no body (as the reference): with the owner's token every
  // request is a valid one that rotates the token, so the fuzz reaches it without.
  if (pattern.endsWith('/credentials')) return { key: 'broker' };
  if (pattern.startsWith('/auctions/')) return { key: 'broker' };
  if (/\/auction(\/|$)/.test(pattern)) return { key: 'auction' };
  if (pattern.includes('/review_requests/')) return { key: 'inspector' };
  if (isCancellationComplaintPattern(pattern)) return { key: COMPLAINANT_BROKER, token: pattern.includes(':complaint_id') ? w.limited.complaint.token : undefined };
  if (pattern.includes('/complaints/:complaint_id')) return { key: 'broker', token: w.awarded.claim.token };
  if (pattern.includes('/awards/:award_id/complaints')) return { key: 'broker', token: w.awarded.bidToken };
  if (pattern.includes('/suppliers/')) return { key: 'broker', token: w.contract.supplierToken };
  if (pattern.startsWith('/api/2.5/contracts/')) return { key: 'broker', token: w.contract.tenderToken };
  if (/\/(awards|cancellations|review_requests)(\/|$)/.test(pattern)) return { key: 'broker', token: w.awarded.tender.token };
  if (pattern.includes('/bids/:bid_id')) return { key: BIDDER, token: w.bid.token };
  if (pattern.includes('/bids')) return { key: BIDDER };
  if (pattern.startsWith('/api/2.5/plans/:plan_id/milestones/:milestone_id')) return { key: 'broker', token: w.plans.milestone.token };
  if (pattern.startsWith('/api/2.5/plans/:plan_id') && !pattern.endsWith('/tenders') && !pattern.endsWith('/milestones')) return { key: 'broker', token: w.plans.plan.token };
  return { key: 'broker', token: w.tender.token };
}

/**
 * The URL a route's malformed requests go to. The bidder page's event stream of a known auction
 * answers any GET with an endless stream (inject would never return), so it gets an unknown key:
 * its refusal is what malformed input can reach. The push feeds stream forever too: an unknown
 * parameter (refused whatever else the request carries) is theirs.
 */
function fuzzUrl(pattern: string, w: World): string {
  const unknownId = 'f'.repeat(32);
  if (pattern.endsWith('/:key/events')) return pattern.replace(':key', unknownId);
  if (pattern.endsWith('/stream')) return `${pattern}?fuzz=1`;
  return fillPattern(pattern.replace(/\/\*$/, ''), w, unknownId);
}

function isErrorEnvelope(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { status?: unknown; errors?: unknown };
    return (
      parsed.status === 'error' &&
      Array.isArray(parsed.errors) &&
      parsed.errors.length > 0 &&
      parsed.errors.every((e) => typeof e === 'object' && e !== null && typeof e.location === 'string' && typeof e.name === 'string' && 'description' in e)
    );
  } catch {
    return false;
  }
}

describeApp('malformed requests', {
  trustedDsKeys: [REFERENCE_DS_KEY],
  env: { BODY_LIMIT: String(LIMITS.bodyLimit), MAX_UPLOAD_BYTES: String(LIMITS.maxUploadBytes) },
}, (t) => {
  let w: World;
  before(async () => {
    w = await buildWorld(t);
  });

  test(`${REQUESTS_PER_BACKEND} malformed requests to every route: no 5xx, error envelope, nothing stored`, async () => {
    const routes: FuzzRoute[] = t.app.routeTable.list().map((r) => ({ method: r.method, pattern: r.url, url: fuzzUrl(r.url, w) }));
    const before = await storedSnapshot(t, w);
    const rng = seededRandom(SEED + TEST_BACKENDS.indexOf(t.backend));
    const failures = new Map<string, string>();
    const seenRoutes = new Set<string>();
    const seenKinds = new Set<string>();
    for (let i = 0; i < REQUESTS_PER_BACKEND; i++) {
      const route = routes[Math.floor(rng() * routes.length)] as FuzzRoute;
      const rightful = rightfulCaller(route.pattern, w);
      const key = rng() < 0.75 ? rightful.key : OTHER_CALLERS[Math.floor(rng() * OTHER_CALLERS.length)];
      const url = rightful.token && rng() < 0.9 ? `${route.url}?acc_token=${rightful.token}` : route.url;
      const req = malformedRequest(rng, { ...route, url }, key ? { authorization: `Bearer ${key}` } : {}, LIMITS);
      const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
      seenRoutes.add(`${route.method} ${route.pattern}`);
      seenKinds.add(req.kind);
      const problem =
        res.statusCode >= 500
          ? 'server error'
          : WRITE_METHODS.has(req.method) && res.statusCode < 400
            ? 'malformed write acknowledged'
            : res.statusCode >= 400 && req.method !== 'HEAD' && !isErrorEnvelope(res.body)
              ? 'not in the error envelope'
              : null;
      if (problem) {
        const id = `${problem}: ${req.kind} ${route.method} ${route.pattern} → ${res.statusCode}`;
        if (!failures.has(id)) failures.set(id, `#${i} ${req.method} ${req.url.slice(0, 200)} ${String(req.payload ?? '').slice(0, 200)} → ${res.body.slice(0, 300)}`);
      }
    }
    assert.deepEqual([...failures.entries()], []);
    assert.equal(seenRoutes.size, routes.length, 'every route got malformed requests');
    assert.equal(seenKinds.size, MUTATIONS.length, 'every kind of malformation was sent');
    const ping = await t.app.inject({ method: 'GET', url: '/api/2.5/ping' });
    assert.equal(ping.statusCode, 200, 'the server still answers');
    assert.equal(await storedSnapshot(t, w), before, 'stored data changed');
  });
});
