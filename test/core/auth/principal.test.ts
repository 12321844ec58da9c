import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeKeyUser } from '../../../src/core/auth/key-file.ts';
import {
  ANONYMOUS,
  hasLevel,
  hasPermission,
  isAdministrator,
  isAnonymous,
  isBroker,
  principalFromUser,
} from '../../../src/core/auth/principal.ts';

describe('Principal', () => {
  const broker = principalFromUser(makeKeyUser('broker1t', 'brokers', '1t'));
  const admin = principalFromUser(makeKeyUser('administrator', 'Administrator', '123456'));

  it('anonymous has no name and no flags', () => {
    assert.deepEqual(ANONYMOUS, { role: 'anonymous', name: null, levels: new Set(), permissions: new Set() });
    assert.equal(isAnonymous(ANONYMOUS), true);
    assert.equal(isBroker(ANONYMOUS), false);
    assert.equal(hasLevel(ANONYMOUS, '1', '2', '3', '4', '5', '6'), false);
    assert.ok(Object.isFrozen(ANONYMOUS));
  });

  it('takes role, name and flags from the key-file user', () => {
    assert.equal(broker.role, 'brokers');
    assert.equal(broker.name, 'broker1t');
    assert.deepEqual(broker.levels, new Set(['1']));
    assert.deepEqual(broker.permissions, new Set(['t']));
    assert.equal(isBroker(broker), true);
    assert.equal(isBroker(admin), false);
    assert.equal(isAdministrator(admin), true);
  });

  it('hasLevel is true when any listed flag is held (levels and letters alike)', () => {
    assert.equal(hasLevel(broker, '1', '5'), true);
    assert.equal(hasLevel(broker, '3', '5'), false);
    assert.equal(hasLevel(broker, 't'), true);
    assert.equal(hasLevel(broker), false);
    assert.equal(hasPermission(broker, 't'), true);
    assert.equal(hasPermission(broker, '1'), false);
  });
});
