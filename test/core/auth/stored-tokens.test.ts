import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSealedToken, tokenSealer } from '../../../src/core/auth/owner-token.ts';
import { isTokenPath, sealDocumentTokens, sealRevisionTokens } from '../../../src/core/auth/stored-tokens.ts';
import { applyPatch, diffReverse } from '../../../src/core/storage/revisions.ts';
import type { RevisionEntry } from '../../../src/core/storage/store.ts';

const sealer = tokenSealer(Buffer.alloc(32, 3));
const T = (n: number): string => n.toString(16).padStart(32, '0');

describe('isTokenPath', () => {
  it('owner tokens at any depth, the older contract token fields, contract access entries', () => {
    assert.equal(isTokenPath(['owner_token']), true);
    assert.equal(isTokenPath(['bids', '0', 'owner_token']), true);
    assert.equal(isTokenPath(['awards', '1', 'complaints', '0', 'owner_token']), true);
    assert.equal(isTokenPath(['tender_token']), true);
    assert.equal(isTokenPath(['bid_token']), true);
    assert.equal(isTokenPath(['access', '2', 'token']), true);
  });

  it('nothing else: transfer hashes, a `token` outside access entries, names that only look alike', () => {
    assert.equal(isTokenPath(['transfer_token']), false, 'already a hash');
    assert.equal(isTokenPath(['token']), false);
    assert.equal(isTokenPath(['items', '0', 'access', '0', 'token']), false);
    assert.equal(isTokenPath(['access', 'x', 'token']), false);
    assert.equal(isTokenPath(['owner']), false);
    assert.equal(isTokenPath([]), false);
  });
});

describe('sealDocumentTokens', () => {
  const legacyTender = (): Record<string, unknown> => ({
    id: 'a'.repeat(32),
    owner: 'broker',
    owner_token: T(1),
    transfer_token: 'f'.repeat(128),
    title: T(9),
    bids: [{ id: 'b1', owner_token: T(2), transfer_token: 'e'.repeat(128) }, { id: 'b2', owner_token: T(3) }],
    awards: [{ id: 'w', complaints: [{ id: 'c', owner_token: T(4) }] }],
  });

  it('seals every plain owner token in place, keeps everything else', () => {
    const doc = legacyTender();
    assert.equal(sealDocumentTokens(doc, sealer), doc);
    assert.deepEqual(doc, {
      ...legacyTender(),
      owner_token: sealer.seal(T(1)),
      bids: [{ id: 'b1', owner_token: sealer.seal(T(2)), transfer_token: 'e'.repeat(128) }, { id: 'b2', owner_token: sealer.seal(T(3)) }],
      awards: [{ id: 'w', complaints: [{ id: 'c', owner_token: sealer.seal(T(4)) }] }],
    });
  });

  it('is idempotent: a sealed document is left alone (null), a half-sealed one is completed', () => {
    const doc = legacyTender();
    sealDocumentTokens(doc, sealer);
    const once = structuredClone(doc);
    assert.equal(sealDocumentTokens(doc, sealer), null);
    assert.deepEqual(doc, once);
    const half = legacyTender();
    half.owner_token = sealer.seal(T(1));
    assert.deepEqual(sealDocumentTokens(half, sealer), once);
  });

  it('contracts: access entries and the older tender_token/bid_token fields', () => {
    const contract: Record<string, unknown> = {
      id: 'k',
      tender_token: T(5),
      bid_token: T(6),
      access: [{ role: 'tender', owner: 'broker', token: T(5) }, { role: 'bid', owner: 'brokerh', token: T(6) }, { role: 'bid', owner: 'x' }],
    };
    sealDocumentTokens(contract, sealer);
    assert.deepEqual(contract, {
      id: 'k',
      tender_token: sealer.seal(T(5)),
      bid_token: sealer.seal(T(6)),
      access: [{ role: 'tender', owner: 'broker', token: sealer.seal(T(5)) }, { role: 'bid', owner: 'brokerh', token: sealer.seal(T(6)) }, { role: 'bid', owner: 'x' }],
    });
  });
});

describe('sealRevisionTokens', () => {
  it('seals tokens inside patch values, whole arrays and single members alike; the patch still applies', () => {
    const before: Record<string, unknown> = { owner_token: sealer.seal(T(1)), bids: [{ id: 'b1', owner_token: T(2) }] };
    const after: Record<string, unknown> = { owner_token: sealer.seal(T(1)), bids: [{ id: 'b1', owner_token: T(2) }, { id: 'b2', owner_token: T(3) }] };
    const entry: RevisionEntry = { author: 'broker', date: 'd', changes: diffReverse(after, before) };
    assert.deepEqual(entry.changes, [{ op: 'replace', path: '/bids', value: [{ id: 'b1', owner_token: T(2) }] }], 'the reverse patch carries the earlier bid token');
    assert.equal(sealRevisionTokens(entry, sealer), entry);
    assert.deepEqual(entry.changes, [{ op: 'replace', path: '/bids', value: [{ id: 'b1', owner_token: sealer.seal(T(2)) }] }]);
    assert.equal(sealRevisionTokens(entry, sealer), null, 'idempotent');
    sealDocumentTokens(after, sealer);
    assert.deepEqual(applyPatch(after, entry.changes), { owner_token: sealer.seal(T(1)), bids: [{ id: 'b1', owner_token: sealer.seal(T(2)) }] });
  });

  it('a token as the value itself, access entries, escaped and unreadable paths; ops without a value', () => {
    const entry: RevisionEntry = {
      author: 'a',
      date: 'd',
      changes: [
        { op: 'replace', path: '/owner_token', value: T(1) },
        { op: 'replace', path: '/access/1/token', value: T(2) },
        { op: 'add', path: '/access', value: [{ role: 'tender', token: T(3) }] },
        { op: 'replace', path: '/awards/0/complaints', value: [{ owner_token: T(4) }] },
        { op: 'replace', path: 'no-slash', value: { owner_token: T(5) } },
        { op: 'replace', path: '/a~1b/title', value: T(6) },
        { op: 'remove', path: '/bids/0' },
      ],
    };
    sealRevisionTokens(entry, sealer);
    assert.deepEqual(entry.changes, [
      { op: 'replace', path: '/owner_token', value: sealer.seal(T(1)) },
      { op: 'replace', path: '/access/1/token', value: sealer.seal(T(2)) },
      { op: 'add', path: '/access', value: [{ role: 'tender', token: sealer.seal(T(3)) }] },
      { op: 'replace', path: '/awards/0/complaints', value: [{ owner_token: sealer.seal(T(4)) }] },
      { op: 'replace', path: 'no-slash', value: { owner_token: sealer.seal(T(5)) } },
      { op: 'replace', path: '/a~1b/title', value: T(6) },
      { op: 'remove', path: '/bids/0' },
    ]);
    assert.ok(entry.changes.slice(0, 5).every((op) => JSON.stringify(op.value).includes('hmac-sha256:')));
    assert.equal(isSealedToken(entry.changes[0]!.value), true);
  });
});
