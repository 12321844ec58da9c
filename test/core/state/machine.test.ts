// The transition table: merge of a procedure's delta onto a core table, and the boot check. Pure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TransitionTable } from '../../../src/core/state/machine.ts';

const core = new TransitionTable<void>(['draft', 'open', 'closed', 'cancelled'], [
  { from: 'draft', to: 'open' },
  { from: 'open', to: 'closed' },
  { from: 'open', to: 'cancelled' },
]);

describe('TransitionTable', () => {
  test('merge adds and replaces edges, removes edges, adds and removes states', () => {
    const guard = (): void => {};
    const merged = core.merge({
      states: ['review'],
      add: [{ from: 'open', to: 'review' }, { from: 'review', to: 'closed' }, { from: 'draft', to: 'open', guard }],
      remove: ['open→closed'],
      removeStates: ['cancelled'],
    });
    assert.deepEqual(merged.list(), ['draft→open', 'open→review', 'review→closed']);
    assert.deepEqual([...merged.states], ['draft', 'open', 'closed', 'review']);
    assert.equal(merged.find('draft', 'open')?.guard, guard);
    // The core table is untouched.
    assert.deepEqual(core.list(), ['draft→open', 'open→closed', 'open→cancelled']);
    assert.deepEqual(merged.check('draft'), []);
  });

  test('check reports unreachable states, edges naming unknown states and an unknown initial state', () => {
    const broken = core.merge({ states: ['limbo'], add: [{ from: 'closed', to: 'archived' }] });
    assert.deepEqual(broken.check('draft'), ['edge closed→archived: unknown state archived', 'unreachable state limbo']);
    assert.deepEqual(core.check('start'), [
      'unknown initial state start',
      'unreachable state draft',
      'unreachable state open',
      'unreachable state closed',
      'unreachable state cancelled',
    ]);
  });

  test('check follows the edges of other actors and several initial states', () => {
    const owner = new TransitionTable<void>(['a', 'b', 'c'], [{ from: 'a', to: 'b' }]);
    const server = new TransitionTable<unknown>(['a', 'b', 'c'], [{ from: 'b', to: 'c' }]);
    assert.deepEqual(owner.check('a'), ['unreachable state c']);
    assert.deepEqual(owner.check('a', [server]), []);
    assert.deepEqual(new TransitionTable<void>(['a', 'b'], []).check(['a', 'b']), []);
  });
});
