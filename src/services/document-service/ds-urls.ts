// URLs the document service hands out (platform.md §6.3), spelled as the reference DS spells them:
// `KeyID` first, then `Expires` when temporary, then `Signature`; the base64 signature is quoted
// once when signed and once more when the query is encoded (hence `%252B`), which the API's url
// check undoes (it unquotes twice).
import type { DsKeyring } from '../../core/documents/url-signature.ts';
import { quotePlus } from '../../core/documents/url-signature.ts';

/** urllib.parse.quote(text) with its default safe character `/`. */
function quoteKeepSlash(text: string): string {
  return quotePlus(text).replace(/%2F/g, '/');
}

function signedQuery(keyring: DsKeyring, message: string, extra: Array<[string, string]> = []): string {
  const signature = quoteKeepSlash(keyring.sign(message).toString('base64'));
  return [['KeyID', keyring.keyId], ...extra, ['Signature', signature]].map(([k, v]) => `${k}=${quotePlus(v)}`).join('&');
}

const trim = (base: string): string => base.replace(/\/+$/, '');

/** The permanent url to give the API: signs `<uuid>\0<md5 hex>` (the API checks exactly this). */
export function dsDocumentUrl(base: string, keyring: DsKeyring, uuid: string, hash: string): string {
  return `${trim(base)}/get/${uuid}?${signedQuery(keyring, `${uuid}\u0000${hash.slice(hash.indexOf(':') + 1)}`)}`;
}

/** Upload url of a registered key: signs `<uuid>`. */
export function dsUploadUrl(base: string, keyring: DsKeyring, uuid: string): string {
  return `${trim(base)}/upload/${uuid}?${signedQuery(keyring, uuid)}`;
}

/** Short-lived download url: signs `<uuid>\0<expires>`. */
export function dsTemporaryGetUrl(base: string, keyring: DsKeyring, uuid: string, expiresEpochSec: number): string {
  return `${trim(base)}/get/${uuid}?${signedQuery(keyring, `${uuid}\u0000${expiresEpochSec}`, [['Expires', String(expiresEpochSec)]])}`;
}
