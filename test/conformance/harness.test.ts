// The harness's own pieces: OUT-OF-BAND.md reading, the set list and scenarios, the stop on an
// unknown procedure or route, what the recordings write, the summary table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseOutOfBand, stepKind } from './out-of-band.ts';
import Fastify from 'fastify';
import { conformanceDir, createDsSigner, notServed, recordedWrites, Replayer } from './replay.ts';
import { formatSummary, orderRates, orderStop, type SetReport } from './report.ts';
import { conformanceSets, IMPLEMENTED_SETS, setScenarios, type ConformanceSet } from './sets.ts';
import type { HttpExchange } from './http-file.ts';
import type { FileResult } from './replay.ts';

const http = (method: string, path: string, body: unknown, status: number, response: unknown): string =>
  [
    `${method} ${path} HTTP/1.0`,
    'Authorization: Bearer broker',
    'Content-Type: application/json',
    'Host: lb-api-sandbox.prozorro.gov.ua',
    '',
    body === undefined ? '' : JSON.stringify(body),
    '',
    `HTTP/1.0 ${status} X`,
    'Content-Type: application/json',
    '',
    JSON.stringify(response),
    '',
  ].join('\n');

/** A conformance root: sets `alpha` (ORDER, OUT-OF-BAND.md, a side file) and `beta`, and a folder without ORDER. */
function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'conformance-'));
  const tender = `/api/2.5/tenders/${'a'.repeat(32)}`;
  const files: Record<string, string> = {
    'alpha/ORDER': 'create.http\nactivate.http\n',
    'alpha/OUT-OF-BAND.md': '- out-of-band before activate.http: add_sign_doc\n',
    'alpha/create.http': http('POST', '/api/2.5/tenders', { data: { title: 't', funders: [], status: 'draft' } }, 201, { data: {} }),
    'alpha/activate.http': http('PATCH', `${tender}?acc_token=x`, { data: { status: 'active.enquiries', guarantee: {} } }, 200, { data: {} }),
    'alpha/refused.http': http('PATCH', `${tender}?acc_token=x`, { data: { status: 'complete', bogus: 1 } }, 422, { status: 'error', errors: [] }),
    'beta/ORDER': 'one.http\n',
    'beta/one.http': http('GET', tender, undefined, 200, { data: {} }),
    'no-order/x.http': http('GET', tender, undefined, 200, { data: {} }),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('OUT-OF-BAND.md', () => {
  test('steps per file, everything else kept as notes', () => {
    const oob = parseOutOfBand(
      [
        '# open: what the recording test did outside the recorded exchanges',
        '',
        '- out-of-band before bid-lot2.http: add_sign_doc, app.patch_json, app.patch_json',
        '- out-of-band before auction-url.http: db:set_status',
        '- skip tendering/limited/http/tutorial/tender-negotiation-award.http: contested with another test',
        '- recorded under mock patch_market_product: create-tender-reporting-procuringEntity.http',
      ].join('\n'),
    );
    assert.deepEqual([...oob.before.entries()], [
      ['bid-lot2.http', ['add_sign_doc', 'app.patch_json', 'app.patch_json']],
      ['auction-url.http', ['db:set_status']],
    ]);
    assert.deepEqual(oob.notes, [
      'skip tendering/limited/http/tutorial/tender-negotiation-award.http: contested with another test',
      'recorded under mock patch_market_product: create-tender-reporting-procuringEntity.http',
    ]);
    assert.deepEqual(parseOutOfBand(''), { before: new Map(), notes: [] });
  });

  test('step kinds: documents, clock, api, database, unknown', () => {
    assert.deepEqual(
      ['add_sign_doc', 'add_contract_proforma_doc', 'db:set_status', 'db:set_enquiry_period_end', 'check_chronograph', 'tick', 'app.post_json', 'db:mongodb.tenders.save', 'set_responses'].map(stepKind),
      ['documents', 'documents', 'clock', 'clock', 'clock', 'clock', 'api', 'database', 'unknown'],
    );
  });
});

describe('the stop on an unknown procedure or route', () => {
  const ex = (status: number): HttpExchange =>
    ({ request: { method: 'POST', path: '/api/2.5/tenders', headers: {}, bodyText: '' }, response: { status, headers: {}, bodyText: '' } }) as unknown as HttpExchange;
  const errors = (...list: unknown[]) => ({ status: 'error', errors: list });

  test('a 422 on procurementMethodType or a 404 of no route, where the recording succeeded', () => {
    assert.match(notServed(ex(201), { status: 422, json: errors({ location: 'body', name: 'procurementMethodType', description: 'Not implemented' }) })!, /^procurementMethodType: "Not implemented"/);
    assert.equal(notServed(ex(201), { status: 404, json: errors({ location: 'url', name: 'not_found', description: 'Not Found' }) }), 'no route serves POST /api/2.5/tenders');
  });

  test('any other answer, or a recorded refusal, does not stop the replay', () => {
    assert.equal(notServed(ex(201), { status: 404, json: errors({ location: 'url', name: 'tender_id', description: 'Not Found' }) }), undefined);
    assert.equal(notServed(ex(201), { status: 422, json: errors({ location: 'body', name: 'title', description: ['This field is required.'] }) }), undefined);
    assert.equal(notServed(ex(422), { status: 422, json: errors({ location: 'body', name: 'procurementMethodType', description: 'x' }) }), undefined);
    assert.equal(notServed(ex(201), { status: 201, json: { data: {} } }), undefined);
  });
});

describe('sets, scenarios and what the recordings write', () => {
  test('every folder with an ORDER is a set; ORDER, then the files outside it as "others"; writes learned from successful requests', () => {
    const root = fixtureRoot();
    try {
      const sets = conformanceSets(root);
      assert.deepEqual(sets.map((s) => [s.name, s.gated, s.order]), [['alpha', false, ['create.http', 'activate.http']], ['beta', false, ['one.http']]]);
      assert.deepEqual([...sets[0]!.outOfBand.before.entries()], [['activate.http', ['add_sign_doc']]]);
      assert.deepEqual(setScenarios(sets[0]!), [{ name: 'ORDER', files: ['create.http', 'activate.http'] }, { name: 'others', files: ['refused.http'] }]);
      assert.deepEqual(setScenarios(sets[1]!), [{ name: 'ORDER', files: ['one.http'] }]);
      const writes = recordedWrites(sets[0]!.dir);
      assert.deepEqual([...writes.fields].sort(), ['funders', 'guarantee', 'title']);
      assert.deepEqual([...writes.statuses], ['active.enquiries']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('every set marked implemented is a set of the shared directory', { skip: conformanceDir() === undefined ? 'conformance directory not found' : false }, () => {
    const names = conformanceSets(conformanceDir()!).map((s) => s.name);
    for (const name of IMPLEMENTED_SETS) assert.ok(names.includes(name), `${name} is in IMPLEMENTED_SETS but has no folder with an ORDER`);
  });
});

describe('out-of-band chronograph check', () => {
  test('a check_chronograph before a file → the clock PUT at its current instant, reported as an emulation', async () => {
    const root = fixtureRoot();
    const app = Fastify();
    const seen: string[] = [];
    app.route({
      method: ['GET', 'PUT'],
      url: '*',
      handler: async (req) => {
        seen.push(`${req.method} ${req.url}${req.method === 'PUT' ? ` ${(req.body as { data: { now: string } }).data.now}` : ''}`);
        return { data: {} };
      },
    });
    try {
      const dir = join(root, 'beta');
      const outOfBand = { before: new Map([['one.http', ['check_chronograph']]]), notes: [] };
      const [result] = await new Replayer({ app, dir, signer: createDsSigner(), outOfBand, clockStart: '2027-01-01T00:00:00.000Z' }).runFiles(['one.http']);
      assert.deepEqual(seen, ['PUT /api/2.5/sandbox/clock 2027-01-01T00:00:00.000Z', 'PUT /api/2.5/sandbox/clock 2027-01-01T00:00:00.000Z', `GET /api/2.5/tenders/${'a'.repeat(32)}`]);
      assert.deepEqual(result!.outOfBand, ['check_chronograph']);
      assert.deepEqual(result!.emulations, ['clock PUT at 2027-01-01T00:00:00.000Z (check_chronograph: due chronograph checks run)']);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('summary', () => {
  const result = (file: string, ok: boolean, skipped?: string): FileResult => ({
    file, method: 'GET', recordedStatus: 200, actualStatus: skipped ? null : ok ? 200 : 404, statusOk: ok, shapeOk: ok, valuesOk: ok, problems: [], notes: [], emulations: [], outOfBand: [], ...(skipped ? { skipped } : {}),
  });
  const set = (name: string, gated: boolean): ConformanceSet => ({ name, dir: '/x', order: [], outOfBand: { before: new Map(), notes: [] }, gated, plan: {} });

  test('rates over ORDER only; the stop reason; one line per set with its gate', () => {
    const gated: SetReport = { set: set('below-threshold', true), scenarios: [{ scenario: 'ORDER', results: [result('a', true), result('b', true), result('c', false), result('d', true)] }, { scenario: 'others', results: [result('e', false)] }] };
    const off: SetReport = { set: set('planning', false), scenarios: [{ scenario: 'ORDER', results: [result('a', false), result('b', false, 'not implemented: a → 404 no route serves POST /api/2.5/plans')] }] };
    assert.deepEqual(orderRates(gated), { files: 4, status: 0.75, full: 0.75 });
    assert.equal(orderStop(gated), undefined);
    assert.equal(orderStop(off), 'not implemented: a → 404 no route serves POST /api/2.5/plans');
    const lines = formatSummary('sqlite', [gated, off]).split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[2]!, /^below-threshold +4 +75\.0% +75\.0% +on \(≥ 95\.0% status, ≥ 90\.0% full\)$/);
    assert.match(lines[3]!, /^planning +2 +0\.0% +0\.0% +off: not implemented: a → 404 no route serves POST \/api\/2\.5\/plans$/);
  });
});
