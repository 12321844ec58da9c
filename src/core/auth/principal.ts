// Who calls (platform.md §3.1–3.3): the key-file group as role, the user name (which becomes `owner`),
// and the user's accreditation flags. Unknown or missing credentials give the anonymous principal:
// the reference never answers 401.

import type { KeyUser } from './key-file.ts';

/** `anonymous` or the key-file group: `brokers`, `chronograph`, `auction`, `Administrator`, `bots`, ... */
export type Role = 'anonymous' | (string & {});

export interface Principal {
  readonly role: Role;
  /** Key-file user name (lower-case); null when anonymous. */
  readonly name: string | null;
  /** Digit flags (accreditation levels). */
  readonly levels: ReadonlySet<string>;
  /** Letter flags (`c`, `x`, `t`, `r`, `h`, ...). */
  readonly permissions: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

export const ANONYMOUS: Principal = Object.freeze({ role: 'anonymous', name: null, levels: EMPTY, permissions: EMPTY });

export function principalFromUser(user: KeyUser): Principal {
  return Object.freeze({ role: user.group, name: user.name, levels: user.levels, permissions: user.permissions });
}

/**
 * True when the principal holds at least one of `flags`. Like the reference (`a:<flag>` principals),
 * digits and letters are looked up alike, so `hasLevel(p, '1', '5')` and `hasLevel(p, 'c')` both work.
 */
export function hasLevel(p: Principal, ...flags: string[]): boolean {
  return flags.some((f) => p.levels.has(f) || p.permissions.has(f));
}

/** True when the principal holds the permission letter (`t`, `x`, `r`, `c`, `h`). */
export function hasPermission(p: Principal, flag: string): boolean {
  return p.permissions.has(flag);
}

export const isAnonymous = (p: Principal): boolean => p.name === null;

export const isBroker = (p: Principal): boolean => p.name !== null && p.role === 'brokers';

export const isAdministrator = (p: Principal): boolean => p.name !== null && p.role === 'Administrator';

export const isChronograph = (p: Principal): boolean => p.name !== null && p.role === 'chronograph';

export const isAuction = (p: Principal): boolean => p.name !== null && p.role === 'auction';
