// Request body parsers: JSON (with the reference's parser-style messages) and form-encoded
// bodies with bracket paths (platform.md §2.1). Anything else is refused with 415 by the write routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import { decodeUtf8Body } from './utf8-body.ts';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartPart } from './multipart.ts';

/** Position → Python json-module style location text. */
function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line} column ${col} (char ${pos})`;
}

/** Parses JSON, reporting failures like the reference (`Expecting value: line 1 column 1 (char 0)`). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new ApiError(422, [{ location: 'body', name: 'data', description: `Expecting value: ${lineCol(text, 0)}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    const m = /position (\d+)/.exec(msg);
    // V8 gives no position when the text simply ends; Python reports the end of the text.
    const pos = m ? Number(m[1]) : /Unexpected end of JSON input/.test(msg) ? text.length : 0;
    const kind = /non-whitespace character after JSON/.test(msg)
      ? 'Extra data'
      : /Unterminated string/.test(msg)
        ? 'Unterminated string starting at'
        : /property name/.test(msg)
          ? 'Expecting property name enclosed in double quotes'
          : 'Expecting value';
    throw new ApiError(422, [{ location: 'body', name: 'data', description: `${kind}: ${lineCol(text, pos)}` }]);
  }
}

/** `a[b][0][c]=v` pairs → nested objects (numeric keys stay object keys; list tolerance converts them). */
export function parseFormBody(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    throw new ApiError(422, [{ location: 'body', name: 'data', description: 'could not decode params' }]);
  }
  for (const [rawKey, value] of params) {
    const head = /^[^[\]]+/.exec(rawKey);
    if (!head) continue;
    const path = [head[0]];
    const rest = rawKey.slice(head[0].length);
    for (const m of rest.matchAll(/\[([^[\]]*)\]/g)) path.push(m[1] ?? '');
    let node: Record<string, unknown> = out;
    path.forEach((segment, i) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== 'object' || next === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body came form-encoded: validation converts string leaves to the schema's types. */
    formEncoded?: boolean;
  }
}

/**
 * A parsed multipart/form-data body. Text fields are also exposed as string properties, so
 * form-level parameters such as `acc_token` are read like those of a url-encoded form.
 */
export class MultipartBody {
  readonly parts: readonly MultipartPart[];
  [field: string]: unknown;

  constructor(parts: MultipartPart[]) {
    this.parts = parts;
    for (const p of parts) {
      if (p.filename === undefined && p.name !== 'parts' && !(p.name in this)) this[p.name] = p.data.toString('utf8');
    }
  }

  /** The first part with this name that carries a file. */
  file(name: string): MultipartPart | undefined {
    return this.parts.find((p) => p.name === name && p.filename !== undefined);
  }
}

/** Multipart bodies larger than the upload limit plus this much room for headers are refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export const fileTooLarge = (limit: number): ApiError =>
  new ApiError(413, [{ location: 'body', name: 'file', description: `File is too large: the limit is ${limit} bytes.` }]);

export interface BodyParserOptions {
  /** Largest uploaded file (multipart bodies), bytes. */
  maxUploadBytes: number;
}

export function registerBodyParsers(app: FastifyInstance, opts: BodyParserOptions = { maxUploadBytes: 50 * 1024 * 1024 }): void {
  app.removeAllContentTypeParsers();
  // Read as a stream: the general body limit does not apply, the upload limit does, and an
  // oversized upload is answered in the API error format without buffering it.
  app.addContentTypeParser('multipart/form-data', (req: FastifyRequest, payload, done) => {
    const boundary = multipartBoundary(req.headers['content-type']);
    const limit = opts.maxUploadBytes + MULTIPART_OVERHEAD_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        done(fileTooLarge(opts.maxUploadBytes), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('error', (err) => {
      if (!failed) {
        failed = true;
        done(err, undefined);
      }
    });
    payload.on('end', () => {
      if (failed) return;
      if (boundary === null) {
        done(new ApiError(422, [{ location: 'body', name: 'data', description: 'multipart/form-data without a boundary' }]), undefined);
        return;
      }
      try {
        done(null, new MultipartBody(parseMultipart(Buffer.concat(chunks), boundary)));
      } catch (err) {
        const description = err instanceof MultipartError ? err.message : 'could not decode params';
        done(new ApiError(422, [{ location: 'body', name: 'data', description }]), undefined);
      }
    });
  });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    const decoded = decodeUtf8Body(body);
    if ('error' in decoded) {
      done(new ApiError(422, [{ location: 'body', name: 'data', description: decoded.error }]), undefined);
      return;
    }
    try {
      done(null, parseJsonBody(decoded.text));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      done(new ApiError(422, [{ location: 'body', name: 'data', description: 'could not decode params' }]), undefined);
      return;
    }
    try {
      req.formEncoded = true;
      done(null, parseFormBody(text));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Everything else is read (so the connection stays sane) and marked unsupported; write routes answer 415.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body: Buffer, done) => {
    done(null, UNSUPPORTED_BODY);
  });
}

/** Marker body for content types we do not parse. */
export const UNSUPPORTED_BODY: unique symbol = Symbol('unsupported-body');
