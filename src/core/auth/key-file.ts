// The API key file in the reference's `auth.ini` format (platform.md §3.1, extensions.md §1).
//
// The reference reads it with Python's `configparser.ConfigParser()` (defaults: `=`/`:` delimiters,
// `#`/`;` full-line comments, no inline comments, lower-cased option names, strict duplicate checks,
// continuation lines, `[DEFAULT]` inheritance, `%` interpolation) and then turns every option into a
// user: section = group, option name = user name, value = `<key>[,<flags>]` split at the first comma.
// This module reproduces that reading so a key file behaves the same on both servers.

import { readFileSync } from 'node:fs';

/** Flags a user gets when the value has no comma (the reference's current default). */
export const DEFAULT_FLAGS = '123456';

/** One user of the key file. The key itself is deliberately not part of it (keeps it out of logs). */
export interface KeyUser {
  /** Option name, lower-cased by the INI parser; becomes `owner` of created objects. */
  readonly name: string;
  /** Section name, case kept: `brokers`, `chronograph`, `Administrator`, ... */
  readonly group: string;
  /** The raw flag string after the first comma (or the default), order and repeats kept. */
  readonly flags: string;
  /** Digit flags: accreditation levels (`1`–`6`). */
  readonly levels: ReadonlySet<string>;
  /** Non-digit flags: `c`, `x`, `t`, `r`, `h`, ... */
  readonly permissions: ReadonlySet<string>;
}

export interface KeyRing {
  /** The user owning `key` (plaintext comparison), or undefined. */
  lookup(key: string): KeyUser | undefined;
  /** First user (in file order) with this name; the reference's owner-accreditation lookup. */
  findByName(name: string): KeyUser | undefined;
  /** All users in the reference's dict order (first appearance of each key; later duplicates replace in place). */
  users(): KeyUser[];
  readonly size: number;
}

export class KeyFileError extends Error {
  readonly line: number;
  constructor(source: string, line: number, reason: string, text?: string) {
    super(`${source}, line ${line}: ${reason}${text === undefined ? '' : `: ${JSON.stringify(text)}`}`);
    this.name = 'KeyFileError';
    this.line = line;
  }
}

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/** Builds a user from its name, group and flag string (digits → levels, the rest → permissions). */
export function makeKeyUser(name: string, group: string, flags: string): KeyUser {
  const levels = new Set<string>();
  const permissions = new Set<string>();
  for (const ch of flags) (isDigit(ch) ? levels : permissions).add(ch);
  return Object.freeze({ name, group, flags, levels, permissions });
}

/** A KeyRing over (key, user) pairs; a later pair with the same key replaces the earlier one in place. */
export function createKeyRing(entries: Iterable<readonly [string, KeyUser]>): KeyRing {
  const byKey = new Map<string, KeyUser>();
  for (const [key, user] of entries) byKey.set(key, user);
  return {
    lookup: (key) => byKey.get(key),
    findByName: (name) => {
      for (const user of byKey.values()) if (user.name === name) return user;
      return undefined;
    },
    users: () => [...byKey.values()],
    get size() {
      return byKey.size;
    },
  };
}

// ---- INI reading (configparser semantics) --------------------------------------------------------

interface RawOption {
  lines: string[];
  line: number;
}
type RawSection = Map<string, RawOption>;

const DEFAULT_SECTION = 'DEFAULT';
// configparser.SECTCRE, matched against the stripped line (anchored at the start only, greedy header).
const SECTION_RE = /^\[(.+)\]/;
// configparser.OPTCRE with delimiters `=` and `:`: the option is everything before the first delimiter.
const OPTION_RE = /^(.*?)\s*([=:])\s*(.*)$/;
const MAX_INTERPOLATION_DEPTH = 10;

function leadingWhitespace(line: string): number {
  const m = /\S/.exec(line);
  return m ? m.index : 0;
}

