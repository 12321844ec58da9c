// Request body parsers: JSON (with the reference's parser-style messages) and form-encoded
// bodies with bracket paths (platform.md §2.1). Anything else is refused with 415 by the write routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

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

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
    try {
      done(null, parseJsonBody(text));
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
