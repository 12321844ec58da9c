// A public MD5 collision: two different 128-byte messages with the same MD5 (Wang, Feng, Lai and
// Yu, 2004; as published on Peter Selinger's "MD5 Collision Demo" page), md5 79054025255fb1a26e4bc422aef54eb4.
import { createHash } from 'node:crypto';

export const COLLISION_A = Buffer.from(
  'd131dd02c5e6eec4693d9a0698aff95c2fcab58712467eab4004583eb8fb7f89' +
    '55ad340609f4b30283e488832571415a085125e8f7cdc99fd91dbdf280373c5b' +
    'd8823e3156348f5bae6dacd436c919c6dd53e2b487da03fd02396306d248cda0' +
    'e99f33420f577ee8ce54b67080a80d1ec69821bcb6a8839396f9652b6ff72a70',
  'hex',
);

export const COLLISION_B = Buffer.from(
  'd131dd02c5e6eec4693d9a0698aff95c2fcab50712467eab4004583eb8fb7f89' +
    '55ad340609f4b30283e4888325f1415a085125e8f7cdc99fd91dbd7280373c5b' +
    'd8823e3156348f5bae6dacd436c919c6dd53e23487da03fd02396306d248cda0' +
    'e99f33420f577ee8ce54b67080280d1ec69821bcb6a8839396f965ab6ff72a70',
  'hex',
);

export const COLLISION_MD5 = 'md5:79054025255fb1a26e4bc422aef54eb4';

/** Fails loudly if the pair above was mistyped (the tests built on it would prove nothing). */
export function assertCollisionPair(): void {
  const md5 = (b: Buffer): string => `md5:${createHash('md5').update(b).digest('hex')}`;
  if (COLLISION_A.equals(COLLISION_B) || md5(COLLISION_A) !== COLLISION_MD5 || md5(COLLISION_B) !== COLLISION_MD5) {
    throw new Error('COLLISION_A and COLLISION_B are not an MD5 collision pair');
  }
}
