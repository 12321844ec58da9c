// A populated store for the whole-API reliability tests (authorization matrix, fuzz): one tender
// in active.tendering with a lot, a tender document, an answered-able question and two bids (one
// document in each bid list), plus a second tender of the same owner; an awarded tender (award,
// award claim, a tender-level claim, a draft cancellation, a review request, each with a
// document); a signed contract in the contracting API with a change and a document; a tender in
// active.auction with its built-in auction run. Every object a route pattern can address exists,
// so each pattern can be filled with real ids.
import type { TestApp } from '../helpers/app.ts';
import { updateStoredTender } from '../helpers/stored-tender.ts';
import { api, setClock, expectStatus, type Json } from '../helpers/api.ts';
import { START } from '../helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../helpers/reference-ds.ts';
import { createTender, ownerUrl, publishTender, storedLotBid, type CreatedTender } from '../procedures/below-threshold/builders.ts';
import { criterion } from '../helpers/criteria.ts';
import { publishedOpenTender, submitOpenBid } from '../procedures/open/builders.ts';
import { COMPLAINANT } from '../procedures/negotiation/builders.ts';
import { holdChronograph, bidData, createPublishedTender, postBid, startTendering, tenderer, type CreatedBid } from '../procedures/below-threshold/tendering.ts';
import { awardsUrl, bidAndEndTendering, listAwards, publishLotTender, signAward } from '../procedures/below-threshold/awarding.ts';
import { awardClaimsUrl, cancellationReport, cancellationsUrl, fileAwardClaim, postCancellation, type FiledClaim } from '../procedures/below-threshold/cancelling.ts';
import { tenderInAuction } from '../procedures/below-threshold/auction-tenders.ts';
import { activeAward, activeNegotiation, fileComplaint, ownerUrl as negotiationOwnerUrl } from '../procedures/negotiation/builders.ts';
import { planBody } from '../helpers/plan-body.ts';

export const BID_DOCUMENT_LISTS = ['documents', 'financial_documents', 'eligibility_documents', 'qualification_documents'] as const;

export interface World {
  /** Owned by `broker`, in active.tendering. */
  tender: CreatedTender;
  /** A second tender of `broker` (its token is "another object's token"). */
  otherTender: CreatedTender;
  lotId: string;
  tenderDocumentId: string;
  questionId: string;
  /** A criterion of `tender` with its group, requirement and eligible evidence. */
  criterion: { id: string; groupId: string; requirementId: string; evidenceId: string };
  /** Both by `brokerh` on `tender`. */
  bid: CreatedBid;
  otherBid: CreatedBid;
  /** Document id per bid list of `bid`. */
  bidDocumentIds: Record<(typeof BID_DOCUMENT_LISTS)[number], string>;
  awarded: AwardedWorld;
  contract: ContractWorld;
  auction: AuctionWorld;
  limited: LimitedWorld;
  prequalified: PrequalifiedWorld;
  plans: PlanWorld;
}

/**
 * Two scheduled plans of `broker` (the second's token is "another object's token"), each with an
 * approval milestone of `broker`; a document on the first plan and on its milestone.
 */
export interface PlanWorld {
  plan: { id: string; token: string };
  otherPlan: { id: string; token: string };
  milestone: { id: string; token: string };
  otherMilestone: { id: string; token: string };
  documentId: string;
  milestoneDocumentId: string;
}

/**
 * An aboveThresholdEU tender of `broker` in the pre-qualification stand-still: one qualification
 * with a document, and a review-body complaint (by the rejected bidder, `broker4`) with its document.
 */
export interface PrequalifiedWorld {
  tenderId: string;
  tenderToken: string;
  qualificationId: string;
  qualificationDocumentId: string;
  /** The rejected bid (its owner files the complaint) and the qualification it complains about. */
  rejectedBidToken: string;
  rejectedQualificationId: string;
  complaint: { id: string; token: string };
  complaintDocumentId: string;
}

/** The rejected bidder of the prequalified world. */
export const QUALIFICATION_COMPLAINANT = 'broker4';

/**
 * A negotiation tender of `broker` whose award is active and whose cancellation is pending with
 * its complaint period open, with a review-body complaint (by `broker1`, paid) and its document.
 */
