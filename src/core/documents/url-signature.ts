// Document-service URLs (platform.md §6.4–6.5, extensions.md §3): the check an incoming document
// `url` must pass, and the signed doc-service URLs the API renders on output and for downloads.
//
// Keys are Ed25519. The keyring holds our own signing key (the reference's `dockey`) plus extra
// trusted public keys (the reference's `dockeys`); a KeyID is the first 8 hex characters of a
// public key's hex. Signed messages (verified against the reference's recorded exchanges):
//   incoming url:      "<uuid>\0<hash without its 'md5:' prefix>"   (signed by the DS on /register)
//   rendered url:      "<uuid>"                 (or "<prefix>/<uuid>" for legacy hash-less documents)
//   download redirect: "<uuid>\0<expires>"      (or "<prefix>/<uuid>\0<expires>")
//
// The URL is parsed with Python's urllib semantics (urlparse, parse_qsl, unquote, b64decode) so edge
// cases get the reference's answer: blank query values are dropped, a repeated key keeps the last
// value, the Signature is percent-decoded twice, and base64 is decoded leniently.

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { dataError, forbidden } from '../http/errors.ts';
import { decodeBase64Lenient } from '../auth/authenticate.ts';

export const MSG_NOT_FROM_DS = 'Can add document only from document service.';
export const MSG_HASH_REQUIRED = 'This field is required.';
export const MSG_URL_EXPIRED = 'Document url expired.';
export const MSG_SIGNATURE_INVALID = 'Document url signature invalid.';
export const MSG_URL_INVALID = 'Document url invalid.';

/** Lifetime of a download redirect URL (reference: `int(time()) + 300`). */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

export const KEY_ID_LENGTH = 8;

// DER prefixes turning raw Ed25519 key bytes into SPKI (public) and PKCS#8 (private seed) encodings.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const HEX64 = /^[0-9a-fA-F]{64}$/;

// ---- keys ------------------------------------------------------------------------------------------

export interface DsKeyring {
  /** KeyID of our own signing key (first 8 hex characters of its public key). */
  readonly keyId: string;
  /** Hex of our own public key (64 lowercase hex characters). */
  readonly publicKeyHex: string;
  /** Every KeyID that verifies: ours and the trusted ones. */
  readonly keyIds: readonly string[];
  has(keyId: string): boolean;
  /** Ed25519 signature of the UTF-8 message with our own key. */
  sign(message: string): Buffer;
  /** True when `signature` is a valid signature of `message` by the key with this KeyID. */
  verify(keyId: string, message: string | Buffer, signature: Buffer): boolean;
}

export interface DsKeyringOptions {
  /** Our signing key as a PKCS#8 PEM (as written by generateSigningKey) ... */
  ownPrivateKeyPem?: string;
  /** ... or as the 32-byte seed in hex (the reference's `dockey` setting). */
  ownSeedHex?: string;
  /** Extra trusted public keys, 64 hex characters each (the reference's `dockeys`). */
  trustedPublicKeysHex?: readonly string[];
}

export interface GeneratedSigningKey {
  seedHex: string;
  privateKeyPem: string;
  publicKeyHex: string;
}

function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

function rawPublicKeyHex(key: KeyObject): string {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32).toString('hex');
}

