// negotiation rules beyond the main flows (open-procedures.md §0.4, §6.4), on both backends: the
// procuring entity kinds, awards moved between lots, lot cancellations, complete lots and
// undecided complaints against cancellations. Every refusal leaves the tender as it was.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import {
  activeAward, createNegotiation, decide, fileComplaint, LOT_ID, negotiationBody, ownerUrl, PROCURING_ENTITY, postAward, signContract, signNotice,
  type NegotiationTender,
} from './builders.ts';

const SECOND_LOT = 'f'.repeat(32);
const cancellationReport = (): Json => ({ title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });

/** A tender with two lots (an item each), published. */
async function twoLotTender(app: FastifyInstance): Promise<NegotiationTender> {
  const body = negotiationBody('negotiation');
  const [item] = body.data.items as Json[];
  const [lot] = body.data.lots as Json[];
  const n = await createNegotiation(app, 'negotiation', {
    items: [item, { ...item, relatedLot: SECOND_LOT }],
    lots: [lot, { ...lot, id: SECOND_LOT, title: 'Лот 2' }],
  });
  expectStatus(await api(app, 'PATCH', ownerUrl(n), { body: { data: { status: 'active' } } }), 200);
  return n;
}

const snapshot = async (app: FastifyInstance, n: NegotiationTender): Promise<string> => (await api(app, 'GET', `/api/2.5/tenders/${n.id}`)).body;

