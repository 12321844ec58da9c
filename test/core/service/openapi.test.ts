// OpenAPI document and documentation page (extensions.md §7).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

type Json = Record<string, unknown>;

describe('OpenAPI', () => {
  let t: TestApp;
  let doc: Json;
  before(async () => {
    t = await buildTestApp({});
    const res = await t.app.inject({ method: 'GET', url: '/api/2.5/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    doc = res.json() as Json;
  });
  after(() => t.close());

  test('an OpenAPI 3.1 document with every served route and method', () => {
    assert.equal(doc.openapi, '3.1.0');
    const paths = doc.paths as Record<string, Json>;
    const served = t.app.printRoutes({ commonPrefix: false });
    for (const [path, methods] of [
      ['/api/2.5/tenders', ['get', 'post']],
      ['/api/2.5/tenders/{tender_id}', ['get', 'patch']],
      ['/api/2.5/tenders/{tender_id}/bids/{bid_id}/financial_documents/{document_id}', ['get', 'put', 'patch', 'delete']],
      ['/api/2.5/tenders/{tender_id}/questions/{question_id}', ['get', 'patch']],
      ['/api/2.5/sandbox/clock', ['get', 'put']],
    ] as const) {
      assert.ok(paths[path], `${path} is documented`);
      for (const m of methods) assert.ok(paths[path]![m], `${m.toUpperCase()} ${path} is documented`);
    }
    assert.ok(served.includes('openapi.json'));
    for (const item of Object.values(paths)) assert.equal((item as Json).head, undefined, 'HEAD is implied by GET');
  });

  test('feeds document their paging and filters; the release feed, records and push feeds are listed', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const names = (path: string): string[] => ((paths[path]!.get!.parameters as Json[]) ?? []).map((p) => String(p.name));
    for (const name of ['offset', 'limit', 'descending', 'mode', 'opt_fields', 'status', 'procurementMethodType', 'procuringEntity.identifier.id', 'classification', 'value.amount.gte', 'dateModified.lte', 'tenderPeriod.endDate.gte']) {
      assert.ok(names('/api/2.5/tenders').includes(name), `tenders feed: ${name}`);
    }
    assert.ok(names('/api/2.5/contracts').includes('status'));
    assert.deepEqual(names('/api/2.5/releases'), ['offset', 'limit', 'descending', 'mode']);
    assert.deepEqual(names('/api/2.5/records/{ocid}'), ['ocid']);
    assert.deepEqual(names('/api/2.5/tenders/stream'), ['offset', 'mode', 'opt_fields']);
    assert.ok(paths['/api/2.5/contracts/stream']?.get);
  });

  test('the plans API: routes, the feed\'s reference parameters, strict plan bodies', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    for (const [path, methods] of [
      ['/api/2.5/plans', ['get', 'post']],
      ['/api/2.5/plans/{plan_id}', ['get', 'patch']],
      ['/api/2.5/plans/{plan_id}/tenders', ['post']],
      ['/api/2.5/plans/{plan_id}/revisions', ['get']],
      ['/api/2.5/history/plans/{plan_id}', ['get']],
      ['/api/2.5/tenders/{tender_id}/plans', ['get', 'post']],
    ] as const) {
      for (const m of methods) assert.ok(paths[path]?.[m], `${m.toUpperCase()} ${path} is documented`);
    }
    const names = ((paths['/api/2.5/plans']!.get!.parameters as Json[]) ?? []).map((p) => String(p.name));
    assert.deepEqual(names, ['offset', 'limit', 'descending', 'mode', 'opt_fields']);
    const bodyOf = (path: string, method: string): Json => {
      const schema = (((paths[path]![method]!.requestBody as Json).content as Json)['application/json'] as { schema: Json }).schema;
      return (schema.properties as Json).data as Json;
    };
    const create = bodyOf('/api/2.5/plans', 'post');
    assert.equal(create.additionalProperties, false);
    assert.ok((create.properties as Json).budget && (create.properties as Json).buyers);
    assert.equal(bodyOf('/api/2.5/plans/{plan_id}', 'patch').additionalProperties, false);
    assert.deepEqual(Object.keys(bodyOf('/api/2.5/tenders/{tender_id}/plans', 'post').properties as Json), ['id']);
    assert.ok(bodyOf('/api/2.5/plans/{plan_id}/tenders', 'post'), 'a tender create body');
  });

  test('request bodies are the input models: the tender create body, document bodies, strict objects', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const create = ((paths['/api/2.5/tenders']!.post!.requestBody as Json).content as Json)['application/json'] as { schema: Json };
    // One strict model per registered procedure.
    const data = (create.schema.properties as Json).data as Json;
    const variants = (data.oneOf as Json[] | undefined) ?? [data];
    assert.ok(variants.length >= 2, 'belowThreshold and reporting');
    for (const variant of variants) {
      assert.equal(variant.additionalProperties, false);
      assert.ok(((variant.properties as Json).items as Json).type === 'array');
    }
    // Bids exist only in procedures that have them: one strict model per such procedure.
    const bidPost = ((paths['/api/2.5/tenders/{tender_id}/bids']!.post!.requestBody as Json).content as Json)['application/json'] as { schema: Json };
    const bidData = (bidPost.schema.properties as Json).data as Json;
    const bidVariants = (bidData.oneOf as Json[] | undefined) ?? [bidData];
    assert.ok(bidVariants.length < variants.length, 'the limited procedures have no bids');
    for (const variant of bidVariants) assert.equal(variant.additionalProperties, false);
    const criteriaPost = ((paths['/api/2.5/tenders/{tender_id}/criteria']!.post!.requestBody as Json).content as Json)['application/json'] as { schema: Json };
    assert.ok((((criteriaPost.schema.properties as Json).data as Json).oneOf as Json[]).length === 2, 'one criterion or a list');
    assert.ok(paths['/api/2.5/tenders/{tender_id}/awards']!.post!.requestBody, 'the owner-awarded procedures post awards');
    assert.ok((create.schema.properties as Json).config);
    const docPost = paths['/api/2.5/tenders/{tender_id}/documents']!.post!.requestBody as Json;
    const docSchema = ((docPost.content as Json)['application/json'] as { schema: Json }).schema;
    assert.ok(((docSchema.properties as Json).data as Json).properties as Json);
    const params = paths['/api/2.5/tenders/{tender_id}/bids/{bid_id}']!.patch!.parameters as Json[];
    assert.deepEqual(params.map((p) => p.name), ['tender_id', 'bid_id']);
  });

  test('auth is described: broker keys (Basic, Bearer) and the owner token (acc_token, X-Access-Token)', () => {
    const schemes = (doc.components as Json).securitySchemes as Record<string, Json>;
    assert.deepEqual(schemes.basic && [schemes.basic.type, schemes.basic.scheme], ['http', 'basic']);
    assert.deepEqual(schemes.bearer && [schemes.bearer.type, schemes.bearer.scheme], ['http', 'bearer']);
    assert.deepEqual([schemes.accToken?.in, schemes.accToken?.name], ['query', 'acc_token']);
    assert.deepEqual([schemes.accTokenHeader?.in, schemes.accTokenHeader?.name], ['header', 'X-Access-Token']);
    for (const s of Object.values(schemes)) assert.ok(typeof s.description === 'string' && s.description !== '');
  });

  test('the tender and plan create bodies carry an example that the server accepts', async () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const exampleOf = (path: string): Json => (((paths[path]!.post!.requestBody as Json).content as Json)['application/json'] as { example: Json }).example;
    const headers = { authorization: `Basic ${Buffer.from('broker:').toString('base64')}`, 'content-type': 'application/json' };
    await t.app.inject({ method: 'PUT', url: '/api/2.5/sandbox/clock', headers, payload: { data: { now: '2027-01-01T00:00:00+02:00' } } });
    for (const path of ['/api/2.5/tenders', '/api/2.5/plans']) {
      const res = await t.app.inject({ method: 'POST', url: path, headers, payload: exampleOf(path) });
      assert.equal(res.statusCode, 201, `${path}: ${res.body.slice(0, 500)}`);
    }
  });

  test('the docs page is Swagger UI on local assets; its assets are not API operations', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/2.5/docs', headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.some((r) => r.endsWith('/swagger-ui-bundle.js')));
    for (const ref of refs) {
      assert.match(ref, /^\/api\/2\.5\/docs\/static\//, `${ref} is served here`);
      const asset = await t.app.inject({ method: 'GET', url: ref, headers: { accept: '*/*' } });
      assert.equal(asset.statusCode, 200, ref);
    }
    const init = await t.app.inject({ method: 'GET', url: '/api/2.5/docs/static/swagger-initializer.js', headers: { accept: '*/*' } });
    assert.match(init.body, /validatorUrl: null/, 'no badge from the online validator');
    const code = init.body.split('\n').filter((line) => !line.trim().startsWith('//'));
    assert.deepEqual(code.filter((line) => /https?:\/\//.test(line)), [], 'no outside url in the UI setup');
    const shown = await t.app.inject({ method: 'GET', url: '/api/2.5/docs/json', headers: { accept: 'application/json' } });
    assert.deepEqual(shown.json(), doc, 'the page renders the same document');
    assert.ok(!Object.keys(doc.paths as Json).some((p) => p.startsWith('/api/2.5/docs/')));
    const missing = await t.app.inject({ method: 'GET', url: '/api/2.5/docs/static/nope.js', headers: { accept: '*/*' } });
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as Json).status, 'error');
  });
});
