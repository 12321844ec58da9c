import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from '../../conformance/replay.ts';
import { ApiError } from '../../../src/core/http/errors.ts';
import {
  checkDocumentUrl,
  createDsKeyring,
  documentKeyFromUrl,
  generateSigningKey,
  quotePlus,
  renderDownloadRedirect,
  renderPublicDocumentUrl,
} from '../../../src/core/documents/url-signature.ts';

// The reference's test document service key (conformance/README.md).
const REF_PUBLIC_KEY = 'a8968c4682ffa921c91caab5b60c84fbd089311549e5c3defd48f413c89337b6';
const REF_DS = 'http://public-docs-sandbox.prozorro.gov.ua';
const ZERO_HASH = 'md5:00000000000000000000000000000000';

// Recorded in conformance/below-threshold/add-notice-document.http.
const RECORDED_UUID = '28ead5b46c074f4faf2188518029eeda';
const RECORDED_IN_SIG = '5ctwt%2FCNhhbgoPe1IJoI6ekt0M1xnQDvYqB6mEIwc8neckpF6vdQFm1yLKFXARRP%2FIlK%2B%2BPim2KI5VQrQiohBQ%3D%3D';
const RECORDED_IN_URL = `${REF_DS}/get/${RECORDED_UUID}?Signature=${RECORDED_IN_SIG}&KeyID=a8968c46`;
const RECORDED_OUT_SIG = 'yz3QviIT0rhmN2R%2FoW%2FuouBXwElCrPboBXdHQFBjPrl77FrI1u1zRIUG3NwxoIPM9OjspxObxfANznaO5nkACA%3D%3D';

const own = generateSigningKey();
const keyring = createDsKeyring({ ownSeedHex: own.seedHex, trustedPublicKeysHex: [REF_PUBLIC_KEY] });

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an ApiError');
}

const expectError = (fn: () => unknown, status: number, name: string, description: string) => {
  const err = apiError(fn);
  assert.equal(err.status, status);
  assert.deepEqual(err.errors, [{ location: 'body', name, description }]);
};

const notFromDs = (fn: () => unknown) => expectError(fn, 403, 'url', 'Can add document only from document service.');

/** A url as a document service would hand it out: signature over "<uuid>\0<md5 hex>". */
function dsUrl(base: string, uuid: string, hashHex = '0'.repeat(32)): string {
  const sig = keyring.sign(`${uuid}\u0000${hashHex}`).toString('base64');
  return `${base}/get/${uuid}?Signature=${encodeURIComponent(sig)}&KeyID=${keyring.keyId}`;
}

describe('recorded reference exchange (add-notice-document.http)', () => {
  const dir = conformanceDir();
  it('the recording holds the urls these tests use', { skip: dir === undefined ? 'conformance directory not found' : false }, () => {
    const text = readFileSync(join(dir!, 'below-threshold', 'add-notice-document.http'), 'utf8');
    assert.ok(text.includes(RECORDED_IN_URL));
    assert.ok(text.includes(`Signature=${RECORDED_OUT_SIG}&KeyID=a8968c46`));
  });

  it('the request url verifies with the reference test DS key', () => {
    assert.deepEqual(checkDocumentUrl({ url: RECORDED_IN_URL, hash: ZERO_HASH, dsBaseUrls: [REF_DS], keyring }), { uuid: RECORDED_UUID });
  });

  it('a tampered signature, uuid or hash does not verify', () => {
    const tampered = RECORDED_IN_URL.replace('Signature=5ctwt', 'Signature=5ctwu');
    expectError(() => checkDocumentUrl({ url: tampered, hash: ZERO_HASH, dsBaseUrls: [REF_DS], keyring }), 422, 'url', 'Document url invalid.');
    const otherUuid = RECORDED_IN_URL.replace(RECORDED_UUID, '28ead5b46c074f4faf2188518029eedb');
    expectError(() => checkDocumentUrl({ url: otherUuid, hash: ZERO_HASH, dsBaseUrls: [REF_DS], keyring }), 422, 'url', 'Document url invalid.');
    expectError(
      () => checkDocumentUrl({ url: RECORDED_IN_URL, hash: 'md5:00000000000000000000000000000001', dsBaseUrls: [REF_DS], keyring }),
      422,
      'url',
      'Document url invalid.',
    );
  });

  it('the response url is signed over "<uuid>" alone (not "<uuid>\\0<hash>")', () => {
    const sig = Buffer.from(decodeURIComponent(RECORDED_OUT_SIG), 'base64');
    assert.equal(keyring.verify('a8968c46', RECORDED_UUID, sig), true);
    assert.equal(keyring.verify('a8968c46', `${RECORDED_UUID}\u0000${'0'.repeat(32)}`, sig), false);
    const inSig = Buffer.from(decodeURIComponent(RECORDED_IN_SIG), 'base64');
    assert.equal(keyring.verify('a8968c46', `${RECORDED_UUID}\u0000${'0'.repeat(32)}`, inSig), true);
    assert.equal(keyring.verify('a8968c46', RECORDED_UUID, inSig), false);
  });

  it('without the reference key configured the KeyID is unknown → expired', () => {
    const ours = createDsKeyring({ ownSeedHex: own.seedHex });
    expectError(() => checkDocumentUrl({ url: RECORDED_IN_URL, hash: ZERO_HASH, dsBaseUrls: [REF_DS], keyring: ours }), 422, 'url', 'Document url expired.');
  });
});