export interface LimitedWorld {
  tenderId: string;
  tenderToken: string;
  cancellationId: string;
  complaint: { id: string; token: string };
  complaintDocumentId: string;
}

/** A one-lot tender of `broker` in active.awarded, held (no chronograph). */
export interface AwardedWorld {
  tender: CreatedTender;
  lotId: string;
  awardId: string;
  awardDocumentId: string;
  /** Token of the awarded (winning) bid, whose owner files award claims. */
  bidToken: string;
  /** An award claim by the winning bid's owner, in draft; also copied as a tender-level claim. */
  claim: FiledClaim;
  claimDocumentId: string;
  cancellationId: string;
  cancellationDocumentId: string;
  reviewRequestId: string;
}

/** An active contract in the contracting API (owner: the tender's owner and token). */
export interface ContractWorld {
  id: string;
  /** The token of the tender the contract came from (the buyer side). */
  tenderToken: string;
  /** The token of the winning bid (the supplier side). */
  supplierToken: string;
  documentId: string;
  changeId: string;
}

/** A tender in active.auction with its built-in auction run (bidder page key). */
export interface AuctionWorld {
  tenderId: string;
  lotId: string;
  key: string;
}

export const BIDDER = 'brokerh';

/** Requirement responses (with one evidence each) the world's bid and award hold. */
export const WORLD_RESPONSES = {
  bid: { id: 'b'.repeat(31) + '1', evidenceId: 'b'.repeat(31) + '2' },
  award: { id: 'a'.repeat(31) + '1', evidenceId: 'a'.repeat(31) + '2' },
} as const;

const documentData = (title: string): Json => ({ title, format: 'application/pdf', ...SIGNED_URLS.notice });

async function created(res: Promise<Awaited<ReturnType<typeof api>>>): Promise<Json> {
  const r = await res;
  expectStatus(r, 201);
  return r.json.data as Json;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const { tender, lotId } = await createPublishedTender(t.app);
  const otherTender = await createTender(t.app);
  await publishTender(t.app, otherTender);
  const { scale: _scale, ...author } = tenderer();
  const question = await created(api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/questions`, { auth: BIDDER, body: { data: { author, title: 'q', description: 'd' } } }));
  const tenderDocument = await created(
    api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/documents?acc_token=${tender.token}`, { body: { data: documentData('notice.pdf') } }),
  );
  const [posted] = (await created(
    api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/criteria?acc_token=${tender.token}`, { body: { data: [criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD', { evidence: true })] } }),
  )) as unknown as Json[];
  const group = (posted!.requirementGroups as Json[])[0]!;
  const requirement = (group.requirements as Json[])[0]!;
  const criterionIds = { id: String(posted!.id), groupId: String(group.id), requirementId: String(requirement.id), evidenceId: String((requirement.eligibleEvidences as Json[])[0]!.id) };
  await startTendering(t, tender.id);
  await holdChronograph(t, tender.id);
  await holdChronograph(t, otherTender.id);
  const bid = await postBid(t.app, tender, bidData(lotId), BIDDER);
  const otherBid = await postBid(t.app, tender, bidData(lotId), BIDDER);
  await updateStoredTender(t, tender.id, (d) => {
    const stored = (d.bids ?? []).find((b) => b.id === bid.id)!;
    const r = WORLD_RESPONSES.bid;
    stored.requirementResponses = [{ id: r.id, requirement: { id: criterionIds.requirementId }, value: true, evidences: [{ id: r.evidenceId, type: 'statement', title: 'e' }] }];
  });
  const bidDocumentIds = {} as World['bidDocumentIds'];
  for (const list of BID_DOCUMENT_LISTS) {
    const doc = await created(
      api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/bids/${bid.id}/${list}?acc_token=${bid.token}`, { auth: BIDDER, body: { data: documentData(`${list}.pdf`) } }),
    );
    bidDocumentIds[list] = String(doc.id);
  }
  const awarded = await buildAwarded(t);
  const contract = await buildContract(t);
  const auction = await buildAuction(t);
  const limited = await buildLimited(t);
  const prequalified = await buildPrequalified(t);
  const plans = await buildPlans(t);
  return { plans, limited, prequalified, tender, otherTender, lotId, criterion: criterionIds, tenderDocumentId: String(tenderDocument.id), questionId: String(question.id), bid, otherBid, bidDocumentIds, awarded, contract, auction };
}

