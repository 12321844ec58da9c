// The boot check of the procedure registry: every registered procedure's merged tables are sound,
// and a procedure whose delta breaks a graph stops the app from starting.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROCEDURES, buildRegistry, checkProcedure } from '../../src/procedures/registry.ts';
import { procedureTransitions } from '../../src/core/tender/procedure-transitions.ts';
import { belowThreshold } from '../../src/procedures/below-threshold/index.ts';
import type { Procedure } from '../../src/core/tender/procedure.ts';

describe('procedure registry', () => {
  for (const p of PROCEDURES) {
    test(`${p.type}: the merged transition tables pass the boot check`, () => {
      assert.deepEqual(checkProcedure(p), []);
    });
  }

  test('the registry serves every procedure by its wire type, belowThreshold by default', () => {
    const registry = buildRegistry();
    assert.equal(registry.defaultType, 'belowThreshold');
    for (const p of PROCEDURES) assert.equal(registry.get(p.type), p);
    assert.equal(registry.get('noSuchProcedure'), undefined);
  });

  test('a delta naming an unknown state or leaving a state unreachable is reported, and the app does not start', () => {
    const broken: Procedure = {
      ...belowThreshold,
      type: 'brokenProcedure',
      transitions: {
        ...belowThreshold.transitions,
        tenderTime: belowThreshold.transitions.tenderTime.merge({ add: [{ from: 'active.awarded', to: 'archived' }] }),
        award: belowThreshold.transitions.award.merge({ remove: ['pending→unsuccessful'] }),
      },
    };
    assert.deepEqual(checkProcedure(broken), [
      'brokenProcedure: tender: edge active.awarded→archived: unknown state archived',
      'brokenProcedure: award: unreachable state unsuccessful',
    ]);
    assert.throws(() => buildRegistry([belowThreshold, broken]), /Procedure registry is invalid:\nbrokenProcedure: tender: edge active.awarded→archived/);
  });

  test('a procedure without its publication edge is reported (core tables alone reach nothing past draft)', () => {
    const unpublishable: Procedure = { ...belowThreshold, type: 'unpublishable', transitions: procedureTransitions() };
    const problems = checkProcedure(unpublishable);
    assert.ok(problems.includes('unpublishable: tender: no publication edge draft→active.enquiries'), problems.join('\n'));
    assert.ok(problems.includes('unpublishable: tender: unreachable state active.tendering'), problems.join('\n'));
  });

  test('config flags and modules must agree', () => {
    const noAuction: Procedure = { ...belowThreshold, type: 'noAuction', modules: new Set([...belowThreshold.modules].filter((m) => m !== 'auction')) };
    assert.deepEqual(checkProcedure(noAuction), ['noAuction: config: hasAuction may be true but the auction module is absent']);
    const complaints: Procedure = { ...belowThreshold, type: 'complaints', modules: new Set([...belowThreshold.modules, 'complaints' as const]) };
    assert.deepEqual(checkProcedure(complaints), [
      'complaints: config: the complaints module is present but hasTenderComplaints, hasAwardComplaints, hasCancellationComplaints, hasQualificationComplaints cannot be true',
    ]);
  });

  test('a registry without its default procedure does not start', () => {
    assert.throws(() => buildRegistry([belowThreshold], 'reporting'), /default procedure reporting is not registered/);
  });
});
