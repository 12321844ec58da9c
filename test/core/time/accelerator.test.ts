import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceleratorOf } from '../../../src/core/time/accelerator.ts';

describe('acceleratorOf', () => {
  it('reads N from the documented form', () => {
    assert.equal(acceleratorOf('quick, accelerator=1440'), 1440);
    assert.equal(acceleratorOf('quick,accelerator=5'), 5);
    assert.equal(acceleratorOf('xaccelerator=12abc'), 12);
  });

  it('needs one character before "accelerator" (the reference pattern is `.accelerator=`)', () => {
    assert.equal(acceleratorOf('accelerator=1440'), undefined);
    assert.equal(acceleratorOf('\naccelerator=3'), undefined);
    assert.equal(acceleratorOf('accelerator=2 accelerator=3'), 3);
  });

  it('absent, empty, without digits or zero → undefined', () => {
    assert.equal(acceleratorOf(undefined), undefined);
    assert.equal(acceleratorOf(''), undefined);
    assert.equal(acceleratorOf('quick'), undefined);
    assert.equal(acceleratorOf('quick, accelerator='), undefined);
    assert.equal(acceleratorOf('quick, accelerator=0'), undefined);
  });
});