/** Awards the single bid of a fresh one-lot tender (the award signed): active.awarded with a contract. */
async function awardedLotTender(t: TestApp): Promise<{ tender: CreatedTender; lotId: string; awardId: string; awardDocumentId: string; bid: CreatedBid }> {
  const lt = await publishLotTender(t.app, 1);
  const [bid] = await bidAndEndTendering(t, lt, [[500]]);
  const [award] = await listAwards(t.app, lt.tender.id);
  const awardId = String(award!.id);
  const signature = await signAward(t.app, lt.tender, awardId);
  expectStatus(await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${awardId}`), { body: { data: { status: 'active', qualified: true } } }), 200);
  return { tender: lt.tender, lotId: lt.lotIds[0]!, awardId, awardDocumentId: String(signature.id), bid: bid! };
}

async function buildAwarded(t: TestApp): Promise<AwardedWorld> {
  const { tender, lotId, awardId, awardDocumentId, bid } = await awardedLotTender(t);
  await holdChronograph(t, tender.id);
  const claim = await fileAwardClaim(t.app, { tender, lotId, awardId, bidToken: bid.token, bidId: bid.id });
  const claimDocument = await created(
    api(t.app, 'POST', `${awardClaimsUrl({ tender, lotId, awardId, bidToken: bid.token, bidId: bid.id }, `/${claim.id}/documents`)}?acc_token=${claim.token}`, { body: { data: documentData('claim.pdf') } }),
  );
  const cancellation = await postCancellation(t.app, tender);
  const cancellationDocument = await created(api(t.app, 'POST', cancellationsUrl(tender, `/${String(cancellation.id)}/documents`), { body: { data: cancellationReport() } }));
  // Tender-level claims can no longer be filed; older tenders still hold them (and their routes).
  await updateStoredTender(t, tender.id, (d) => {
    const awards = d.awards as unknown as Array<{ id: string; complaints: Json[] }>;
    const awardClaim = awards.find((a) => a.id === awardId)!.complaints[0]!;
    d.complaints = [structuredClone(awardClaim)] as unknown as typeof d.complaints;
    d.funders = [{ ...tenderer(), name: 'Фонд' }] as unknown as typeof d.funders;
    d.inspector = { ...tenderer(), name: 'Компанія Контролер' } as unknown as typeof d.inspector;
    const award = (d.awards as unknown as Array<Record<string, unknown>>).find((a) => a.id === awardId)!;
    const r = WORLD_RESPONSES.award;
    award.requirementResponses = [{ id: r.id, requirement: { id: '0'.repeat(32) }, value: true, evidences: [{ id: r.evidenceId, type: 'statement', title: 'e' }] }];
  });
  const reviewRequest = await created(api(t.app, 'POST', ownerUrl(tender, '/review_requests'), { body: { data: { lotID: lotId } } }));
  return {
    tender, lotId, awardId, awardDocumentId, bidToken: bid.token, claim, claimDocumentId: String(claimDocument.id),
    cancellationId: String(cancellation.id), cancellationDocumentId: String(cancellationDocument.id), reviewRequestId: String(reviewRequest.id),
  };
}

async function buildContract(t: TestApp): Promise<ContractWorld> {
  const { tender, bid } = await awardedLotTender(t);
  await holdChronograph(t, tender.id);
  const mirror = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/contracts`, { auth: null });
  const id = String((mirror.json.data as Json[])[0]!.id);
  const url = (suffix = '') => `/api/2.5/contracts/${id}${suffix}?acc_token=${tender.token}`;
  const signing = { contractNumber: 'N-1', period: { startDate: '2027-01-16T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' }, status: 'active' };
  expectStatus(await api(t.app, 'PATCH', url(), { body: { data: signing } }), 200);
  const change = await created(api(t.app, 'POST', url('/changes'), { body: { data: { rationale: 'ціна', rationaleTypes: ['priceReduction'] } } }));
  const document = await created(api(t.app, 'POST', url('/documents'), { body: { data: documentData('contract.pdf') } }));
  return { id, tenderToken: tender.token, supplierToken: bid.token, documentId: String(document.id), changeId: String(change.id) };
}