describe('checkDocumentUrl: where the url comes from (403)', () => {
  const uuid = 'a'.repeat(32);
  const base = 'http://localhost';
  const check = (url: string, dsBaseUrls = [base], ...hash: [string | undefined] | []) =>
    checkDocumentUrl({ url, hash: hash.length ? hash[0] : ZERO_HASH, dsBaseUrls, keyring });

  it('accepts a url of a configured DS (current or deprecated)', () => {
    assert.deepEqual(check(dsUrl(base, uuid)), { uuid });
    assert.deepEqual(check(dsUrl('http://old-ds', uuid), [base, 'http://old-ds']), { uuid });
  });

  it('refuses other hosts, schemes and path shapes', () => {
    notFromDs(() => check(dsUrl('http://elsewhere', uuid)));
    notFromDs(() => check(dsUrl('http://localhost.evil', uuid)));
    notFromDs(() => check(dsUrl('https://localhost', uuid)));
    notFromDs(() => check(dsUrl(base, uuid).replace('/get/', '/get/x/')));
    notFromDs(() => check(dsUrl(base, uuid).replace('/get/', '/')));
    notFromDs(() => check(`/get/${uuid}?Signature=x&KeyID=y`));
    notFromDs(() => check(dsUrl(base, uuid), []));
  });

  it('compares scheme and host case-insensitively and ignores the default port', () => {
    assert.deepEqual(check(dsUrl('HTTP://LocalHost:80', uuid)), { uuid });
    assert.deepEqual(check(dsUrl(base, uuid), ['http://localhost/']), { uuid });
    notFromDs(() => check(dsUrl('http://localhost:8080', uuid)));
  });

  it('a base with a path (our DS under /ds) needs /get/<uuid> after it', () => {
    const ds = 'http://localhost:8080/ds';
    assert.deepEqual(check(dsUrl(ds, uuid), [ds]), { uuid });
    notFromDs(() => check(dsUrl('http://localhost:8080', uuid), [ds]));
    notFromDs(() => check(dsUrl('http://localhost:8080/dsx', uuid), [ds]));
  });

  it('needs exactly the query keys Signature and KeyID (blank values dropped, repeats collapse)', () => {
    const url = dsUrl(base, uuid);
    notFromDs(() => check(url.replace(/&KeyID=.*/, '')));
    notFromDs(() => check(`${url}&Expires=1`));
    notFromDs(() => check(url.replace(/Signature=[^&]*/, 'Signature=')));
    notFromDs(() => check(`${base}/get/${uuid}`));
    assert.deepEqual(check(`${url}&Prefix=`), { uuid }, 'a blank parameter is ignored, as parse_qsl does');
    assert.deepEqual(check(`${base}/get/${uuid}?Signature=junk&${url.split('?')[1]}`), { uuid }, 'the last repeat wins');
  });

  it('403 comes before the hash check', () => {
    notFromDs(() => check(dsUrl('http://elsewhere', uuid), [base], undefined));
  });

  it('acceptAnyHost: any http(s) host passes when a trusted key signed it', () => {
    const anyHost = (url: string) => checkDocumentUrl({ url, hash: ZERO_HASH, dsBaseUrls: [], keyring, acceptAnyHost: true });
    assert.deepEqual(anyHost(dsUrl('https://ds.example.org', uuid)), { uuid });
    assert.deepEqual(anyHost(dsUrl('https://ds.example.org/prefix', uuid)), { uuid });
    assert.deepEqual(anyHost(RECORDED_IN_URL), { uuid: RECORDED_UUID });
    notFromDs(() => anyHost(dsUrl('ftp://ds.example.org', uuid)));
    notFromDs(() => anyHost(dsUrl('https://ds.example.org', uuid).replace('/get/', '/fetch/x/')));
    expectError(() => anyHost(dsUrl('https://ds.example.org', uuid).replace(/KeyID=\w+/, 'KeyID=00000000')), 422, 'url', 'Document url expired.');
  });
});

