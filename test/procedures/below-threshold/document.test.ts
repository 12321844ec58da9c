// HTTP-level tests of /tenders/{id}/documents[/{document_id}] (platform.md §6, below-threshold.md
// §1.9, §3.1): versions, metadata PATCH, downloads, deletion, direct uploads, url acceptance.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describeApp, buildTestApp } from '../../helpers/app.ts';
import { fileUpload } from '../../helpers/multipart.ts';
import { watchBlobWrites } from '../../helpers/blob-writes.ts';
import { assertCollisionPair, COLLISION_A, COLLISION_B, COLLISION_MD5 } from '../../helpers/md5-collision.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { addDocument, createTender, getTender, ownerUrl, publishTender, type CreatedTender } from './builders.ts';

const docsUrl = (tender: CreatedTender, suffix = ''): string => ownerUrl(tender, `/documents${suffix}`);
const publicDocsUrl = (tender: CreatedTender, suffix = ''): string => `/api/2.5/tenders/${tender.id}/documents${suffix}`;
const md5 = (b: Buffer): string => `md5:${createHash('md5').update(b).digest('hex')}`;
const FORBIDDEN = ['url', 'permission', 'Forbidden'] as const;
const LATER = '2027-01-01T00:05:00+02:00';

/** Path and query of an absolute url (the app is reached through inject). */
const local = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The document-service key a rendered document url names. */
const keyOf = (doc: Json): string => new URL(String(doc.url)).pathname.split('/').pop()!;