async function buildAuction(t: TestApp): Promise<AuctionWorld> {
  const money = (amount: number): Json => ({ amount, currency: 'UAH', valueAddedTaxIncluded: false });
  const lotValue = (lotId: string, amount: number, date: string): Json => ({ relatedLot: lotId, status: 'pending', value: money(amount), date });
  await setClock(t.app, START);
  const tender = await tenderInAuction(t, 1, (lotIds) => [
    storedLotBid(lotIds, { lotValues: [lotValue(lotIds[0]!, 480, '2027-01-09T10:00:00+02:00')] }),
    storedLotBid(lotIds, { lotValues: [lotValue(lotIds[0]!, 500, '2027-01-09T11:00:00+02:00')] }),
  ]);
  const lotId = tender.lotIds[0]!;
  return { tenderId: tender.id, lotId, key: `${tender.id}_${lotId}` };
}

/** Complaints on a cancellation exist where the tender's cancellations wait out a complaint period. */
async function buildLimited(t: TestApp): Promise<LimitedWorld> {
  await setClock(t.app, START);
  const n = await activeNegotiation(t.app);
  await activeAward(t.app, n);
  // The clock is frozen at the award's activation: its stand-still has not begun strictly yet.
  const cancellation = await created(api(t.app, 'POST', negotiationOwnerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } }));
  const cUrl = (suffix = '') => negotiationOwnerUrl(n, `/cancellations/${String(cancellation.id)}${suffix}`);
  await created(api(t.app, 'POST', cUrl('/documents'), { body: { data: cancellationReport() } }));
  expectStatus(await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'pending' } } }), 200);
  const complaint = await fileComplaint(t.app, n, `/cancellations/${String(cancellation.id)}`, false);
  const document = await created(
    api(t.app, 'POST', `/api/2.5/tenders/${n.id}/cancellations/${String(cancellation.id)}/complaints/${complaint.id}/documents?acc_token=${complaint.token}`, {
      auth: COMPLAINANT_BROKER,
      body: { data: documentData('complaint.pdf') },
    }),
  );
  return { tenderId: n.id, tenderToken: n.token, cancellationId: String(cancellation.id), complaint: { id: complaint.id, token: complaint.token }, complaintDocumentId: String(document.id) };
}

async function buildPrequalified(t: TestApp): Promise<PrequalifiedWorld> {
  await setClock(t.app, START);
  const tender = await publishedOpenTender(t.app, 'aboveThresholdEU');
  const lot = tender.lotIds[0]!;
  await submitOpenBid(t.app, tender, { [lot]: 900 }, 'brokerh');
  const rejected = await submitOpenBid(t.app, tender, { [lot]: 950 }, QUALIFICATION_COMPLAINANT);
  // Tendering ended a minute ago (a stored edit), run by this tender's chronograph call alone.
  const ended = '2026-12-31T23:59:00+02:00';
  await updateStoredTender(t, tender.id, (d) => {
    d.tenderPeriod = { ...d.tenderPeriod, endDate: ended };
    d.next_check = ended;
  });
  expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/chronograph`, { auth: 'chronograph', body: { data: { id: tender.id } } }), 200);
  const url = (suffix: string, token = tender.token) => `/api/2.5/tenders/${tender.id}${suffix}?acc_token=${token}`;
  const qualifications = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/qualifications`)).json.data as unknown as Json[];
  const kept = qualifications.find((q) => q.bidID !== rejected.id)!;
  const lost = qualifications.find((q) => q.bidID === rejected.id)!;
  const qualificationDocument = await created(api(t.app, 'POST', url(`/qualifications/${String(kept.id)}/documents`), { body: { data: documentData('protocol.pdf') } }));
  expectStatus(await api(t.app, 'PATCH', url(`/qualifications/${String(kept.id)}`), { body: { data: { status: 'active', qualified: true, eligible: true } } }), 200);
  expectStatus(await api(t.app, 'PATCH', url(`/qualifications/${String(lost.id)}`), { body: { data: { status: 'unsuccessful' } } }), 200);
  await created(api(t.app, 'POST', url('/documents'), { body: { data: { title: 'evaluation.p7s', documentType: 'evaluationReports', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } } }));
  expectStatus(await api(t.app, 'PATCH', url(''), { body: { data: { status: 'active.pre-qualification.stand-still' } } }), 200);
  const complaints = `/qualifications/${String(lost.id)}/complaints`;
  const filed = await api(t.app, 'POST', url(complaints, rejected.token), { auth: QUALIFICATION_COMPLAINANT, body: { data: { type: 'complaint', title: 'Скарга', description: 'd', author: COMPLAINANT } } });
  expectStatus(filed, 201);
  const complaint = { id: String((filed.json.data as Json).id), token: String((filed.json.access as Json).token) };
  const complaintDocument = await created(
    api(t.app, 'POST', url(`${complaints}/${complaint.id}/documents`, complaint.token), { auth: QUALIFICATION_COMPLAINANT, body: { data: documentData('complaint.pdf') } }),
  );
  return {
    tenderId: tender.id, tenderToken: tender.token, qualificationId: String(kept.id), qualificationDocumentId: String(qualificationDocument.id),
    rejectedBidToken: rejected.token, rejectedQualificationId: String(lost.id), complaint, complaintDocumentId: String(complaintDocument.id),
  };
}

