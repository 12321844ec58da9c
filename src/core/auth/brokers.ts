// `GET /api/2.5/brokers[?levels=...]` (platform.md §8): the brokers of the key file with their
// accreditation levels and permission letters. Mirrors the reference view: only the `brokers`
// group, file order, `levels` = digit flags as numbers and `permissions` = the other flags (both
// in flag-string order, repeats kept), `title` from a display-name table falling back to the name.
// The filter splits `levels` at commas and keeps a broker when any part occurs in its flag string
// (a substring test, so `levels=1,` keeps everyone: the empty part occurs everywhere).

import type { KeyRing } from './key-file.ts';

export interface BrokerInfo {
  name: string;
  title: string;
  levels: number[];
  permissions: string[];
}

const BROKERS_GROUP = 'brokers';

/** WebOb `params.get`: the last of repeated values. */
function lastValue(v: string | readonly string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : (v as string | undefined);
}

/**
 * The broker list for the endpoint. `levelsParam` is the raw `levels` query value (absent or empty
 * means no filter); `titles` maps user names to display titles (the reference's BROKERS table).
 */
export function listBrokers(
  keyRing: KeyRing,
  levelsParam?: string | readonly string[],
  titles: Readonly<Record<string, string>> = {},
): BrokerInfo[] {
  const raw = lastValue(levelsParam);
  const wanted = raw ? raw.split(',') : [];
  const out: BrokerInfo[] = [];
  for (const user of keyRing.users()) {
    if (user.group !== BROKERS_GROUP) continue;
    if (wanted.length > 0 && !wanted.some((w) => user.flags.includes(w))) continue;
    const levels: number[] = [];
    const permissions: string[] = [];
    for (const ch of user.flags) {
      if (ch >= '0' && ch <= '9') levels.push(Number(ch));
      else permissions.push(ch);
    }
    const title = Object.hasOwn(titles, user.name) && titles[user.name] ? titles[user.name] : user.name;
    out.push({ name: user.name, title, levels, permissions });
  }
  return out;
}

/** The response body: `{"data": [...]}` as in the reference's recorded `get-brokers-level-6.http`. */
export function brokersResponse(
  keyRing: KeyRing,
  levelsParam?: string | readonly string[],
  titles?: Readonly<Record<string, string>>,
): { data: BrokerInfo[] } {
  return { data: listBrokers(keyRing, levelsParam, titles) };
}
