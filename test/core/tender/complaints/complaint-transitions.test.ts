// Every complaint status move as a table test over HTTP, on both backends (open-procedures.md
// §2.4): for each container (award, cancellation), each actor (complainant, tender owner, review
// body, payment robot, another broker, the administrator) and each pair of statuses, the stored
// complaint is put in the first status and the actor asks for the second. A move the procedure's
// table lists succeeds and stores the new status; any other is refused with the reference's
// message and changes nothing.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp, type SuiteApp } from '../../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { storedTender, updateStoredTender } from '../../../helpers/stored-tender.ts';
import { activeAward, activeNegotiation, fileComplaint, ownerUrl, type NegotiationTender } from '../../../procedures/negotiation/builders.ts';
import { negotiation } from '../../../../src/procedures/negotiation/index.ts';
import { COMPLAINT_STATUSES, type ComplaintTables } from '../../../../src/core/tender/complaints/complaint.state.ts';
import type { Claim, Tender } from '../../../../src/core/tender/tender.types.ts';

type Container = 'award' | 'cancellation';
type Actor = 'complaint_owner' | 'tender_owner' | 'aboveThresholdReviewers' | 'bots' | 'other broker';

interface Place {
  n: NegotiationTender;
  base: string;
  complaint: { id: string; token: string };
  holder(t: Tender): { complaints?: Claim[]; status?: string };
}

const ACTORS: readonly Actor[] = ['complaint_owner', 'tender_owner', 'aboveThresholdReviewers', 'bots', 'other broker'];
const CANCELLATION_EDITABLE = ['draft', 'pending', 'accepted', 'satisfied'];

function tablesOf(container: Container): ComplaintTables {
  return container === 'award' ? negotiation.transitions.complaint : negotiation.transitions.cancellationComplaint;
}

/** Who calls, with which token. */
function caller(actor: Actor, p: Place): { auth: string; token?: string } {
  switch (actor) {
    case 'complaint_owner':
      return { auth: 'broker1', token: p.complaint.token };
    case 'tender_owner':
      return { auth: 'broker', token: p.n.token };
    case 'aboveThresholdReviewers':
      return { auth: 'reviewer' };
    case 'bots':
      return { auth: 'bot' };
    case 'other broker':
      return { auth: 'broker2' };
  }
}

/** The body an actor sends for `from → to` (a move to the same status sends no status). */
function bodyOf(actor: Actor, container: Container, from: string, to: string): Json {
  const status = from === to ? {} : { status: to };
  if (actor === 'aboveThresholdReviewers') return { ...status, reviewDate: START, reviewPlace: 'Київ' };
  if (actor === 'complaint_owner' && to === from) return { title: 'Нова назва' };
  if (actor === 'tender_owner') {
    if (to === 'resolved') return { ...status, tendererAction: 'Виправлено' };
    return container === 'award' && from === to ? { tendererAction: 'Розглядаємо' } : status;
  }
  return status;
}

/** The reference's refusal of a move the table does not list. */
function refusal(actor: Actor, container: Container, from: string, to: string): string {
  if (container === 'cancellation' && !CANCELLATION_EDITABLE.includes(from)) return `Can't update complaint in current (${from}) status`;
  if (actor === 'other broker') return 'Cannot perform any action on complaint as brokers';
  const move = `Can't update complaint from ${from} to ${to} status`;
  if (actor === 'tender_owner') return container === 'cancellation' ? move : 'Forbidden';
  if (actor === 'complaint_owner' && container === 'cancellation') return `${move} as complaint_owner`;
  return move;
}

async function setStatus(t: SuiteApp, p: Place, status: string, cancellationStatus?: string): Promise<void> {
  await updateStoredTender(t, p.n.id, (d) => {
    const holder = p.holder(d);
    const complaint = holder.complaints!.find((c) => c.id === p.complaint.id)!;
    complaint.status = status;
    delete complaint.tendererAction;
    if (cancellationStatus) holder.status = cancellationStatus;
  });
}