async function buildPlans(t: TestApp): Promise<PlanWorld> {
  const post = async () => {
    const r = await api(t.app, 'POST', '/api/2.5/plans', { body: { data: planBody() } });
    expectStatus(r, 201);
    return { id: String((r.json.data as Json).id), token: String((r.json.access as Json).token) };
  };
  const plan = await post();
  const otherPlan = await post();
  const { identifier, name } = planBody().procuringEntity as Json;
  const milestoneOf = async (planId: string) => {
    const body = { title: 'Підготовка до проведення процедури', type: 'approval', dueDate: '2027-02-01T00:00:00+02:00', author: { identifier, name } };
    const r = await api(t.app, 'POST', `/api/2.5/plans/${planId}/milestones`, { body: { data: body } });
    expectStatus(r, 201);
    return { id: String((r.json.data as Json).id), token: String((r.json.access as Json).token) };
  };
  const milestone = await milestoneOf(plan.id);
  const otherMilestone = await milestoneOf(otherPlan.id);
  const document = await created(api(t.app, 'POST', `/api/2.5/plans/${plan.id}/documents?acc_token=${plan.token}`, { body: { data: documentData('plan.pdf') } }));
  const milestoneDocument = await created(
    api(t.app, 'POST', `/api/2.5/plans/${plan.id}/milestones/${milestone.id}/documents?acc_token=${milestone.token}`, { body: { data: documentData('approval.pdf') } }),
  );
  return { plan, otherPlan, milestone, otherMilestone, documentId: String(document.id), milestoneDocumentId: String(milestoneDocument.id) };
}

/** The broker who files the world's review-body complaints. */
export const COMPLAINANT_BROKER = 'broker1';

/** The document list a document route pattern addresses (its `:document_id` belongs to that list). */
function documentIdFor(pattern: string, w: World): string {
  if (pattern.startsWith('/api/2.5/plans/')) return pattern.includes('/milestones/') ? w.plans.milestoneDocumentId : w.plans.documentId;
  const list = BID_DOCUMENT_LISTS.find((l) => pattern.includes(`/bids/:bid_id/${l}/`));
  if (list) return w.bidDocumentIds[list];
  if (pattern.includes('/cancellations/:cancellation_id/complaints/')) return w.limited.complaintDocumentId;
  if (pattern.includes('/qualifications/:qualification_id/complaints/')) return w.prequalified.complaintDocumentId;
  if (pattern.includes('/qualifications/')) return w.prequalified.qualificationDocumentId;
  if (pattern.includes('/complaints/')) return w.awarded.claimDocumentId;
  if (pattern.includes('/awards/')) return w.awarded.awardDocumentId;
  if (pattern.includes('/cancellations/')) return w.awarded.cancellationDocumentId;
  if (pattern.startsWith('/api/2.5/contracts/')) return w.contract.documentId;
  return w.tenderDocumentId;
}

