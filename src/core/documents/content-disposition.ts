// `Content-Disposition: attachment` for downloads (RFC 6266): an ASCII `filename` fallback plus
// the exact name as RFC 5987 `filename*` when it is not plain ASCII, as the reference emits it.

const RFC5987_KEEP = /[A-Za-z0-9!#$&+.^_`|~-]/;

function encodeRfc5987(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && RFC5987_KEEP.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function attachmentDisposition(filename: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(filename);
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii) return `attachment; filename="${fallback}"`;
  return `attachment; filename="${fallback}"; filename*=utf-8''${encodeRfc5987(filename)}`;
}