describeApp('complaint status moves', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const places = {} as Record<Container, Place>;
  before(async () => {
    await setClock(t.app, START);
    const awarded = await activeNegotiation(t.app);
    const award = await activeAward(t.app, awarded);
    const awardComplaint = await fileComplaint(t.app, awarded, `/awards/${award.id}`, false);
    places.award = {
      n: awarded,
      base: `/awards/${award.id}`,
      complaint: awardComplaint,
      holder: (d) => (d.awards as unknown as Array<{ id: string; complaints?: Claim[] }>).find((a) => a.id === award.id)!,
    };
    const cancelled = await activeNegotiation(t.app);
    await activeAward(t.app, cancelled);
    const created = await api(t.app, 'POST', ownerUrl(cancelled, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } });
    expectStatus(created, 201);
    const cancellationId = String((created.json.data as Json).id);
    const report = { title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice };
    expectStatus(await api(t.app, 'POST', ownerUrl(cancelled, `/cancellations/${cancellationId}/documents`), { body: { data: report } }), 201);
    expectStatus(await api(t.app, 'PATCH', ownerUrl(cancelled, `/cancellations/${cancellationId}`), { body: { data: { status: 'pending' } } }), 200);
    const cancellationComplaint = await fileComplaint(t.app, cancelled, `/cancellations/${cancellationId}`, false);
    places.cancellation = {
      n: cancelled,
      base: `/cancellations/${cancellationId}`,
      complaint: cancellationComplaint,
      holder: (d) => (d.cancellations ?? []).find((c) => c.id === cancellationId)! as { complaints?: Claim[]; status?: string },
    };
  });

  for (const container of ['award', 'cancellation'] as const) {
    test(`${container} complaints: every actor × every status pair`, async () => {
      const p = places[container];
      const failures: string[] = [];
      let allowed = 0;
      for (const actor of ACTORS) {
        for (const from of COMPLAINT_STATUSES) {
          for (const to of COMPLAINT_STATUSES) {
            // A tendererAction on a cancellation complaint needs the cancellation given up first.
            const cancellationStatus = container === 'cancellation' ? (to === 'resolved' && actor === 'tender_owner' ? 'unsuccessful' : 'pending') : undefined;
            await setStatus(t, p, from, cancellationStatus);
            const before = JSON.stringify(await storedTender(t, p.n.id));
            const { auth, token } = caller(actor, p);
            const url = `/api/2.5/tenders/${p.n.id}${p.base}/complaints/${p.complaint.id}${token ? `?acc_token=${token}` : ''}`;
            const res = await api(t.app, 'PATCH', url, { auth, body: { data: bodyOf(actor, container, from, to) } });
            const listed = actor !== 'other broker' && tablesOf(container)[actor].find(from, to) !== undefined;
            const editable = container === 'award' || CANCELLATION_EDITABLE.includes(from);
            const label = `${actor} ${from}→${to}`;
            if (listed && editable) {
              allowed++;
              if (res.status !== 200 || (res.json.data as Json).status !== to) failures.push(`${label}: expected 200 ${to}, got ${res.status} ${res.body.slice(0, 200)}`);
            } else {
              const expected = refusal(actor, container, from, to);
              const error = (res.json.errors as Json[] | undefined)?.[0];
              if (res.status !== 403 || error?.description !== expected) failures.push(`${label}: expected 403 "${expected}", got ${res.status} ${res.body.slice(0, 200)}`);
              else if (JSON.stringify(await storedTender(t, p.n.id)) !== before) failures.push(`${label}: refused but stored data changed`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(allowed >= 10, `only ${allowed} allowed moves exercised`);
    });
  }

  test('the administrator changes only the fee, in any status; a status in its body is a Rogue field', async () => {
    const p = places.award;
    for (const status of COMPLAINT_STATUSES) {
      await setStatus(t, p, status);
      const url = `/api/2.5/tenders/${p.n.id}${p.base}/complaints/${p.complaint.id}`;
      const res = await api(t.app, 'PATCH', url, { auth: 'administrator', body: { data: { value: { amount: 4000, currency: 'UAH' } } } });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, status);
      assert.deepEqual((res.json.data as Json).value, { amount: 4000, currency: 'UAH' });
      const rogue = await api(t.app, 'PATCH', url, { auth: 'administrator', body: { data: { status: 'pending' } } });
      assert.equal(rogue.status, 422);
    }
  });
});