async function pendingCancellation(app: FastifyInstance, n: NegotiationTender, relatedLot?: string): Promise<string> {
  const created = await api(app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand', ...(relatedLot ? { relatedLot } : {}) } } });
  expectStatus(created, 201);
  const id = String((created.json.data as Json).id);
  expectStatus(await api(app, 'POST', ownerUrl(n, `/cancellations/${id}/documents`), { body: { data: cancellationReport() } }), 201);
  expectStatus(await api(app, 'PATCH', ownerUrl(n, `/cancellations/${id}`), { body: { data: { status: 'pending' } } }), 200);
  return id;
}

describeApp('negotiation rules', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(() => setClock(t.app, START));

  test('procuring entity kinds: from 2027-02-23 only the procedure\'s own; a refused tender is not stored', async () => {
    await setClock(t.app, START);
    const early = await createNegotiation(t.app, 'negotiation', { procuringEntity: { ...PROCURING_ENTITY, kind: 'central' } });
    assert.equal((early.data.procuringEntity as Json).kind, 'central', 'before the date any model-valid kind');
    await setClock(t.app, '2027-03-01T00:00:00+02:00');
    const feed = (await api(t.app, 'GET', '/api/2.5/tenders')).body;
    expectError(
      await api(t.app, 'POST', '/api/2.5/tenders', { body: negotiationBody('negotiation.quick', { procuringEntity: { ...PROCURING_ENTITY, kind: 'central' } }) }),
      422, 'body', 'procuringEntity', 'Procedure publishing with method type negotiation.quick is not allowed for procuringEntity.kind central',
    );
    assert.equal((await api(t.app, 'GET', '/api/2.5/tenders')).body, feed);
    const n = await createNegotiation(t.app, 'negotiation');
    expectError(
      await api(t.app, 'PATCH', ownerUrl(n), { body: { data: { procuringEntity: { ...PROCURING_ENTITY, kind: 'other' } } } }),
      422, 'body', 'procuringEntity', 'Procedure publishing with method type negotiation is not allowed for procuringEntity.kind other',
    );
    await setClock(t.app, START);
  });

  test('awards across lots: a busy lot refuses a moved award; a lot without an active award is cancelled at once', async () => {
    await setClock(t.app, START);
    const n = await twoLotTender(t.app);
    const first = await postAward(t.app, n);
    const second = await postAward(t.app, n, { lotID: SECOND_LOT });
    const before = await snapshot(t.app, n);
    expectError(await decide(t.app, n, second.id, { lotID: LOT_ID }), 422, 'body', 'lotID', 'Another award is already using this lotID.');
    assert.equal(await snapshot(t.app, n), before);
    // Without an active award on it, the second lot's cancellation needs no complaint period: it runs at once.
    const id = await pendingCancellation(t.app, n, SECOND_LOT);
    const lot2 = ((await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as { lots: Json[] }).lots[1]!;
    assert.equal(lot2.status, 'cancelled', `no active award on the lot: cancellation ${id} ran at once`);
    assert.equal(first.status, 'pending');
  });

  test('a pending lot cancellation blocks its award and a second cancellation, and takes effect after its complaint period', async () => {
    await setClock(t.app, START);
    const n = await twoLotTender(t.app);
    const award = await activeAward(t.app, n);
    const cancellationId = await pendingCancellation(t.app, n, LOT_ID);
    const before = await snapshot(t.app, n);
    expectError(await decide(t.app, n, award.id, { title: 'x' }), 403, 'body', 'data', "Can't update award with lot that have active cancellation");
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } }),
      403, 'body', 'data', 'Forbidden because of a pending cancellation',
    );
    assert.equal(await snapshot(t.app, n), before);
    // The lot's cancellation takes effect after its complaint period; the other lot is awarded and signed.
    await setClock(t.app, '2027-01-11T00:00:00+02:00');
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${n.id}/chronograph`, { auth: 'chronograph', body: { data: { id: n.id } } }), 200);
    const after = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as { lots: Json[]; cancellations: Json[] };
    assert.equal(after.cancellations.find((c) => c.id === cancellationId)!.status, 'active');
    assert.equal(after.lots[0]!.status, 'cancelled');
    const second = await postAward(t.app, n, { lotID: SECOND_LOT });
    expectStatus(await signNotice(t.app, n, second.id), 201);
    const activated = await decide(t.app, n, second.id, { status: 'active', qualified: true });
    expectStatus(activated, 200);
    const end = String(((activated.json.data as Json).complaintPeriod as Json).endDate);
    await setClock(t.app, end);
    expectStatus(await signContract(t.app, n, end), 200);
    const done = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as { status: string; lots: Json[] };
    assert.deepEqual(done.lots.map((l) => l.status), ['cancelled', 'complete']);
    assert.equal(done.status, 'complete');
  });

  test('a complete lot blocks a cancellation of the whole tender', async () => {
    await setClock(t.app, START);
    const n = await twoLotTender(t.app);
    const award = await activeAward(t.app, n);
    const end = String((award.complaintPeriod as Json).endDate);
    await setClock(t.app, end);
    expectStatus(await signContract(t.app, n, end), 200);
    const tender = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as { status: string; lots: Json[] };
    assert.deepEqual([tender.status, ...tender.lots.map((l) => l.status)], ['active', 'complete', 'active']);
    const before = await snapshot(t.app, n);
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } }),
      403, 'body', 'data', "Can't perform cancellation, if there is at least one complete lot",
    );
    assert.equal(await snapshot(t.app, n), before);
    expectStatus(await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand', relatedLot: SECOND_LOT } } }), 201);
  });

  test('resolving a satisfied cancellation complaint gives the held days to stand-stills then running (§2.6)', async () => {
    await setClock(t.app, START);
    const n = await twoLotTender(t.app);
    // Lot 2's award enters its stand-still a day before lot 1's award and cancellation.
    const second = await postAward(t.app, n, { lotID: SECOND_LOT });
    expectStatus(await signNotice(t.app, n, second.id), 201);
    const activated = await decide(t.app, n, second.id, { status: 'active', qualified: true });
    const secondEnd = String(((activated.json.data as Json).complaintPeriod as Json).endDate);
    await setClock(t.app, '2027-01-02T00:00:00+02:00');
    const first = await activeAward(t.app, n);
    const cancellationId = await pendingCancellation(t.app, n, LOT_ID);
    const base = `/cancellations/${cancellationId}`;
    const complaint = await fileComplaint(t.app, n, base);
    const review = (data: Json) => api(t.app, 'PATCH', `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}`, { auth: 'reviewer', body: { data } });
    expectStatus(await review({ status: 'accepted', reviewDate: '2027-01-02T00:00:00+02:00' }), 200);
    expectStatus(await review({ status: 'satisfied' }), 200);
    expectStatus(await api(t.app, 'PATCH', ownerUrl(n, base), { body: { data: { status: 'unsuccessful' } } }), 200);
    // 1 day and 12 hours after the complaint period began: 2 days given back.
    await setClock(t.app, '2027-01-03T12:00:00+02:00');
    expectStatus(await api(t.app, 'PATCH', ownerUrl(n, `${base}/complaints/${complaint.id}`), { body: { data: { tendererAction: 'Скасування відкликано' } } }), 200);
    const awards = ((await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as { awards: Json[] }).awards;
    const periodOf = (id: unknown) => awards.find((a) => a.id === id)!.complaintPeriod as Json;
    assert.equal(secondEnd, '2027-01-06T00:00:00+02:00');
    assert.equal(periodOf(second.id).endDate, '2027-01-08T00:00:00+02:00', 'running when the cancellation began: moved by 2 days');
    assert.equal(periodOf(first.id).endDate, (first.complaintPeriod as Json).endDate, 'began with the cancellation: not moved');
  });

  test('an undecided award complaint blocks a cancellation of its scope', async () => {
    await setClock(t.app, START);
    const n = await createNegotiation(t.app, 'negotiation.quick');
    expectStatus(await api(t.app, 'PATCH', ownerUrl(n), { body: { data: { status: 'active' } } }), 200);
    const award = await activeAward(t.app, n);
    await fileComplaint(t.app, n, `/awards/${String(award.id)}`);
    await setClock(t.app, String((award.complaintPeriod as Json).endDate));
    const before = await snapshot(t.app, n);
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } }),
      403, 'body', 'data', "Can't perform operation for there is an award complaint in pending status",
    );
    assert.equal(await snapshot(t.app, n), before);
  });
});