function ownPrivateKey(options: DsKeyringOptions): KeyObject {
  if (options.ownPrivateKeyPem && options.ownSeedHex) {
    throw new Error('document-service keyring: give either ownPrivateKeyPem or ownSeedHex, not both');
  }
  if (options.ownSeedHex !== undefined) {
    if (!HEX64.test(options.ownSeedHex)) throw new Error('document-service keyring: ownSeedHex must be 64 hex characters');
    return createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(options.ownSeedHex, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
  }
  if (options.ownPrivateKeyPem) {
    const key = createPrivateKey(options.ownPrivateKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('document-service keyring: the private key is not Ed25519');
    return key;
  }
  throw new Error('document-service keyring: our own signing key is required (ownPrivateKeyPem or ownSeedHex)');
}

/** A fresh Ed25519 signing key (extensions.md §3: generated on first start and kept with the data). */
export function generateSigningKey(): GeneratedSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    seedHex: der.subarray(der.length - 32).toString('hex'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyHex: rawPublicKeyHex(privateKey),
  };
}

export function createDsKeyring(options: DsKeyringOptions): DsKeyring {
  const privateKey = ownPrivateKey(options);
  const publicKeyHex = rawPublicKeyHex(privateKey);
  const keyId = publicKeyHex.slice(0, KEY_ID_LENGTH);
  // Reference order: own key first, then `dockeys`, a later key with the same KeyID replacing it.
  const verifiers = new Map<string, KeyObject>([[keyId, createPublicKey(privateKey)]]);
  for (const hex of options.trustedPublicKeysHex ?? []) {
    if (!HEX64.test(hex)) throw new Error(`document-service keyring: trusted key ${JSON.stringify(hex)} is not 64 hex characters`);
    const lower = hex.toLowerCase();
    verifiers.set(lower.slice(0, KEY_ID_LENGTH), publicKeyFromHex(lower));
  }
  const keyIds = Object.freeze([...verifiers.keys()]);
  return {
    keyId,
    publicKeyHex,
    keyIds,
    has: (id) => verifiers.has(id),
    sign: (message) => cryptoSign(null, Buffer.from(message, 'utf8'), privateKey),
    verify: (id, message, signature) => {
      const key = verifiers.get(id);
      if (!key || signature.length !== 64) return false;
      try {
        return cryptoVerify(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

// ---- Python urllib semantics -------------------------------------------------------------------------

interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
// urllib.parse.uses_params: schemes whose last path segment may carry `;params` (dropped by urlparse).
const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);

/** urllib.parse.urlparse, minus fragment and params (which nothing here reads). */
function splitUrl(input: string): SplitUrl {
  let url = input.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const c of '/?#') {
      const at = url.indexOf(c, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
  }
  const hash = url.indexOf('#');
  if (hash >= 0) url = url.slice(0, hash);
  const q = url.indexOf('?');
  if (q >= 0) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  let path = url;
  if (USES_PARAMS.has(scheme) && path.includes(';')) {
    // urllib._splitparams: only when `;` is in the last segment; then cut at the first `;` of the path.
    if (path.indexOf(';', path.lastIndexOf('/')) >= 0) path = path.slice(0, path.indexOf(';'));
  }
  return { scheme, netloc, path, query };
}

const utf8Replace = new TextDecoder('utf-8');

/** urllib.parse.unquote: %XX in ASCII runs → bytes → UTF-8 with replacement; the rest kept. */
function unquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/[\x00-\x7f]+/g, (run) => {
    if (!run.includes('%')) return run;
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i++) {
      if (run[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(run.slice(i + 1, i + 3))) {
        bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(run.charCodeAt(i));
      }
    }
    return utf8Replace.decode(Uint8Array.from(bytes));
  });
}

/** dict(urllib.parse.parse_qsl(query)): `&`-separated, blank values dropped, the last repeat wins. */
function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const value = pair.slice(eq + 1);
    if (!value) continue;
    out.set(unquote(pair.slice(0, eq).replaceAll('+', ' ')), unquote(value.replaceAll('+', ' ')));
  }
  return out;
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/** urllib.parse.quote_plus(text, safe=''), as urlencode applies it to query values. */
export function quotePlus(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && ALWAYS_SAFE.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---- acceptance check (§6.4) -------------------------------------------------------------------------

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

function normalNetloc(scheme: string, netloc: string): string {
  const lower = netloc.toLowerCase();
  const port = DEFAULT_PORTS[scheme];
  return port && lower.endsWith(`:${port}`) ? lower.slice(0, -(port.length + 1)) : lower;
}

/**
 * Whether the url comes from a document service. The reference tests `url.startswith(docservice_url)`
 * (or the deprecated one) and then that the path has exactly 3 `/`-segments. We compare parsed parts
 * instead of a raw prefix: same scheme, same host[:port] (case-insensitive, default port optional),
 * and, when a base URL has a path (our built-in DS mounted under `/ds`), the path must continue it;
 * the part after the base path must be `/<x>/<key>` (for a root base this is the reference's rule).
 *
 * `acceptAnyHost` (replays of recorded exchanges, federations of several DS hosts): any http(s) host
 * is accepted and trust rests on the signature alone — the KeyID must belong to a configured key and
 * the Ed25519 signature must verify, which a foreign service cannot forge. Its path must have the
 * reference's 3 segments or end in `/get/<key>`.
 */
function fromDocumentService(url: SplitUrl, dsBaseUrls: readonly string[], acceptAnyHost: boolean): boolean {
  for (const raw of dsBaseUrls) {
    const base = splitUrl(raw);
    if (!base.scheme || base.scheme !== url.scheme) continue;
    if (normalNetloc(base.scheme, base.netloc) !== normalNetloc(url.scheme, url.netloc)) continue;
    const basePath = base.path.replace(/\/+$/, '');
    if (!url.path.startsWith(basePath)) continue;
    const rest = url.path.slice(basePath.length);
    if (rest.startsWith('/') && rest.split('/').length === 3) return true;
  }
  if (!acceptAnyHost || (url.scheme !== 'http' && url.scheme !== 'https') || !url.netloc) return false;
  const segments = url.path.split('/');
  return segments.length === 3 || (segments.length > 3 && segments[segments.length - 2] === 'get');
}

export interface CheckDocumentUrlInput {
  url: string;
  hash: string | null | undefined;
  /** Accepted doc-service base URLs (current first, then deprecated ones). */
  dsBaseUrls: readonly string[];
  keyring: DsKeyring;
  /** Accept any http(s) host when the signature verifies (see fromDocumentService). */
  acceptAnyHost?: boolean;
}

/**
 * Verifies an incoming document url (platform.md §6.4) and returns the doc-service key (`uuid`,
 * the last path segment) that the stored url `...?download=<uuid>` refers to. Throws ApiError
 * with the reference's status, location, name and message, checked in the reference's order.
 */
export function checkDocumentUrl(input: CheckDocumentUrlInput): { uuid: string } {
  const url = splitUrl(input.url);
  const query = parseQuery(url.query);
  const queryIsSignedPair = query.size === 2 && query.has('Signature') && query.has('KeyID');
  if (!fromDocumentService(url, input.dsBaseUrls, input.acceptAnyHost ?? false) || !queryIsSignedPair) {
    throw forbidden(MSG_NOT_FROM_DS, 'url', 'body');
  }
  if (!input.hash) throw dataError('hash', MSG_HASH_REQUIRED);
  const keyId = query.get('KeyID') as string;
  if (!input.keyring.has(keyId)) throw dataError('url', MSG_URL_EXPIRED);
  // parse_qsl already unquoted once; the reference unquotes again before base64 decoding.
  const signature = decodeBase64Lenient(unquote(query.get('Signature') as string));
  if (signature === null) throw dataError('url', MSG_SIGNATURE_INVALID);
  const uuid = url.path.slice(url.path.lastIndexOf('/') + 1);
  const colon = input.hash.indexOf(':');
  const message = `${uuid}\u0000${colon < 0 ? input.hash : input.hash.slice(colon + 1)}`;
  if (!input.keyring.verify(keyId, message, signature)) throw dataError('url', MSG_URL_INVALID);
  return { uuid };
}

// ---- rendering (§6.5) --------------------------------------------------------------------------------

/** Doc-service base without trailing slashes. The reference uses scheme://host of its DS setting. */
const trimBase = (dsBaseUrl: string): string => dsBaseUrl.replace(/\/+$/, '');

function signedGetUrl(dsBaseUrl: string, uuid: string, keyring: DsKeyring, message: string, params: Array<[string, string]>): string {
  const signature = keyring.sign(message).toString('base64');
  const query = [...params, ['Signature', signature], ['KeyID', keyring.keyId]]
    .map(([k, v]) => `${k}=${quotePlus(v)}`)
    .join('&');
  return `${trimBase(dsBaseUrl)}/get/${uuid}?${query}`;
}

export interface RenderPublicUrlInput {
  dsBaseUrl: string;
  uuid: string;
  keyring: DsKeyring;
  /** Legacy documents stored without `hash`: `<tender_id>/<document_id>`. */
  prefix?: string;
}

/**
 * Permanent doc-service URL of a public document: `{ds}/get/<uuid>?[Prefix=..&]Signature=..&KeyID=..`,
 * the signature covering `<uuid>` (or `<prefix>/<uuid>`). The recorded response url of
 * add-notice-document.http verifies against the reference test key with exactly the message `<uuid>`.
 */
export function renderPublicDocumentUrl(input: RenderPublicUrlInput): string {
  const message = input.prefix ? `${input.prefix}/${input.uuid}` : input.uuid;
  const params: Array<[string, string]> = input.prefix ? [['Prefix', input.prefix]] : [];
  return signedGetUrl(input.dsBaseUrl, input.uuid, input.keyring, message, params);
}

export interface RenderDownloadInput extends RenderPublicUrlInput {
  /** Unix seconds when the link stops working: now + DOWNLOAD_URL_TTL_SECONDS. */
  expiresEpochSec: number;
}

/**
 * Temporary URL for the 302 of `?download=`: `{ds}/get/<uuid>?Expires=..&[Prefix=..&]Signature=..&KeyID=..`
 * (that parameter order), the signature covering `<uuid>\0<expires>` (prefixed like the permanent url).
 */
export function renderDownloadRedirect(input: RenderDownloadInput): string {
  if (!Number.isSafeInteger(input.expiresEpochSec)) throw new RangeError('expiresEpochSec must be an integer');
  const expires = String(input.expiresEpochSec);
  const target = input.prefix ? `${input.prefix}/${input.uuid}` : input.uuid;
  const params: Array<[string, string]> = [['Expires', expires]];
  if (input.prefix) params.push(['Prefix', input.prefix]);
  return signedGetUrl(input.dsBaseUrl, input.uuid, input.keyring, `${target}\u0000${expires}`, params);
}

/** The doc-service key of a url: its last path segment (reference `update_document_url`). */
export function documentKeyFromUrl(url: string): string {
  const { path } = splitUrl(url);
  return path.slice(path.lastIndexOf('/') + 1);
}
