// Strict UTF-8 decoding of request bodies. The reference decodes the body before parsing JSON and
// reports a bad byte with Python's codec message (422 body/data), e.g.
// `'utf-8' codec can't decode byte 0xff in position 18: invalid start byte`.

const strict = new TextDecoder('utf-8', { fatal: true });

/** Second-byte range allowed after a lead byte (RFC 3629 table; excludes overlongs and surrogates). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** Python's description of the first undecodable sequence in `bytes`, or null when all is valid. */
export function utf8ErrorMessage(bytes: Uint8Array): string | null {
  const at = (pos: number, reason: string, end = pos): string =>
    end > pos
      ? `'utf-8' codec can't decode bytes in position ${pos}-${end}: ${reason}`
      : `'utf-8' codec can't decode byte 0x${bytes[pos]!.toString(16).padStart(2, '0')} in position ${pos}: ${reason}`;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return at(i, 'invalid start byte');
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return at(i, 'unexpected end of data', i + k - 1);
      const [lo, hi] = k === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      const b = bytes[i + k]!;
      if (b < lo || b > hi) return at(i, 'invalid continuation byte');
    }
    i += length;
  }
  return null;
}

/** The body as text, or Python's description of its first bad byte. */
export function decodeUtf8Body(body: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: strict.decode(body) };
  } catch {
    return { error: utf8ErrorMessage(body) ?? 'invalid utf-8' };
  }
}