describe('checkDocumentUrl: 422s in the reference order', () => {
  const uuid = 'b'.repeat(32);
  const base = 'http://localhost';
  const check = (url: string, ...hash: [string | null | undefined] | []) =>
    checkDocumentUrl({ url, hash: hash.length ? hash[0] : ZERO_HASH, dsBaseUrls: [base], keyring });

  it('missing hash → body/hash "This field is required." (a string), before the KeyID check', () => {
    for (const hash of [undefined, null, '']) {
      expectError(() => check(dsUrl(base, uuid), hash), 422, 'hash', 'This field is required.');
    }
    expectError(() => check(dsUrl(base, uuid).replace(/KeyID=\w+/, 'KeyID=00000000'), undefined), 422, 'hash', 'This field is required.');
  });

  it('unknown KeyID → "Document url expired."', () => {
    expectError(() => check(dsUrl(base, uuid).replace(/KeyID=\w+/, 'KeyID=00000000')), 422, 'url', 'Document url expired.');
  });

  it('undecodable base64 → "Document url signature invalid."', () => {
    expectError(() => check(dsUrl(base, uuid).replace('Signature=', 'Signature=ABC')), 422, 'url', 'Document url signature invalid.');
    expectError(() => check(`${base}/get/${uuid}?Signature=%25C3%25A9&KeyID=${keyring.keyId}`), 422, 'url', 'Document url signature invalid.');
  });

  it('decodable but wrong signature → "Document url invalid."', () => {
    expectError(() => check(dsUrl(base, uuid).replace('Signature=', 'Signature=bw%3D%3D')), 422, 'url', 'Document url invalid.');
    expectError(() => check(dsUrl(base, uuid), 'md5:' + '1'.repeat(32)), 422, 'url', 'Document url invalid.');
  });

  it('signs the hash value after the first colon (or the whole hash without one)', () => {
    assert.deepEqual(check(dsUrl(base, uuid, 'f'.repeat(32)), 'md5:' + 'f'.repeat(32)), { uuid });
    assert.deepEqual(check(dsUrl(base, uuid, 'f'.repeat(32)), 'f'.repeat(32)), { uuid });
  });

  it('the Signature is percent-decoded twice, like parse_qsl + unquote', () => {
    const sig = keyring.sign(`${uuid}\u0000${'0'.repeat(32)}`).toString('base64');
    const twice = encodeURIComponent(encodeURIComponent(sig));
    assert.deepEqual(check(`${base}/get/${uuid}?Signature=${twice}&KeyID=${keyring.keyId}`), { uuid });
  });
});

