// Authorization header → Principal (platform.md §3.1), parsed the way the reference's
// `extract_http_credentials` does: split at the first space, scheme word case-insensitive,
// `Bearer <key>` verbatim, `Basic base64(<key>[:<ignored>])` decoded by Python's lenient base64
// decoder (UTF-8, latin-1 fallback). Anything else, or an unknown key, is anonymous — never 401.

import type { KeyRing } from './key-file.ts';
import { ANONYMOUS, principalFromUser } from './principal.ts';
import type { Principal } from './principal.ts';

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Python's `base64.b64decode(s)` (non-validating): characters outside the alphabet are skipped,
 * decoding stops at the first complete `=` padding, and a dangling 1 character or missing padding
 * is an error. Returns null where Python raises (`binascii.Error`, or `ValueError` for non-ASCII
 * input). Node's Buffer decoder is more lenient (it never fails), hence this.
 * Shared with the document-URL check (core/documents/url-signature.ts).
 */
export function decodeBase64Lenient(text: string): Buffer | null {
  const out: number[] = [];
  let quadPos = 0;
  let leftchar = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return null;
    if (code === 0x3d /* = */) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = B64_VALUE[code];
    if (v < 0) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftchar = v;
        break;
      case 1:
        quadPos = 2;
        out.push(((leftchar << 2) | (v >> 4)) & 0xff);
        leftchar = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out.push(((leftchar << 4) | (v >> 2)) & 0xff);
        leftchar = v & 0x03;
        break;
      default:
        quadPos = 0;
        out.push(((leftchar << 6) | v) & 0xff);
        leftchar = 0;
    }
  }
  return quadPos === 0 ? Buffer.from(out) : null;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeText(bytes: Buffer): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** The API key carried by an Authorization header value, or null when there is none. */
export function keyFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const credentials = header.slice(space + 1);
  if (scheme === 'bearer') return credentials;
  if (scheme !== 'basic') return null;
  const bytes = decodeBase64Lenient(credentials.trim());
  if (bytes === null) return null;
  const payload = decodeText(bytes);
  const colon = payload.indexOf(':');
  return colon < 0 ? payload : payload.slice(0, colon);
}

/** The caller: the key-file user owning the header's key, else anonymous. */
export function principalFromAuthorization(header: string | undefined, keyRing: KeyRing): Principal {
  const key = keyFromAuthorization(header);
  if (key === null) return ANONYMOUS;
  const user = keyRing.lookup(key);
  return user ? principalFromUser(user) : ANONYMOUS;
}