describeApp('tender documents', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  const multipart = async (method: 'POST' | 'PUT', url: string, content: Buffer, filename = 'report.pdf', type = 'application/pdf', user = 'broker') => {
    const up = fileUpload(content, filename, type);
    const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${user}`, ...up.headers }, payload: up.payload });
    return { status: res.statusCode, json: res.json() as Json, headers: res.headers };
  };

  test('POST: 201, Location, author, server dates; the url is re-signed by our key', async () => {
    const tender = await createTender(t.app);
    const res = await api(t.app, 'POST', docsUrl(tender), { body: { data: { title: 'Notice.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf } }, headers: { host: 'api.example' } });
    expectStatus(res, 201);
    const doc = res.json.data as Json;
    assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/documents/${doc.id}`);
    assert.deepEqual(
      { ...doc, id: undefined, url: undefined },
      { id: undefined, url: undefined, title: 'Notice.pdf', format: 'application/pdf', hash: SIGNED_URLS.noticePdf.hash, documentOf: 'tender', language: 'uk', confidentiality: 'public', author: 'tender_owner', datePublished: START, dateModified: START },
    );
    assert.match(String(doc.url), new RegExp(`^http://127\\.0\\.0\\.1:8000/ds/get/325d0d7a8e034710bf0f2fdfb91712c5\\?Signature=[^&]+&KeyID=${t.deps.dsKeyring.keyId}$`));
    const rendered = new URL(String(doc.url));
    assert.ok(t.deps.dsKeyring.verify(t.deps.dsKeyring.keyId, '325d0d7a8e034710bf0f2fdfb91712c5', Buffer.from(rendered.searchParams.get('Signature')!, 'base64')));
  });

  test('POST bulk: a list creates several documents and answers the list, without Location', async () => {
    const tender = await createTender(t.app);
    const data = [
      { title: 'a.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf },
      { title: 'b.pdf', format: 'application/pdf', documentType: 'biddingDocuments', ...SIGNED_URLS.awardCriteria },
    ];
    const res = await api(t.app, 'POST', docsUrl(tender), { body: { data } });
    expectStatus(res, 201);
    assert.equal(res.headers.location, undefined);
    assert.deepEqual((res.json.data as Json[]).map((d) => d.title), ['a.pdf', 'b.pdf']);
    assert.equal(((await getTender(t.app, tender.id)).documents as Json[]).length, 2);
  });

  test('PUT adds a version (id kept; format and documentType always carried; others unless sent); GET shows the latest with previousVersions; ?all=1 lists every version', async () => {
    const tender = await createTender(t.app);
    const first = await addDocument(t.app, tender, { title: 'AwardCriteria.pdf', documentType: 'evaluationCriteria', description: 'v1', language: 'en', signed: 'awardCriteria' });
    await setClock(t.app, LATER);
    const put = await api(t.app, 'PUT', docsUrl(tender, `/${first.id}`), {
      body: { data: { title: 'AwardCriteria-2.pdf', format: 'application/msword', documentType: 'notice', description_en: 'second', ...SIGNED_URLS.awardCriteria2 } },
    });
    expectStatus(put, 200);
    const v2 = put.json.data as Json;
    assert.equal(v2.id, first.id);
    assert.equal(v2.title, 'AwardCriteria-2.pdf');
    assert.equal(v2.format, 'application/pdf', 'format is carried from the previous version');
    assert.equal(v2.documentType, 'evaluationCriteria', 'documentType is carried from the previous version');
    assert.equal(v2.description, 'v1');
    assert.equal(v2.description_en, 'second');
    assert.equal(v2.language, 'en');
    assert.equal(v2.hash, SIGNED_URLS.awardCriteria2.hash);
    assert.equal(v2.author, 'tender_owner');
    assert.deepEqual([v2.datePublished, v2.dateModified], [LATER, LATER]);
    assert.equal(keyOf(v2), '50ef0208169a47979218f1f8919a46c6');

    const one = await api(t.app, 'GET', publicDocsUrl(tender, `/${first.id}`), { auth: null });
    expectStatus(one, 200);
    const shown = one.json.data as Json;
    assert.equal(shown.title, 'AwardCriteria-2.pdf');
    assert.deepEqual((shown.previousVersions as Json[]).map((d) => [d.title, keyOf(d)]), [['AwardCriteria.pdf', '6306049946ae4528b91128df0c649981']]);

    const list = await api(t.app, 'GET', publicDocsUrl(tender), { auth: null });
    assert.deepEqual((list.json.data as Json[]).map((d) => d.title), ['AwardCriteria-2.pdf']);
    const all = await api(t.app, 'GET', publicDocsUrl(tender, '?all=1'), { auth: null });
    assert.deepEqual((all.json.data as Json[]).map((d) => d.title), ['AwardCriteria.pdf', 'AwardCriteria-2.pdf']);
  });

  test('PATCH edits metadata in place: dateModified moves, datePublished stays; url/hash are rogue; relations checked', async () => {
    const tender = await createTender(t.app);
    const doc = await addDocument(t.app, tender, { title: 'Notice.pdf', signed: 'noticePdf' });
    await setClock(t.app, LATER);
    const itemId = String(((await getTender(t.app, tender.id)).items as Json[])[0]!.id);
    const res = await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { documentType: 'technicalSpecifications', documentOf: 'item', relatedItem: itemId, description: 'changed' } } });
    expectStatus(res, 200);
    const patched = res.json.data as Json;
    assert.deepEqual([patched.documentType, patched.documentOf, patched.relatedItem, patched.description], ['technicalSpecifications', 'item', itemId, 'changed']);
    assert.deepEqual([patched.datePublished, patched.dateModified], [START, LATER]);
    assert.equal(keyOf(patched), keyOf(doc));
    const all = await api(t.app, 'GET', publicDocsUrl(tender, '?all=1'), { auth: null });
    assert.equal((all.json.data as Json[]).length, 1, 'PATCH does not add a version');

    const removed = await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { description: null } } });
    expectStatus(removed, 200);
    assert.equal('description' in (removed.json.data as Json), false);

    expectError(await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { url: SIGNED_URLS.notice.url } } }), 422, 'body', 'url', 'Rogue field');
    expectError(await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { title: null } } }), 422, 'body', 'title', ['This field is required.']);
    expectError(await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { relatedItem: 'e'.repeat(32) } } }), 422, 'body', 'relatedItem', ['relatedItem should be one of items']);
    expectError(
      await api(t.app, 'PATCH', docsUrl(tender, `/${doc.id}`), { body: { data: { confidentiality: 'buyerOnly' } } }),
      422, 'body', 'confidentialityRationale', ['confidentialityRationale is required'],
    );
    expectError(await api(t.app, 'PATCH', docsUrl(tender, `/${'0'.repeat(32)}`), { body: { data: { title: 'x' } } }), 404, 'url', 'document_id', 'Not Found');
  });

  test('permissions and statuses: owner token, author, auction role, notice uniqueness', async () => {
    const tender = await createTender(t.app);
    const body = { data: { title: 'x.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf } };
    expectError(await api(t.app, 'POST', publicDocsUrl(tender), { body }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'POST', docsUrl(tender), { auth: 'broker1', body }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'POST', publicDocsUrl(tender), { auth: 'auction', body }), 403, 'body', 'data', "Can't add document in current (draft) tender status");

    const byBot = await api(t.app, 'POST', publicDocsUrl(tender), { auth: 'bot', body });
    expectStatus(byBot, 201);
    assert.equal((byBot.json.data as Json).author, 'bots');
    const botDoc = String((byBot.json.data as Json).id);
    expectError(await api(t.app, 'PATCH', docsUrl(tender, `/${botDoc}`), { body: { data: { title: 'y' } } }), 403, 'url', 'role', 'Can update document only author');
    expectError(await api(t.app, 'PUT', docsUrl(tender, `/${botDoc}`), { body }), 403, 'url', 'role', 'Can update document only author');

    await publishTender(t.app, tender);
    const own = await addDocument(t.app, tender, { title: 'more.pdf', signed: 'noticePdf' });
    expectError(await api(t.app, 'PUT', publicDocsUrl(tender, `/${own.id}`), { auth: 'auction', body }), 403, 'body', 'data', "Can't update document in current (active.enquiries) tender status");
    expectError(
      await api(t.app, 'POST', docsUrl(tender), { body: { data: { title: 'sign2.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } } }),
      422, 'body', 'documents', 'Notice document already exists in tender',
    );
  });

  test('DELETE: only on a draft tender, by its owner; removes every version and answers the latest', async () => {
    const tender = await createTender(t.app);
    const doc = await addDocument(t.app, tender, { title: 'TestDoc.pdf', signed: 'awardCriteria' });
    expectStatus(await api(t.app, 'PUT', docsUrl(tender, `/${doc.id}`), { body: { data: { title: 'TestDoc-2.pdf', format: 'application/pdf', ...SIGNED_URLS.awardCriteria2 } } }), 200);
    expectError(await api(t.app, 'DELETE', publicDocsUrl(tender, `/${doc.id}`), { auth: 'bot' }), 403, ...FORBIDDEN);
    const res = await api(t.app, 'DELETE', docsUrl(tender, `/${doc.id}`));
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).title, 'TestDoc-2.pdf');
    assert.equal((await getTender(t.app, tender.id)).documents, undefined);
    expectError(await api(t.app, 'GET', publicDocsUrl(tender, `/${doc.id}`)), 404, 'url', 'document_id', 'Not Found');

    await publishTender(t.app, tender);
    const later = await addDocument(t.app, tender, { title: 'kept.pdf', signed: 'noticePdf' });
    expectError(await api(t.app, 'DELETE', docsUrl(tender, `/${later.id}`)), 403, 'body', 'data', "Can't delete document when tender in current (active.enquiries) status");
  });

  test('?download=<key>: 302 to a temporary signed document-service url; unknown key 404; buyerOnly only for the owner', async () => {
    const tender = await createTender(t.app);
    const doc = await addDocument(t.app, tender, { title: 'Notice.pdf', signed: 'noticePdf' });
    const key = keyOf(doc);
    const res = await t.app.inject({ method: 'GET', url: publicDocsUrl(tender, `/${doc.id}?download=${key}`) });
    assert.equal(res.statusCode, 302);
    const expires = Math.floor(Date.parse(START) / 1000) + 300;
    const location = new URL(String(res.headers.location));
    assert.equal(`${location.origin}${location.pathname}`, `http://127.0.0.1:8000/ds/get/${key}`);
    assert.deepEqual([...location.searchParams.keys()], ['Expires', 'Signature', 'KeyID']);
    assert.equal(location.searchParams.get('Expires'), String(expires));
    assert.ok(t.deps.dsKeyring.verify(location.searchParams.get('KeyID')!, `${key}\u0000${expires}`, Buffer.from(location.searchParams.get('Signature')!, 'base64')));
    assert.equal(res.headers['content-disposition'], 'attachment; filename="Notice.pdf"');

    expectError(await api(t.app, 'GET', publicDocsUrl(tender, `/${doc.id}?download=${'0'.repeat(32)}`)), 404, 'url', 'download', 'Not Found');

    const secret = await addDocument(t.app, tender, { title: 'secret.pdf', signed: 'awardCriteria', confidentiality: 'buyerOnly', confidentialityRationale: 'x'.repeat(30) });
    const secretKey = '6306049946ae4528b91128df0c649981';
    expectError(await api(t.app, 'GET', publicDocsUrl(tender, `/${secret.id}?download=${secretKey}`)), 403, 'body', 'data', 'Document download forbidden.');
    // buyerOnly: the owner sees the API download url, others no url at all.
    const asOwner = await api(t.app, 'GET', docsUrl(tender, `/${secret.id}`), { headers: { host: 'api.example' } });
    assert.equal((asOwner.json.data as Json).url, `http://api.example/api/2.5/tenders/${tender.id}/documents/${secret.id}?download=${secretKey}`);
    const asPublic = await api(t.app, 'GET', publicDocsUrl(tender, `/${secret.id}`), { auth: null });
    assert.equal('url' in (asPublic.json.data as Json), false);
    assert.equal((await t.app.inject({ method: 'GET', url: docsUrl(tender, `/${secret.id}`) + `&download=${secretKey}`, headers: { authorization: 'Bearer broker' } })).statusCode, 302);
  });

  test('document urls: not from a document service, foreign key, tampered signature, missing hash → refused, nothing stored', async () => {
    const tender = await createTender(t.app);
    const before = await getTender(t.app, tender.id);
    const post = (data: Json) => api(t.app, 'POST', docsUrl(tender), { body: { data: { title: 'x.pdf', format: 'application/pdf', ...data } } });
    expectError(await post({ url: 'http://example.com/file.pdf', hash: SIGNED_URLS.noticePdf.hash }), 403, 'body', 'url', 'Can add document only from document service.');
    expectError(await post({ url: SIGNED_URLS.noticePdf.url }), 422, 'body', 'hash', 'This field is required.');
    expectError(await post({ url: SIGNED_URLS.noticePdf.url.replace('KeyID=a8968c46', 'KeyID=0badc0de'), hash: SIGNED_URLS.noticePdf.hash }), 422, 'body', 'url', 'Document url expired.');
    expectError(await post({ url: SIGNED_URLS.noticePdf.url.replace('Signature=o4Tx', 'Signature=o5Tx'), hash: SIGNED_URLS.noticePdf.hash }), 422, 'body', 'url', 'Document url invalid.');
    expectError(await post({ url: SIGNED_URLS.noticePdf.url, hash: 'md5:11111111111111111111111111111111' }), 422, 'body', 'url', 'Document url invalid.');
    assert.deepEqual(await getTender(t.app, tender.id), before);
  });

  test('a file uploaded to the built-in document service is accepted by the API and downloads byte-identical', async () => {
    const tender = await createTender(t.app);
    const content = randomBytes(2048);
    const up = fileUpload(content, 'spec.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const ds = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { authorization: 'Bearer broker', ...up.headers }, payload: up.payload });
    assert.equal(ds.statusCode, 200, ds.body);
    const { url, hash, format, title } = ds.json().data;
    const posted = await api(t.app, 'POST', docsUrl(tender), { body: { data: { title, format, url, hash } } });
    expectStatus(posted, 201);
    const doc = posted.json.data as Json;
    assert.equal(doc.hash, md5(content));
    const redirect = await t.app.inject({ method: 'GET', url: publicDocsUrl(tender, `/${doc.id}?download=${keyOf(doc)}`) });
    assert.equal(redirect.statusCode, 302);
    const file = await t.app.inject({ method: 'GET', url: local(String(redirect.headers.location)) });
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, content);
    const permanent = await t.app.inject({ method: 'GET', url: local(String(doc.url)) });
    assert.deepEqual(permanent.rawPayload, content);
  });

  test('direct multipart upload: POST creates the document from the file, PUT adds a version; bytes come back identical', async () => {
    const tender = await createTender(t.app);
    const content = randomBytes(5000);
    const created = await multipart('POST', docsUrl(tender), content, 'Notice.pdf');
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const doc = created.json.data as Json;
    assert.deepEqual([doc.title, doc.format, doc.hash, doc.author, doc.documentOf], ['Notice.pdf', 'application/pdf', md5(content), 'tender_owner', 'tender']);
    assert.equal(created.headers.location, `http://localhost:80/api/2.5/tenders/${tender.id}/documents/${doc.id}`);
    const back = await t.app.inject({ method: 'GET', url: local(String(doc.url)) });
    assert.deepEqual(back.rawPayload, content);

    const v2content = Buffer.from('second version');
    const put = await multipart('PUT', docsUrl(tender, `/${doc.id}`), v2content, 'Notice-v2.txt', 'text/plain');
    assert.equal(put.status, 200, JSON.stringify(put.json));
    const v2 = put.json.data as Json;
    assert.deepEqual([v2.id, v2.title, v2.format, v2.hash], [doc.id, 'Notice-v2.txt', 'application/pdf', md5(v2content)]);
    const redirect = await t.app.inject({ method: 'GET', url: publicDocsUrl(tender, `/${doc.id}?download=${keyOf(v2)}`) });
    const file = await t.app.inject({ method: 'GET', url: local(String(redirect.headers.location)) });
    assert.deepEqual(file.rawPayload, v2content);
  });

  test('direct upload refusals: no file part 404, empty 422, too large 413, not the owner 403; nothing stored', async () => {
    const tender = await createTender(t.app);
    const before = await getTender(t.app, tender.id);
    const none = await t.app.inject({
      method: 'POST', url: docsUrl(tender),
      headers: { authorization: 'Bearer broker', 'content-type': 'multipart/form-data; boundary=b' },
      payload: '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
    });
    assert.deepEqual([none.statusCode, none.json().errors], [404, [{ location: 'body', name: 'file', description: 'Not Found' }]]);
    const empty = await multipart('POST', docsUrl(tender), Buffer.alloc(0));
    assert.deepEqual([empty.status, empty.json.errors], [422, [{ location: 'body', name: 'file', description: 'File is empty.' }]]);
    const writes = watchBlobWrites(t.deps.store);
    const stranger = await multipart('POST', publicDocsUrl(tender), Buffer.from('abc')).finally(() => writes.stop());
    assert.deepEqual([stranger.status, stranger.json.errors], [403, [{ location: 'url', name: 'permission', description: 'Forbidden' }]]);
    assert.deepEqual(writes.keys, []);
    assert.deepEqual(await getTender(t.app, tender.id), before);

    const small = await buildTestApp({ backend: t.backend, env: { MAX_UPLOAD_BYTES: '100' } });
    try {
      const smallTender = await createTender(small.app);
      const up = fileUpload(Buffer.alloc(101, 7));
      const big = await small.app.inject({ method: 'POST', url: docsUrl(smallTender), headers: { authorization: 'Bearer broker', ...up.headers }, payload: up.payload });
      assert.deepEqual([big.statusCode, big.json().errors], [413, [{ location: 'body', name: 'file', description: 'File is too large: the limit is 100 bytes.' }]]);
      assert.equal((await getTender(small.app, smallTender.id)).documents, undefined);
    } finally {
      await small.close();
    }
  });

  /** `?download=` of a document: its redirect and the file behind it both carry nosniff; the bytes served. */
  const downloaded = async (tender: CreatedTender, doc: Json): Promise<Buffer> => {
    const redirect = await t.app.inject({ method: 'GET', url: publicDocsUrl(tender, `/${doc.id}?download=${keyOf(doc)}`) });
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers['x-content-type-options'], 'nosniff');
    const file = await t.app.inject({ method: 'GET', url: local(String(redirect.headers.location)) });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    return file.rawPayload;
  };

  test('issue 11: md5-colliding files attached by different brokers (via the document service and directly) each download as their own bytes', async () => {
    assertCollisionPair();
    const mine = await createTender(t.app);
    const theirs = await createTender(t.app, { auth: 'broker1' });
    const viaDocumentService = async (tender: CreatedTender, user: string, content: Buffer): Promise<Json> => {
      const up = fileUpload(content, 'notice.pdf');
      const ds = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { authorization: `Bearer ${user}`, ...up.headers }, payload: up.payload });
      assert.equal(ds.statusCode, 200, ds.body);
      const { url, hash, format, title } = ds.json().data;
      const posted = await api(t.app, 'POST', docsUrl(tender), { auth: user, body: { data: { title, format, url, hash } } });
      expectStatus(posted, 201);
      return posted.json.data as Json;
    };
    const direct = async (tender: CreatedTender, user: string, content: Buffer): Promise<Json> => {
      const res = await multipart('POST', docsUrl(tender), content, 'notice.pdf', 'application/pdf', user);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.data as Json;
    };
    const docs: Array<[CreatedTender, Json, Buffer]> = [];
    for (const attach of [viaDocumentService, direct]) {
      docs.push([mine, await attach(mine, 'broker', COLLISION_A), COLLISION_A]);
      docs.push([theirs, await attach(theirs, 'broker1', COLLISION_B), COLLISION_B]);
    }
    assert.deepEqual(docs.map(([, doc]) => doc.hash), [COLLISION_MD5, COLLISION_MD5, COLLISION_MD5, COLLISION_MD5]);
    assert.equal(new Set(docs.map(([, doc]) => keyOf(doc))).size, 4);
    for (const [tender, doc, content] of docs) assert.deepEqual(await downloaded(tender, doc), content);
  });

  test('issue 11: direct uploads count against the per-key upload quota (429, nothing attached)', async () => {
    const small = await buildTestApp({ backend: t.backend, env: { UPLOAD_QUOTA_BYTES_PER_DAY: '200' } });
    try {
      const tender = await createTender(small.app);
      const post = (content: Buffer) => {
        const up = fileUpload(content);
        return small.app.inject({ method: 'POST', url: docsUrl(tender), headers: { authorization: 'Bearer broker', ...up.headers }, payload: up.payload });
      };
      assert.equal((await post(COLLISION_A)).statusCode, 201);
      const over = await post(COLLISION_B);
      assert.equal(over.statusCode, 429);
      assert.deepEqual(over.json().errors, [{ location: 'body', name: 'file', description: 'Upload quota exceeded: the limit is 200 bytes per day.' }]);
      assert.match(String(over.headers['retry-after']), /^\d+$/);
      assert.equal(((await getTender(small.app, tender.id)).documents as Json[]).length, 1);
    } finally {
      await small.close();
    }
  });
});
