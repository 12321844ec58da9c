// Parser for the recorded exchanges in shared/conformance/*/*.http.
//
// Format (one exchange per file):
//   <METHOD> <path?query> HTTP/1.0
//   Header: value
//   ...
//   <blank line>
//   <request body, possibly empty>
//   HTTP/1.0 <code> <reason>
//   Header: value
//   ...
//   <blank line>
//   <response body, possibly empty>

import { readFileSync } from 'node:fs';

export interface RecordedRequest {
  method: string;
  /** Path including the query string, as recorded. */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
}

export interface RecordedResponse {
  status: number;
  reason: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
}

export interface HttpExchange {
  request: RecordedRequest;
  response: RecordedResponse;
}

const REQUEST_LINE = /^([A-Z]+)\s+(\S+)\s+HTTP\/\d(?:\.\d)?\s*$/;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/;
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s?(.*)$/;

function parseHeaders(lines: string[], start: number): { headers: Record<string, string>; next: number } {
  const headers: Record<string, string> = {};
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    const m = HEADER_LINE.exec(line);
    if (!m) throw new Error(`bad header line ${i + 1}: ${JSON.stringify(line)}`);
    headers[m[1].toLowerCase()] = m[2].trim();
  }
  return { headers, next: i + 1 };
}

function tryJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parse the text of one .http file. */
export function parseHttpExchange(text: string): HttpExchange {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const rl = REQUEST_LINE.exec(lines[i] ?? '');
  if (!rl) throw new Error(`bad request line: ${JSON.stringify(lines[i])}`);
  const reqHead = parseHeaders(lines, i + 1);

  // The request body runs up to the status line.
  let s = reqHead.next;
  while (s < lines.length && !STATUS_LINE.test(lines[s])) s++;
  if (s >= lines.length) throw new Error('no status line found');
  const reqBody = lines.slice(reqHead.next, s).join('\n').trim();

  const sl = STATUS_LINE.exec(lines[s])!;
  const resHead = parseHeaders(lines, s + 1);
  const resBody = lines.slice(resHead.next).join('\n').trim();

  return {
    request: {
      method: rl[1],
      path: rl[2],
      headers: reqHead.headers,
      bodyText: reqBody,
      json: tryJson(reqBody),
    },
    response: {
      status: Number(sl[1]),
      reason: (sl[2] ?? '').trim(),
      headers: resHead.headers,
      bodyText: resBody,
      json: tryJson(resBody),
    },
  };
}

export function readHttpExchange(file: string): HttpExchange {
  return parseHttpExchange(readFileSync(file, 'utf8'));
}