/** The world tender a pattern's `:tender_id` stands for: the one holding the objects it addresses. */
function tenderIdFor(pattern: string, w: World): string {
  if (isCancellationComplaintPattern(pattern)) return w.limited.tenderId;
  if (isQualificationPattern(pattern)) return w.prequalified.tenderId;
  if (/\/(awards|complaints|cancellations|review_requests)(\/|$)/.test(pattern)) return w.awarded.tender.id;
  if (/\/auction(\/|$)/.test(pattern)) return w.auction.tenderId;
  return w.tender.id;
}

/**
 * Fills a route pattern's `:params` with the world's ids (documents of a list belong to that
 * list). A param the world has no object for throws, unless `placeholder` is given (the fuzz test
 * still reaches such a route, as an unknown id).
 */
export const isCancellationComplaintPattern = (pattern: string): boolean => pattern.includes('/cancellations/:cancellation_id/complaints');
/** Qualification routes (their responses aside: no world qualification holds any) address the prequalified tender. */
export const isQualificationPattern = (pattern: string): boolean => pattern.includes('/qualifications/:qualification_id') && !pattern.includes('/requirement_responses');

export function fillPattern(pattern: string, w: World, placeholder?: string): string {
  const limited = isCancellationComplaintPattern(pattern);
  const ids: Record<string, string> = {
    tender_id: tenderIdFor(pattern, w),
    lot_id: w.lotId,
    question_id: w.questionId,
    bid_id: w.bid.id,
    document_id: documentIdFor(pattern, w),
    doc_id: 'a'.repeat(32),
    award_id: w.awarded.awardId,
    complaint_id: limited ? w.limited.complaint.id : isQualificationPattern(pattern) ? w.prequalified.complaint.id : w.awarded.claim.id,
    cancellation_id: limited ? w.limited.cancellationId : w.awarded.cancellationId,
    review_request_id: w.awarded.reviewRequestId,
    contract_id: w.contract.id,
    change_id: w.contract.changeId,
    // PUT creates the transaction under the id given.
    transaction_id: 'c'.repeat(32),
    auction_lot_id: w.auction.lotId,
    criterion_id: w.criterion.id,
    requirement_group_id: w.criterion.groupId,
    requirement_id: w.criterion.requirementId,
    evidence_id: pattern.includes('/requirement_responses/')
      ? (pattern.includes('/awards/') ? WORLD_RESPONSES.award.evidenceId : WORLD_RESPONSES.bid.evidenceId)
      : w.criterion.evidenceId,
    requirement_response_id: pattern.includes('/awards/') ? WORLD_RESPONSES.award.id : WORLD_RESPONSES.bid.id,
    // Complaints go to the rejected bid's qualification; responses to no qualification at all.
    qualification_id: !isQualificationPattern(pattern) ? 'e'.repeat(32) : pattern.includes('/complaints') ? w.prequalified.rejectedQualificationId : w.prequalified.qualificationId,
    key: w.auction.key,
    plan_id: w.plans.plan.id,
    milestone_id: w.plans.milestone.id,
  };
  return pattern.replace(/:([a-z_]+)/g, (_m, name: string) => {
    const id = ids[name] ?? placeholder;
    if (id === undefined) throw new Error(`fillPattern: no world id for :${name} in ${pattern}; extend test/reliability/world.ts`);
    return id;
  });
}

/** A digest of everything stored about the world's tenders and contract (documents and revision counts). */
export async function storedSnapshot(t: TestApp, w: World): Promise<string> {
  const parts: unknown[] = [];
  const objects: Array<['tenders' | 'contracts' | 'plans', string]> = [
    ...[w.tender.id, w.otherTender.id, w.awarded.tender.id, w.auction.tenderId, w.limited.tenderId, w.prequalified.tenderId].map((id): ['tenders', string] => ['tenders', id]),
    ['contracts', w.contract.id],
  ];
  objects.push(['plans', w.plans.plan.id], ['plans', w.plans.otherPlan.id]);
  for (const [collection, id] of objects) {
    const stored = await t.deps.store.get(collection, id);
    parts.push(stored?.rev, stored?.doc, (await t.deps.store.revisions(collection, id)).length);
  }
  return JSON.stringify(parts);
}