describe('rendering (§6.5)', () => {
  const uuid = 'c'.repeat(32);

  it('public url: {ds}/get/<uuid>?Signature=<quoted b64 over uuid>&KeyID=<our 8 hex>', () => {
    const url = renderPublicDocumentUrl({ dsBaseUrl: 'http://localhost/', uuid, keyring });
    const m = /^http:\/\/localhost\/get\/c{32}\?Signature=([A-Za-z0-9%]+)&KeyID=([0-9a-f]{8})$/.exec(url);
    assert.ok(m, url);
    assert.equal(m[2], own.publicKeyHex.slice(0, 8));
    assert.doesNotMatch(m[1], /[+/=]/);
    assert.equal(keyring.verify(m[2], uuid, Buffer.from(decodeURIComponent(m[1]), 'base64')), true);
    assert.equal(documentKeyFromUrl(url), uuid);
  });

  it('public url of a legacy hash-less document signs "<prefix>/<uuid>" and adds Prefix first', () => {
    const url = renderPublicDocumentUrl({ dsBaseUrl: 'http://localhost', uuid, keyring, prefix: 'tid/did' });
    const m = /\?Prefix=tid%2Fdid&Signature=([^&]+)&KeyID=(\w+)$/.exec(url);
    assert.ok(m, url);
    assert.equal(keyring.verify(m[2], `tid/did/${uuid}`, Buffer.from(decodeURIComponent(m[1]), 'base64')), true);
  });

  it('download redirect: Expires, Signature over "<uuid>\\0<expires>", KeyID in that order', () => {
    const url = renderDownloadRedirect({ dsBaseUrl: 'http://localhost/ds', uuid, keyring, expiresEpochSec: 1798754700 });
    const m = /^http:\/\/localhost\/ds\/get\/c{32}\?Expires=1798754700&Signature=([^&]+)&KeyID=(\w+)$/.exec(url);
    assert.ok(m, url);
    assert.equal(keyring.verify(m[2], `${uuid}\u00001798754700`, Buffer.from(decodeURIComponent(m[1]), 'base64')), true);
    const prefixed = renderDownloadRedirect({ dsBaseUrl: 'http://localhost', uuid, keyring, expiresEpochSec: 5, prefix: 't/d' });
    const p = /\?Expires=5&Prefix=t%2Fd&Signature=([^&]+)&KeyID=(\w+)$/.exec(prefixed);
    assert.ok(p, prefixed);
    assert.equal(keyring.verify(p[2], `t/d/${uuid}\u00005`, Buffer.from(decodeURIComponent(p[1]), 'base64')), true);
    assert.throws(() => renderDownloadRedirect({ dsBaseUrl: 'http://localhost', uuid, keyring, expiresEpochSec: 1.5 }), RangeError);
  });

  it('a rendered url is accepted back by the check when signed for a document (round trip)', () => {
    assert.deepEqual(checkDocumentUrl({ url: dsUrl('http://localhost:8080/ds', uuid), hash: ZERO_HASH, dsBaseUrls: ['http://localhost:8080/ds'], keyring }), { uuid });
  });

  it('quotePlus encodes like urllib.parse.quote_plus', () => {
    assert.equal(quotePlus('a+b/c=d'), 'a%2Bb%2Fc%3Dd');
    assert.equal(quotePlus("x y!*'()~._-"), "x+y%21%2A%27%28%29~._-");
    assert.equal(quotePlus('é'), '%C3%A9');
  });
});

describe('DsKeyring', () => {
  it('KeyID is the first 8 hex characters of the public key; seed and PEM give the same key', () => {
    const fromPem = createDsKeyring({ ownPrivateKeyPem: own.privateKeyPem });
    assert.equal(fromPem.publicKeyHex, own.publicKeyHex);
    assert.equal(fromPem.keyId, own.publicKeyHex.slice(0, 8));
    assert.equal(keyring.keyId, fromPem.keyId);
    assert.deepEqual(keyring.keyIds, [keyring.keyId, 'a8968c46']);
    assert.equal(keyring.has('a8968c46'), true);
    assert.equal(keyring.has('A8968C46'), false);
  });

  it('signatures from another key or of another length do not verify', () => {
    const other = createDsKeyring({ ownSeedHex: generateSigningKey().seedHex });
    assert.equal(keyring.verify(keyring.keyId, 'm', other.sign('m')), false);
    assert.equal(keyring.verify(keyring.keyId, 'm', keyring.sign('m').subarray(0, 63)), false);
    assert.equal(keyring.verify('nope', 'm', keyring.sign('m')), false);
    assert.equal(keyring.verify(keyring.keyId, 'm', keyring.sign('m')), true);
  });

  it('a trusted key with the same KeyID replaces ours for verification (reference keyring order)', () => {
    const clash = createDsKeyring({ ownSeedHex: own.seedHex, trustedPublicKeysHex: [own.publicKeyHex.slice(0, 8) + REF_PUBLIC_KEY.slice(8)] });
    assert.equal(clash.verify(clash.keyId, 'm', clash.sign('m')), false);
  });

  it('refuses bad configuration', () => {
    assert.throws(() => createDsKeyring({}), /own signing key is required/);
    assert.throws(() => createDsKeyring({ ownSeedHex: 'abc' }), /64 hex/);
    assert.throws(() => createDsKeyring({ ownSeedHex: own.seedHex, ownPrivateKeyPem: own.privateKeyPem }), /not both/);
    assert.throws(() => createDsKeyring({ ownSeedHex: own.seedHex, trustedPublicKeysHex: ['a8968c46'] }), /not 64 hex/);
  });
});
