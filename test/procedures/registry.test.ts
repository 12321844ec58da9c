// The boot check of the procedure registry: every registered procedure's merged tables are sound,
// and a procedure whose delta breaks a graph stops the app from starting.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROCEDURES, buildRegistry, checkProcedure } from '../../src/procedures/registry.ts';
import { procedureTransitions } from '../../src/core/tender/procedure-transitions.ts';
import { belowThreshold } from '../../src/procedures/below-threshold/index.ts';
import type { Procedure } from '../../src/core/tender/procedure.ts';
import { MACHINERY_CONFIG_KEYS, fixedConfigKey } from '../../src/core/tender/tender-config.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tender config keys that code under src/ reads as `config.<key>` (comment lines left out). */
function configKeysReadInSource(): Set<string> {
  const read = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
          for (const m of line.matchAll(/config\.([A-Za-z]+)/g)) read.add(m[1]!);
        }
      }
    }
  };
  walk(new URL('../../src', import.meta.url).pathname);
  return read;
}

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
    assert.deepEqual(checkProcedure(noAuction), ['noAuction: config: hasAuction may be on but the auction module is absent']);
    const complaints: Procedure = { ...belowThreshold, type: 'complaints', modules: new Set([...belowThreshold.modules, 'complaints' as const]) };
    assert.deepEqual(checkProcedure(complaints), [
      'complaints: config: the complaints module is present but hasTenderComplaints, hasAwardComplaints, hasCancellationComplaints, hasQualificationComplaints cannot be on',
    ]);
  });

  test('every config key is read by the domain, by a duration, or held to the machinery it names', () => {
    const read = configKeysReadInSource();
    for (const p of PROCEDURES) {
      const durationKeys = new Set(Object.values(p.durations).map((d) => d.configKey).filter((k) => k !== undefined));
      const unread = Object.keys(p.config).filter((k) => !read.has(k) && !durationKeys.has(k) && !MACHINERY_CONFIG_KEYS.has(k));
      assert.deepEqual(unread, [], `${p.type}: config keys read nowhere`);
    }
  });

  test('a config key that promises machinery the procedure lacks stops the boot', () => {
    const withSpec = (type: string, changes: Record<string, ReturnType<typeof fixedConfigKey>>): Procedure =>
      ({ ...belowThreshold, type, config: { ...belowThreshold.config, ...changes } });
    assert.deepEqual(checkProcedure(withSpec('complainWindow', { cancellationComplainDuration: fixedConfigKey(10) })), [
      'complainWindow: config: cancellationComplainDuration may be on but the complaints module is absent',
    ]);
    assert.deepEqual(checkProcedure(withSpec('prequalificationDays', { qualificationDuration: fixedConfigKey(5) })), [
      'prequalificationDays: config: qualificationDuration may be on but the qualifications module is absent',
    ]);
    assert.deepEqual(checkProcedure(withSpec('agreements', { hasPreSelectionAgreement: fixedConfigKey(true) })), [
      'agreements: config: hasPreSelectionAgreement may be on but the agreements module is absent',
    ]);
    assert.deepEqual(checkProcedure(withSpec('unordered', { hasAwardingOrder: { type: 'boolean', default: true } })), [
      'unordered: config: hasAwardingOrder may be false but the simultaneousAwarding module is absent',
    ]);
    assert.deepEqual(checkProcedure(withSpec('noEnquiries', { hasEnquiries: fixedConfigKey(false) })), [
      'noEnquiries: config: the enquiries module is present but hasEnquiries cannot be on',
    ]);
    const enquiriesWithoutQuestions: Procedure = { ...withSpec('regulated', { enquiryPeriodRegulation: fixedConfigKey(3) }), modules: new Set([...belowThreshold.modules].filter((m) => m !== 'questions')) };
    assert.deepEqual(checkProcedure(enquiriesWithoutQuestions), ['regulated: config: enquiryPeriodRegulation may be on but the questions module is absent']);
  });

  test('a registry without its default procedure does not start', () => {
    assert.throws(() => buildRegistry([belowThreshold], 'reporting'), /default procedure reporting is not registered/);
  });
});
