// Request body parsers: JSON (with the reference's parser-style messages) and form-encoded
// bodies with bracket paths (platform.md §2.1). Anything else is refused with 415 by the write routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import { decodeUtf8Body } from './utf8-body.ts';
import { isExactAsDouble } from '../validation/exact-decimal.ts';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartPart } from './multipart.ts';

/** Position → Python json-module style location text. */
function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line} column ${col} (char ${pos})`;
}

/**
 * Deepest nesting of arrays/objects a body may have (JSON and form bodies alike). Real documents
 * nest about ten levels; thousands would overflow the stack of every recursive walk after parsing
 * (validation, error rendering), so such bodies are refused at the parser.
 */
export const MAX_BODY_DEPTH = 64;

/**
 * 422 body/data in the shape of the JSON syntax errors, e.g.
 * `Nesting too deep: more than 64 levels of arrays and objects: line 1 column 66 (char 65)`.
 */
const tooDeep = (where: string): ApiError =>
  new ApiError(422, [{ location: 'body', name: 'data', description: `Nesting too deep: more than ${MAX_BODY_DEPTH} levels of arrays and objects: ${where}` }]);

/** Position of the first bracket that opens level MAX_BODY_DEPTH + 1 (outside strings), or -1. */
function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_BODY_DEPTH) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return -1;
}

/** Money fields (every `Value`-like model): their numerals must survive parsing unchanged. */
const MONEY_KEYS = new Set(['amount', 'amountNet']);

/** A run of 16+ digits/points: the only numerals that may not fit a double (cheap pre-check). */
const LONG_NUMERAL = /\d[\d.]{15}/;

/**
 * JSON.parse reviver: a money numeral a double cannot hold is kept as its text, which every money
 * validator refuses as not a number (`Number '…' failed to convert to a decimal.`) instead of
 * storing a rounded amount.
 */
function keepInexactMoneyAsText(this: unknown, key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && MONEY_KEYS.has(key) && context?.source !== undefined && !isExactAsDouble(context.source)) return context.source;
  return value;
}

/** Parses JSON, reporting failures like the reference (`Expecting value: line 1 column 1 (char 0)`). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new ApiError(422, [{ location: 'body', name: 'data', description: `Expecting value: ${lineCol(text, 0)}` }]);
  }
  const deepAt = tooDeepAt(text);
  if (deepAt >= 0) throw tooDeep(lineCol(text, deepAt));
  try {
    return LONG_NUMERAL.test(text) ? JSON.parse(text, keepInexactMoneyAsText) : JSON.parse(text);
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
    if (path.length > MAX_BODY_DEPTH) throw tooDeep(`parameter ${JSON.stringify(rawKey.slice(0, 64))}`);
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
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    // A DELETE declares its content type (the reference's routes require it) but its body is never read.
    if (req.method === 'DELETE' && body.length === 0) {
      done(null, undefined);
      return;
    }
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