function readIni(text: string, source: string): { defaults: RawSection; sections: Map<string, RawSection> } {
  // A UTF-8 BOM is tolerated (Python would reject the first line as a missing section header).
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const defaults: RawSection = new Map();
  const sections = new Map<string, RawSection>();
  const seenSections = new Set<string>();
  const seenOptions = new Set<string>();
  let cursect: RawSection | null = null;
  let sectname = '';
  let optname: string | null = null;
  let indentLevel = 0;

  lines.forEach((line, index) => {
    const lineno = index + 1;
    const stripped = line.trim();
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (!value) {
      // Blank lines inside a multi-line value are kept (trailing ones are trimmed at the end).
      if (!isComment && cursect && optname) cursect.get(optname)?.lines.push('');
      return;
    }
    const indent = leadingWhitespace(line);
    if (cursect && optname && indent > indentLevel) {
      cursect.get(optname)?.lines.push(value); // continuation line
      return;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(value);
    if (header) {
      sectname = header[1];
      if (sectname === DEFAULT_SECTION) {
        cursect = defaults;
      } else {
        if (seenSections.has(sectname)) throw new KeyFileError(source, lineno, `duplicate section [${sectname}]`);
        seenSections.add(sectname);
        cursect = sections.get(sectname) ?? new Map();
        sections.set(sectname, cursect);
      }
      optname = null;
      return;
    }
    if (!cursect) throw new KeyFileError(source, lineno, 'option before any [section] header', line);
    const option = OPTION_RE.exec(value);
    if (!option) throw new KeyFileError(source, lineno, 'expected "name = key[,levels]"', line);
    const name = option[1].trimEnd().toLowerCase();
    if (!name) throw new KeyFileError(source, lineno, 'empty user name', line);
    const seenKey = `${sectname}\u0000${name}`;
    if (seenOptions.has(seenKey)) throw new KeyFileError(source, lineno, `duplicate user "${name}" in [${sectname}]`);
    seenOptions.add(seenKey);
    optname = name;
    cursect.set(name, { lines: [option[3].trim()], line: lineno });
  });
  return { defaults, sections };
}

/** configparser.BasicInterpolation: `%%` → `%`, `%(name)s` → another option of the section or DEFAULT. */
function interpolate(
  value: string,
  vars: ReadonlyMap<string, RawOption>,
  source: string,
  line: number,
  depth: number,
): string {
  if (!value.includes('%')) return value;
  if (depth > MAX_INTERPOLATION_DEPTH) throw new KeyFileError(source, line, 'interpolation too deep');
  let out = '';
  let rest = value;
  while (rest) {
    const p = rest.indexOf('%');
    if (p < 0) {
      out += rest;
      break;
    }
    out += rest.slice(0, p);
    rest = rest.slice(p);
    const next = rest[1];
    if (next === '%') {
      out += '%';
      rest = rest.slice(2);
    } else if (next === '(') {
      const m = /^%\(([^)]+)\)s/.exec(rest);
      if (!m) throw new KeyFileError(source, line, `bad interpolation variable reference ${JSON.stringify(rest)}`);
      const ref = vars.get(m[1].toLowerCase());
      if (!ref) throw new KeyFileError(source, line, `interpolation refers to missing option "${m[1]}"`);
      out += interpolate(joinValue(ref), vars, source, line, depth + 1);
      rest = rest.slice(m[0].length);
    } else {
      throw new KeyFileError(source, line, `'%' must be followed by '%' or '(', found: ${JSON.stringify(rest)}`);
    }
  }
  return out;
}

const joinValue = (opt: RawOption): string => opt.lines.join('\n').trimEnd();

/**
 * Parses key-file text into a KeyRing. Throws KeyFileError (message names the line) on content the
 * reference's parser would also refuse, and on an empty key (which would let any credentials that
 * decode to an empty string in).
 */
export function parseKeyFile(text: string, source = 'key file'): KeyRing {
  const { defaults, sections } = readIni(text, source);
  const entries: Array<[string, KeyUser]> = [];
  for (const [group, options] of sections) {
    // ConfigParser.items(section): DEFAULT options first, overridden in place by the section's own.
    const vars = new Map<string, RawOption>(defaults);
    for (const [name, opt] of options) vars.set(name, opt);
    for (const [name, opt] of vars) {
      const value = interpolate(joinValue(opt), vars, source, opt.line, 1);
      const comma = value.indexOf(',');
      const key = comma < 0 ? value : value.slice(0, comma);
      const flags = comma < 0 ? DEFAULT_FLAGS : value.slice(comma + 1);
      if (key === '') throw new KeyFileError(source, opt.line, `empty key for user "${name}" in [${group}]`);
      entries.push([key, makeKeyUser(name, group, flags)]);
    }
  }
  return createKeyRing(entries);
}

/** Reads and parses a key file (UTF-8). Errors name the file and the line. */
export function loadKeyFile(path: string): KeyRing {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read key file ${path}: ${(err as Error).message}`);
  }
  return parseKeyFile(text, path);
}
