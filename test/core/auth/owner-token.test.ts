import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractAccToken, hashTransfer, isOwner, issueAccess, newToken } from '../../../src/core/auth/owner-token.ts';
import { makeKeyUser } from '../../../src/core/auth/key-file.ts';
import { ANONYMOUS, principalFromUser } from '../../../src/core/auth/principal.ts';

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

  it('issueAccess returns the token, the transfer secret once, and the stored hash', () => {
    const issued = issueAccess();
    assert.equal(issued.access.token, issued.ownerToken);
    assert.ok(issued.access.transfer);
    assert.equal(issued.transferTokenHash, hashTransfer(issued.access.transfer as string));
    const milestone = issueAccess(false);
    assert.deepEqual(Object.keys(milestone.access), ['token']);
    assert.equal(milestone.transferTokenHash, undefined);
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
  const tender = { owner: 'broker', owner_token: 'a'.repeat(32), transfer_token: 'b'.repeat(128) };

  it('needs both the owner name and the owner token', () => {
    assert.equal(isOwner(broker, tender, 'a'.repeat(32)), true);
    assert.equal(isOwner(broker, tender, 'c'.repeat(32)), false);
    assert.equal(isOwner(broker, tender, 'a'.repeat(31)), false);
    assert.equal(isOwner(other, tender, 'a'.repeat(32)), false, 'a token presented by another broker fails');
    assert.equal(isOwner(ANONYMOUS, tender, 'a'.repeat(32)), false);
    assert.equal(isOwner(broker, tender, undefined), false);
  });

  it('objects without owner or token never match', () => {
    assert.equal(isOwner(broker, { owner: 'broker' }, 'x'), false);
    assert.equal(isOwner(broker, { owner_token: 'x' }, 'x'), false);
    assert.equal(isOwner(broker, { owner: 'broker', owner_token: '' }, ''), false);
  });

  it('can check another token field', () => {
    assert.equal(isOwner(broker, tender, 'b'.repeat(128), 'transfer_token'), true);
  });
});
