import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchedule } from '../../../src/services/auction/auction-schedule.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';

const S = isoToMs('2027-01-15T11:30:00+02:00');

describe('buildSchedule', () => {
  it('pause 300 s, then per round one 120 s turn per bidder, 120 s pauses between rounds, then the end', () => {
    const stages = buildSchedule({ startMs: S, bidderCount: 2 });
    assert.deepEqual(
      stages.map((s) => [s.kind, s.round, s.turn ?? null, (s.startMs - S) / 1000, s.endMs === null ? null : (s.endMs - S) / 1000]),
      [
        ['pause', 1, null, 0, 300],
        ['turn', 1, 0, 300, 420],
        ['turn', 1, 1, 420, 540],
        ['pause', 2, null, 540, 660],
        ['turn', 2, 0, 660, 780],
        ['turn', 2, 1, 780, 900],
        ['pause', 3, null, 900, 1020],
        ['turn', 3, 0, 1020, 1140],
        ['turn', 3, 1, 1140, 1260],
        ['end', 4, null, 1260, null],
      ],
    );
  });

  it('three bidders: 3 × (pause + 3 turns) + end; total 300 + 9 × 120 + 2 × 120 s', () => {
    const stages = buildSchedule({ startMs: S, bidderCount: 3 });
    assert.equal(stages.length, 13);
    assert.equal(stages.at(-1)!.startMs - S, (300 + 9 * 120 + 2 * 120) * 1000);
  });

  it('the accelerator divides every offset from the start (no drift)', () => {
    const stages = buildSchedule({ startMs: S, bidderCount: 2, accelerator: 1440 });
    assert.equal(stages[1].startMs - S, Math.round(300_000 / 1440));
    assert.equal(stages.at(-1)!.startMs - S, Math.round(1_260_000 / 1440));
    for (let i = 1; i < stages.length; i += 1) assert.equal(stages[i].startMs, stages[i - 1].endMs);
  });
});
