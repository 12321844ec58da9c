// multipart/form-data (RFC 7578) for the document service's `/upload` and the legacy direct upload
// of documents (extensions.md §3, platform.md §6.6). The body is read whole (bounded by the upload
// limit) and split on the boundary; each part keeps its name, filename, content type and bytes.

export interface MultipartPart {
  name: string;
  /** Present for file parts (`filename=` or RFC 5987 `filename*=`). */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** The boundary parameter of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  return boundary && boundary.length <= 200 ? boundary : null;
}

/** Parameters of a header value such as `form-data; name="file"; filename="a.pdf"`. */
function headerParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    const key = m[1]!.toLowerCase();
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    out.set(key, raw);
  }
  return out;
}

/** `filename*=UTF-8''%D0%B4.pdf` → `д.pdf`; undefined when malformed. */
function extendedValue(value: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
}

function parsePartHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Splits a multipart body into its parts. Throws MultipartError on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('multipart boundary not found');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new MultipartError('malformed multipart delimiter');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new MultipartError('malformed multipart part headers');
    const headers = parsePartHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new MultipartError('multipart body is not terminated');
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^\s*form-data\b/i.test(disposition)) throw new MultipartError('multipart part without form-data disposition');
    const params = headerParams(disposition);
    const starred = params.get('filename*');
    const filename = (starred !== undefined ? extendedValue(starred) : undefined) ?? params.get('filename');
    const part: MultipartPart = { name: params.get('name') ?? '', data: body.subarray(headerEnd + 4, next) };
    if (filename !== undefined) part.filename = filename;
    const type = headers.get('content-type');
    if (type !== undefined && type !== '') part.contentType = type;
    parts.push(part);
    pos = next + 2;
  }
}
