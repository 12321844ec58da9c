// The contract status table and samples of the PATCH pipeline (contracting.md §3.1–3.2). Pure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkContractPatch, contractTransitions, type ContractCheck } from '../../../src/core/contracting/contract.rules.ts';
import { ApiError } from '../../../src/core/http/errors.ts';
import type { Contract } from '../../../src/core/contracting/contract.types.ts';

const NOW = '2027-01-16T00:00:00+02:00';
const contract = (fields: Partial<Contract> = {}): Contract => ({
  id: 'c', awardID: 'a', contractID: 'UA-a1', status: 'pending', tender_id: 't', access: [],
  value: { amount: 500, amountNet: 500, currency: 'UAH', valueAddedTaxIncluded: false }, ...fields,
});

function check(before: Contract, patch: Partial<Contract>): ContractCheck {
  return {
    before,
    after: { ...structuredClone(before), ...patch },
    sent: new Set(Object.keys(patch)),
    tender: { id: 't', status: 'active.awarded', contracts: [{ id: 'c', awardID: 'a', status: before.status }] },
    award: { id: 'a', bid_id: 'b', status: 'active', date: NOW, suppliers: [], value: { amount: 500 }, complaintPeriod: { startDate: '2027-01-15T00:00:00+02:00' } },
    nowIso: NOW,
  };
}

const message = (c: ContractCheck): unknown => {
  try {
    checkContractPatch(c);
    return null;
  } catch (e) {
    return (e as ApiError).errors[0]!.description;
  }
};

describe('contract rules', () => {
  test('status table', () => {
    assert.deepEqual(contractTransitions.check('pending'), []);
    assert.ok(contractTransitions.find('pending', 'active'));
    assert.equal(contractTransitions.find('active', 'cancelled'), undefined);
  });

  test('pipeline samples in order', () => {
    assert.equal(message(check(contract(), { status: 'terminated' })), "Can't update contract status");
    assert.equal(message(check(contract(), { status: 'cancelled' })), "Can't update contract status");
    assert.equal(message(check(contract(), { status: 'active' })), 'period is required for contract in `active` status');
    assert.equal(message(check(contract(), { status: 'active', period: { startDate: NOW, endDate: NOW } })), 'contractNumber is required for contract in `active` status');
    assert.equal(message(check(contract(), { status: 'active', period: { startDate: NOW, endDate: NOW }, contractNumber: '1' })), null);
    assert.deepEqual(message(check(contract(), { value: { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false } })), { amountNet: 'This field is required.' });
    assert.equal(message(check(contract({ status: 'active' }), { status: 'terminated' })), "Can't terminate contract while 'amountPaid' is not set");
    assert.deepEqual(message(check(contract(), { dateSigned: '2027-01-15T00:00:00+02:00' })), ['Contract signature date should be after award activation date (2027-01-15T00:00:00+02:00)']);
  });

  test('items: pending keeps the list, active keeps what is bought, unit prices in the contract currency', () => {
    const item = { id: 'i', classification: { scheme: 'ДК021', id: '44617100-9' }, quantity: 5, unit: { code: 'KGM', value: { amount: 100, currency: 'UAH' } } };
    const pending = contract({ items: [item] });
    assert.equal(message(check(pending, { items: [] })), "Can't change items list length");
    assert.equal(message(check(pending, { items: [{ ...item, id: 'x' }] })), 'Updated could be only (\'unit\', \'quantity\') in item, id change forbidden: "i" -> "x"');
    assert.deepEqual(message(check(pending, { items: [{ ...item, unit: { code: 'KGM', value: { amount: 100, currency: 'USD' } } }] })), ['Value mismatch. Expected: currency UAH']);
    const active = contract({ status: 'active', items: [item], period: { startDate: NOW, endDate: NOW } });
    const other = { ...item, classification: { scheme: 'ДК021', id: '44617000-8' } };
    assert.match(String(message(check(active, { items: [item, other] }))), /^Forbidden to add new items main information in contract/);
    assert.equal(message(check(active, { items: [{ ...item, quantity: 2 }, { ...item, id: 'j', quantity: 3 }] })), null);
  });
});
