import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { extractAccToken, hashTransfer, isOwner, isSealedToken, issueAccess, newToken, tokenSealer } from '../../../src/core/auth/owner-token.ts';
import { makeKeyUser } from '../../../src/core/auth/key-file.ts';
import { ANONYMOUS, principalFromUser, type Principal } from '../../../src/core/auth/principal.ts';

describe('tokens', () => {
  it('newToken is a uuid4 as 32 lowercase hex characters, fresh each time', () => {
    const t = newToken();
    assert.match(t, /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    assert.notEqual(newToken(), t);
  });

  it('hashTransfer is sha512 hex', () => {
    assert.equal(
      hashTransfer('abc'),
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  const sealer = tokenSealer(Buffer.alloc(32, 7));

  it('a sealed token is hmac-sha256 under the key, recognisable, and differs per key', () => {
    const sealed = sealer.seal('abc');
    assert.equal(sealed, `hmac-sha256:${createHmac('sha256', Buffer.alloc(32, 7)).update('abc').digest('hex')}`);
    assert.equal(isSealedToken(sealed), true);
    assert.equal(isSealedToken(newToken()), false, 'a plain token is not taken for a sealed one');
    assert.notEqual(tokenSealer(Buffer.alloc(32, 8)).seal('abc'), sealed);
    assert.throws(() => tokenSealer(Buffer.alloc(16)), /32 bytes/);
  });

  it('matches: the presented token against its seal only', () => {
    const token = newToken();
    assert.equal(sealer.matches(token, sealer.seal(token)), true);
    assert.equal(sealer.matches(newToken(), sealer.seal(token)), false);
    assert.equal(sealer.matches(token, token), false, 'a plain stored value never matches');
    assert.equal(sealer.matches(token, undefined), false);
    assert.equal(sealer.matches(token, `${sealer.seal(token)}0`), false);
  });

  it('issueAccess: plain tokens for the response, their seal and transfer hash for storage', () => {
    const issued = issueAccess(sealer);
    assert.match(issued.access.token, /^[0-9a-f]{32}$/);
    assert.match(issued.access.transfer, /^[0-9a-f]{32}$/);
    assert.notEqual(issued.access.token, issued.access.transfer);
    assert.equal(issued.stored.owner_token, sealer.seal(issued.access.token));
    assert.equal(issued.stored.transfer_token, hashTransfer(issued.access.transfer));
  });
});

describe('extractAccToken (reference order)', () => {
  const json = 'application/json';
  it('query acc_token first, then X-Access-Token, then body access.token', () => {
    const all = { query: { acc_token: 'Q' }, headers: { 'x-access-token': 'H' }, body: { access: { token: 'B' } }, contentType: json, method: 'PATCH' };
    assert.equal(extractAccToken(all), 'Q');
    assert.equal(extractAccToken({ ...all, query: {} }), 'H');
    assert.equal(extractAccToken({ ...all, query: {}, headers: {} }), 'B');
  });

  it('empty values fall through to the next source', () => {
    assert.equal(extractAccToken({ query: { acc_token: '' }, headers: { 'X-Access-Token': 'H' }, method: 'GET' }), 'H');
    assert.equal(extractAccToken({ query: { acc_token: '' }, headers: { 'x-access-token': '' }, body: { access: { token: 'B' } }, contentType: json, method: 'POST' }), 'B');
  });

  it('a repeated query parameter gives its last value', () => {
    assert.equal(extractAccToken({ query: { acc_token: ['a', 'b'] }, method: 'GET' }), 'b');
  });

  it('body token only for POST/PUT/PATCH with a JSON content type', () => {
    const body = { access: { token: 'B' } };
    for (const method of ['POST', 'PUT', 'PATCH', 'post']) {
      assert.equal(extractAccToken({ body, contentType: 'application/json; charset=utf-8', method }), 'B', method);
    }
    assert.equal(extractAccToken({ body, contentType: json, method: 'GET' }), undefined);
    assert.equal(extractAccToken({ body, contentType: json, method: 'DELETE' }), undefined);
    assert.equal(extractAccToken({ body, contentType: 'text/plain', method: 'POST' }), undefined);
    assert.equal(extractAccToken({ body, method: 'POST' }), undefined);
    assert.equal(extractAccToken({ body: { access: 'B' }, contentType: json, method: 'POST' }), undefined);
    assert.equal(extractAccToken({ body: { access: { token: 5 } }, contentType: json, method: 'POST' }), undefined);
  });

  it('a form body acc_token counts as a request parameter (after the query, before the header)', () => {
    const form = 'application/x-www-form-urlencoded';
    assert.equal(extractAccToken({ body: { acc_token: 'F' }, headers: { 'x-access-token': 'H' }, contentType: form, method: 'POST' }), 'F');
    assert.equal(extractAccToken({ query: { acc_token: 'Q' }, body: { acc_token: 'F' }, contentType: form, method: 'POST' }), 'Q');
    assert.equal(extractAccToken({ body: { access: { token: 'B' } }, contentType: form, method: 'POST' }), undefined);
  });

  it('nothing presented → undefined', () => {
    assert.equal(extractAccToken({ method: 'GET' }), undefined);
  });
});

describe('isOwner', () => {
  const broker = principalFromUser(makeKeyUser('broker', 'brokers', '123456'));
  const other = principalFromUser(makeKeyUser('broker1', 'brokers', '1'));
  const tokens = tokenSealer(Buffer.alloc(32, 1));
  const token = 'a'.repeat(32);
  const tender = { owner: 'broker', owner_token: tokens.seal(token), transfer_token: 'b'.repeat(128) };
  const ctx = (principal: Principal, accToken: string | undefined) => ({ principal, req: { accToken }, deps: { tokens } });

  it('needs both the owner name and the owner token', () => {
    assert.equal(isOwner(ctx(broker, token), tender), true);
    assert.equal(isOwner(ctx(broker, 'c'.repeat(32)), tender), false);
    assert.equal(isOwner(ctx(broker, 'a'.repeat(31)), tender), false);
    assert.equal(isOwner(ctx(broker, tender.owner_token), tender), false, 'the stored seal is no token');
    assert.equal(isOwner(ctx(other, token), tender), false, 'a token presented by another broker fails');
    assert.equal(isOwner(ctx(ANONYMOUS, token), tender), false);
    assert.equal(isOwner(ctx(broker, undefined), tender), false);
  });

  it('objects without owner or token never match', () => {
    assert.equal(isOwner(ctx(broker, 'x'), { owner: 'broker' }), false);
    assert.equal(isOwner(ctx(broker, 'x'), { owner_token: tokens.seal('x') }), false);
    assert.equal(isOwner(ctx(broker, ''), { owner: 'broker', owner_token: tokens.seal('') }), false);
    assert.equal(isOwner(ctx(broker, token), { owner: 'broker', owner_token: token }), false, 'a plain stored token is not accepted');
  });

  it('can check another token field', () => {
    assert.equal(isOwner(ctx(broker, token), { owner: 'broker', token: tokens.seal(token) }, 'token'), true);
  });
});
