// Authorization matrix (issue 7, reliability 4): every write route of the app, taken from its
// route table at test time, × {no key, unknown key, wrong group, other broker, wrong acc_token,
// another object's token} is refused with the reference's status and error. A write route missing
// from EXPECTED fails the test, so a new route cannot go unchecked.
//
// The reference's refusals: its ACL (`__acl__` per resource; only `brokers`, `Administrator` and
// `admins` hold create/edit permissions) and owner checks (`validate_item_owner`: user == owner and
// token == owner_token) both end in 403 url/permission/Forbidden (platform.md §3.2, §3.4); a broker
// without the operation's level gets 403 url/accreditation (§3.3). Three kinds differ: a claim
// PATCH lets every broker through the complaint ACL and refuses one without a part in the claim
// with 403 body/data; the bidder page takes no API key (its participation signature decides); the
// tender-level claim POST no longer exists (404 to all).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeApp } from '../helpers/app.ts';
import { api, type Json } from '../helpers/api.ts';
import { tenderBody } from '../helpers/recorded-tender.ts';
import { criterion } from '../helpers/criteria.ts';
import { planBody } from '../helpers/plan-body.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../helpers/reference-ds.ts';
import { bidData, tenderer } from '../procedures/below-threshold/tendering.ts';
import { BIDDER, BID_DOCUMENT_LISTS, buildWorld, COMPLAINANT_BROKER, fillPattern, QUALIFICATION_COMPLAINANT, storedSnapshot, type World } from './world.ts';

const CASES = ['no key', 'unknown key', 'wrong group', 'other broker', 'wrong acc_token', "another object's token"] as const;
type Case = (typeof CASES)[number];

interface Refusal {
  status: number;
  error: { location: string; name: string; description: string };
}
/** Why a case does not apply to a route (e.g. creation has no owner token). */
type NotApplicable = { na: string };

/**
 * A service group with no write permission on any of these routes (bots and the auction may
 * upload tender documents in the reference, so they are no "wrong group" there).
 */
const WRONG_GROUP = 'inspector';

const PERMISSION: Refusal = { status: 403, error: { location: 'url', name: 'permission', description: 'Forbidden' } };
const NO_OWNER: NotApplicable = { na: 'creation: no owner token involved' };
const ANY_USER: NotApplicable = { na: 'any authenticated user may upload' };

const NO_TOKEN: NotApplicable = { na: 'no owner token involved' };

/** The row of a route: callers without a key or with an unknown one are always anonymous. */
function refusedWith(group: Refusal | NotApplicable, otherBroker: Refusal | NotApplicable, tokens: Refusal | NotApplicable): Record<Case, Refusal | NotApplicable> {
  return {
    'no key': PERMISSION,
    'unknown key': PERMISSION,
    'wrong group': group,
    'other broker': otherBroker,
    'wrong acc_token': tokens,
    "another object's token": tokens,
  };
}

/**
 * Whose token the route checks: the world's tender or bid; the awarded tender (awards,
 * cancellations, review requests); the awarded bid (award claims); the claim; the contract's buyer
 * (the tender's token) or supplier (the winning bid's token).
 */
type Owner =
  | 'tender' | 'bid' | 'awarded tender' | 'awarded bid' | 'claim' | 'complaint' | 'contract buyer' | 'contract supplier'
  | 'prequalified tender' | 'rejected bid' | 'qualification complaint' | 'plan' | 'milestone' | 'none';

interface RouteExpectation {
  owner: Owner;
  /** The rightful caller's key (the owner, or the service role). */
  caller: string;
  /** A key of an authenticated user in a group the route does not allow. */
  wrongGroup?: string;
  body?: (w: World) => unknown;
  cases: Record<Case, Refusal | NotApplicable>;
  /** A broker lacking the operation's accreditation level, with the reference's refusal. */
  accreditation?: { key: string; refusal: Refusal };
}

const ownerRoute = (owner: Exclude<Owner, 'none'>, body?: (w: World) => unknown): RouteExpectation => ({
  owner,
  // Only the world's bids are by another broker; the awarding tenders' bids are by `broker`.
  caller: owner === 'bid' ? BIDDER : 'broker',
  wrongGroup: WRONG_GROUP,
  body,
  cases: refusedWith(PERMISSION, PERMISSION, PERMISSION),
});

const creationRoute = (body: (w: World) => unknown, item: string, lowLevelKey: string): RouteExpectation => ({
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body,
  cases: refusedWith(PERMISSION, NO_OWNER, NO_OWNER),
  accreditation: {
    key: lowLevelKey,
    refusal: { status: 403, error: { location: 'url', name: 'accreditation', description: `Broker Accreditation level does not permit ${item} creation` } },
  },
});

const serviceRoute = (caller: string, wrongGroup: string, body: unknown): RouteExpectation => ({
  owner: 'none',
  caller,
  wrongGroup,
  body: () => body,
  cases: refusedWith(PERMISSION, { na: `a service route (${caller} only): no broker owns it` }, NO_TOKEN),
});

const dsRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  body: () => ({ data: { hash: `md5:${'0'.repeat(32)}` } }),
  cases: { ...refusedWith(ANY_USER, ANY_USER, NO_TOKEN), 'no key': PERMISSION, 'unknown key': PERMISSION },
};

/**
 * A claim PATCH: the complaint ACL lets brokers in, then the claim's rules look for the caller's
 * part (claim author, tender owner) and find none: 403 body/data naming the group.
 */
const claimPatchRoute = (body: (w: World) => unknown): RouteExpectation => {
  const noPart: Refusal = { status: 403, error: { location: 'body', name: 'data', description: 'Cannot perform any action on complaint as brokers' } };
  return { owner: 'claim', caller: 'broker', wrongGroup: WRONG_GROUP, body, cases: refusedWith(PERMISSION, noPart, noPart) };
};

/** Tender-level claims can no longer be filed: the route answers 404 to everyone. */
const NO_ROUTE: Refusal = { status: 404, error: { location: 'url', name: 'not_found', description: 'Not Found' } };
const absentRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body: () => ({ data: { title: 'claim' } }),
  cases: { ...refusedWith(NO_ROUTE, NO_ROUTE, NO_ROUTE), 'no key': NO_ROUTE, 'unknown key': NO_ROUTE },
};

/** belowThreshold awards are the system's: POST answers the framework's 405 to everyone. */
const METHOD_NOT_ALLOWED: Refusal = { status: 405, error: { location: 'url', name: 'method_not_allowed', description: 'Method Not Allowed' } };
const rankedAwardPostRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body: () => ({ data: {} }),
  cases: { ...refusedWith(METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED), 'no key': METHOD_NOT_ALLOWED, 'unknown key': METHOD_NOT_ALLOWED },
};

/**
 * The bidder page takes no API key: the participation signature in the body is the credential, so
 * every caller without a valid one is refused alike (403 body/not-a-bidder).
 */
const NOT_A_BIDDER: Refusal = { status: 403, error: { location: 'body', name: 'not-a-bidder', description: 'Only a bidder with its participation link may bid.' } };
const auctionPageBidRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body: (w) => ({ bidder: w.bid.id, signature: 'forged', amount: 470 }),
  cases: { ...refusedWith(NOT_A_BIDDER, NOT_A_BIDDER, NOT_A_BIDDER), 'no key': NOT_A_BIDDER, 'unknown key': NOT_A_BIDDER },
};

const doc = (title: string) => () => ({ data: { title, format: 'application/pdf', ...SIGNED_URLS.notice } });
const patchData = (data: Json) => () => ({ data });
const { scale: _scale, ...questionAuthor } = tenderer();

/** Every write route (method + pattern) the app serves. */
const EXPECTED: Record<string, RouteExpectation> = {
  'POST /api/2.5/tenders': creationRoute(() => tenderBody(), 'tender', 'broker2'),
  'PATCH /api/2.5/tenders/:tender_id': ownerRoute('tender', patchData({ title: 'changed' })),
  'POST /api/2.5/tenders/:tender_id/lots': ownerRoute('tender', patchData({ title: 'lot', value: { amount: 100, currency: 'UAH' }, minimalStep: { amount: 3, currency: 'UAH' } })),
  'PATCH /api/2.5/tenders/:tender_id/lots/:lot_id': ownerRoute('tender', patchData({ title: 'changed' })),
  'DELETE /api/2.5/tenders/:tender_id/lots/:lot_id': ownerRoute('tender'),
  'POST /api/2.5/tenders/:tender_id/documents': ownerRoute('tender', doc('new.pdf')),
  'PUT /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender', doc('v2.pdf')),
  'PATCH /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender', patchData({ title: 'renamed.pdf' })),
  'DELETE /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender'),
  'POST /api/2.5/tenders/:tender_id/questions': creationRoute(() => ({ data: { author: questionAuthor, title: 'q', description: 'd' } }), 'question', 'broker1'),
  'PATCH /api/2.5/tenders/:tender_id/questions/:question_id': ownerRoute('tender', patchData({ answer: 'answer' })),
  'POST /api/2.5/tenders/:tender_id/bids': creationRoute((w) => ({ data: bidData(w.lotId) }), 'bid', 'broker1'),
  'PATCH /api/2.5/tenders/:tender_id/bids/:bid_id': ownerRoute('bid', patchData({ status: 'pending' })),
  'DELETE /api/2.5/tenders/:tender_id/bids/:bid_id': ownerRoute('bid'),
  'PATCH /api/2.5/tenders/:tender_id/chronograph': serviceRoute('chronograph', 'broker', { data: {} }),
  'PUT /api/2.5/sandbox/clock': serviceRoute('administrator', 'broker', { data: { now: '2030-01-01T00:00:00+02:00' } }),
  'POST /ds/register': dsRoute,
  'POST /ds/upload': dsRoute,
  'POST /ds/upload/:doc_id': dsRoute,
};

const SIGNER: Json = {
  name: 'Олексій Підписант',
  email: 'signer@example.com',
  telephone: '+380441234567',
  iban: 'UA213223130000026007233566001',
  position: 'Директор',
  authorizedBy: 'Статут',
};

/** A document list's four write routes, all under the same owner. */
function documentRoutes(base: string, owner: Exclude<Owner, 'none'>): void {
  EXPECTED[`POST ${base}`] = ownerRoute(owner, doc('new.pdf'));
  EXPECTED[`PUT ${base}/:document_id`] = ownerRoute(owner, doc('v2.pdf'));
  EXPECTED[`PATCH ${base}/:document_id`] = ownerRoute(owner, patchData({ title: 'renamed.pdf' }));
  EXPECTED[`DELETE ${base}/:document_id`] = ownerRoute(owner);
}

// Awarding: the tender owner decides awards and cancels; the awarded bid's owner files award claims.
const awardedTender = '/api/2.5/tenders/:tender_id';
Object.assign(EXPECTED, {
  [`POST ${awardedTender}/awards`]: rankedAwardPostRoute,
  [`PATCH ${awardedTender}/awards/:award_id`]: ownerRoute('awarded tender', patchData({ status: 'unsuccessful' })),
  [`POST ${awardedTender}/cancellations`]: ownerRoute('awarded tender', patchData({ reason: 'r', reasonType: 'noDemand' })),
  [`PATCH ${awardedTender}/cancellations/:cancellation_id`]: ownerRoute('awarded tender', patchData({ reason: 'changed' })),
  [`POST ${awardedTender}/awards/:award_id/milestones`]: ownerRoute('awarded tender', patchData({ code: '24h', description: 'виправте' })),
  [`POST ${awardedTender}/review_requests`]: ownerRoute('awarded tender', (w) => ({ data: { lotID: w.awarded.lotId } })),
  [`PATCH ${awardedTender}/review_requests/:review_request_id`]: serviceRoute('inspector', 'broker', { data: { approved: true } }),
  [`POST ${awardedTender}/awards/:award_id/complaints`]: ownerRoute('awarded bid', patchData({ title: 'claim', description: 'd', type: 'claim' })),
  [`PATCH ${awardedTender}/awards/:award_id/complaints/:complaint_id`]: claimPatchRoute(patchData({ title: 'changed' })),
  [`PATCH ${awardedTender}/complaints/:complaint_id`]: claimPatchRoute(patchData({ title: 'changed' })),
  [`POST ${awardedTender}/complaints`]: absentRoute,
  // The auction API is the auction's alone; the bidder page answers to participation signatures.
  [`PATCH ${awardedTender}/auction`]: serviceRoute('auction', 'broker', { data: {} }),
  [`PATCH ${awardedTender}/auction/:auction_lot_id`]: serviceRoute('auction', 'broker', { data: {} }),
  [`POST ${awardedTender}/auction`]: serviceRoute('auction', 'broker', { data: {} }),
  [`POST ${awardedTender}/auction/:auction_lot_id`]: serviceRoute('auction', 'broker', { data: {} }),
  'POST /auctions/:key/bids': auctionPageBidRoute,
  // Contracting: the buyer (the tender's token, or the contract's after /credentials) and the supplier.
  'PATCH /api/2.5/contracts/:contract_id': ownerRoute('contract buyer', patchData({ title: 'changed' })),
  'PATCH /api/2.5/contracts/:contract_id/credentials': ownerRoute('contract buyer', () => ({ data: '' })),
  'PUT /api/2.5/contracts/:contract_id/buyer/signer_info': ownerRoute('contract buyer', patchData(SIGNER)),
  'PUT /api/2.5/contracts/:contract_id/suppliers/signer_info': ownerRoute('contract supplier', patchData(SIGNER)),
  'POST /api/2.5/contracts/:contract_id/changes': ownerRoute('contract buyer', patchData({ rationale: 'ще', rationaleTypes: ['priceReduction'] })),
  'PATCH /api/2.5/contracts/:contract_id/changes/:change_id': ownerRoute('contract buyer', patchData({ rationale: 'змінено' })),
  'PUT /api/2.5/contracts/:contract_id/transactions/:transaction_id': ownerRoute('contract buyer', patchData({ date: '2027-02-01T00:00:00+02:00' })),
});
documentRoutes(`${awardedTender}/awards/:award_id/documents`, 'awarded tender');
documentRoutes(`${awardedTender}/cancellations/:cancellation_id/documents`, 'awarded tender');
documentRoutes(`${awardedTender}/awards/:award_id/complaints/:complaint_id/documents`, 'claim');
documentRoutes(`${awardedTender}/complaints/:complaint_id/documents`, 'claim');
documentRoutes('/api/2.5/contracts/:contract_id/documents', 'contract buyer');

// Review-body complaints on a negotiation cancellation (issue 13): any broker files one (no
// accreditation level); the complaint ACL lets brokers, the review body and the payment robot in,
// then the complaint's rules find no part for another broker; its documents are its author's.
const cancellationComplaints = `${awardedTender}/cancellations/:cancellation_id/complaints`;
const complaintAuthor = (body?: (w: World) => unknown): RouteExpectation => ({ ...ownerRoute('complaint', body), caller: COMPLAINANT_BROKER });
Object.assign(EXPECTED, {
  [`POST ${cancellationComplaints}`]: {
    owner: 'none',
    caller: COMPLAINANT_BROKER,
    wrongGroup: WRONG_GROUP,
    body: () => ({ data: { type: 'complaint', title: 'Скарга', author: questionAuthor } }),
    cases: refusedWith(PERMISSION, { na: 'limited procedures: any broker may complain' }, NO_OWNER),
  } satisfies RouteExpectation,
  [`PATCH ${cancellationComplaints}/:complaint_id`]: { ...claimPatchRoute(patchData({ title: 'changed' })), owner: 'complaint', caller: COMPLAINANT_BROKER },
});
for (const [method, row] of Object.entries({
  POST: complaintAuthor(doc('new.pdf')),
  PUT: complaintAuthor(doc('v2.pdf')),
  PATCH: complaintAuthor(patchData({ title: 'renamed.pdf' })),
  DELETE: complaintAuthor(),
})) {
  EXPECTED[`${method} ${cancellationComplaints}/:complaint_id/documents${method === 'POST' ? '' : '/:document_id'}`] = row;
}
// Tender criteria (issue 14): the tender owner's alone.
const criteria = '/api/2.5/tenders/:tender_id/criteria';
const requirements = `${criteria}/:criterion_id/requirement_groups/:requirement_group_id/requirements`;
Object.assign(EXPECTED, {
  [`POST ${criteria}`]: ownerRoute('tender', (w) => ({ data: [criterion('CRITERION.OTHER.BID.LANGUAGE', { relatesTo: 'lot', relatedItem: w.lotId })] })),
  [`PATCH ${criteria}/:criterion_id`]: ownerRoute('tender', patchData({ title: 'changed' })),
  [`DELETE ${criteria}/:criterion_id`]: ownerRoute('tender'),
  [`POST ${criteria}/:criterion_id/requirement_groups`]: ownerRoute('tender', patchData({ description: 'g', requirements: [{ title: 'r2', dataType: 'boolean', expectedValue: true }] })),
  [`PATCH ${criteria}/:criterion_id/requirement_groups/:requirement_group_id`]: ownerRoute('tender', patchData({ description: 'changed' })),
  [`POST ${requirements}`]: ownerRoute('tender', patchData({ title: 'r3', dataType: 'boolean', expectedValue: true })),
  [`PATCH ${requirements}/:requirement_id`]: ownerRoute('tender', patchData({ title: 'changed' })),
  [`PUT ${requirements}/:requirement_id`]: ownerRoute('tender', patchData({ title: 'changed' })),
  [`POST ${requirements}/:requirement_id/evidences`]: ownerRoute('tender', patchData({ title: 'e2', type: 'document' })),
  [`PATCH ${requirements}/:requirement_id/evidences/:evidence_id`]: ownerRoute('tender', patchData({ title: 'changed' })),
  [`DELETE ${requirements}/:requirement_id/evidences/:evidence_id`]: ownerRoute('tender'),
});
// Requirement responses: a bid's by its owner, an award's by the tender owner; no procedure served
// here has qualifications, so their routes find none (404 to everyone).
const NO_QUALIFICATION: Refusal = { status: 404, error: { location: 'url', name: 'qualification_id', description: 'Not Found' } };
const qualificationRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body: () => ({ data: { requirement: { id: 'f'.repeat(32) }, value: true } }),
  cases: { ...refusedWith(NO_QUALIFICATION, NO_QUALIFICATION, NO_QUALIFICATION), 'no key': NO_QUALIFICATION, 'unknown key': NO_QUALIFICATION },
};
for (const [parent, owner] of [['bids/:bid_id', 'bid'], ['awards/:award_id', 'awarded tender'], ['qualifications/:qualification_id', 'none']] as const) {
  const base = `/api/2.5/tenders/:tender_id/${parent}/requirement_responses`;
  const row = (body?: (w: World) => unknown): RouteExpectation => (owner === 'none' ? qualificationRoute : ownerRoute(owner, body));
  Object.assign(EXPECTED, {
    [`POST ${base}`]: row(patchData({ requirement: { id: 'f'.repeat(32) }, value: true })),
    [`PATCH ${base}/:requirement_response_id`]: row(patchData({ value: false })),
    [`DELETE ${base}/:requirement_response_id`]: row(),
    [`POST ${base}/:requirement_response_id/evidences`]: row(patchData({ title: 'e2' })),
    [`PATCH ${base}/:requirement_response_id/evidences/:evidence_id`]: row(patchData({ title: 'changed' })),
    [`DELETE ${base}/:requirement_response_id/evidences/:evidence_id`]: row(),
  });
}
// Prequalification (issue 15): the tender owner decides qualifications and writes their documents;
// the rejected bidder complains (the complaint ACL lets brokers in, the complaint's rules find no
// part for another broker) and writes the complaint's documents.
const qualifications = '/api/2.5/tenders/:tender_id/qualifications/:qualification_id';
const qualificationComplainant = (body?: (w: World) => unknown): RouteExpectation => ({ ...ownerRoute('qualification complaint', body), caller: QUALIFICATION_COMPLAINANT });
Object.assign(EXPECTED, {
  [`PATCH ${qualifications}`]: ownerRoute('prequalified tender', patchData({ title: 'Рішення' })),
  [`POST ${qualifications}/complaints`]: { ...ownerRoute('rejected bid', patchData({ type: 'complaint', title: 'Скарга', description: 'd', author: questionAuthor })), caller: QUALIFICATION_COMPLAINANT },
  [`PATCH ${qualifications}/complaints/:complaint_id`]: { ...claimPatchRoute(patchData({ title: 'changed' })), owner: 'qualification complaint', caller: QUALIFICATION_COMPLAINANT },
  [`POST ${qualifications}/complaints/:complaint_id/documents`]: qualificationComplainant(doc('new.pdf')),
  [`PUT ${qualifications}/complaints/:complaint_id/documents/:document_id`]: qualificationComplainant(doc('v2.pdf')),
  [`PATCH ${qualifications}/complaints/:complaint_id/documents/:document_id`]: qualificationComplainant(patchData({ title: 'renamed.pdf' })),
  [`DELETE ${qualifications}/complaints/:complaint_id/documents/:document_id`]: qualificationComplainant(),
});
documentRoutes(`${qualifications}/documents`, 'prequalified tender');
for (const list of BID_DOCUMENT_LISTS) documentRoutes(`/api/2.5/tenders/:tender_id/bids/:bid_id/${list}`, 'bid');

// Plans (issue 17): any broker with level 1, 3 or 5 creates them, their owner edits them; any
// broker creates a tender from a plan (no plan token); a plan joins a tender by the tender's owner.
const ANY_BROKER: NotApplicable = { na: 'any broker may (no owner token involved)' };
Object.assign(EXPECTED, {
  'POST /api/2.5/plans': creationRoute(() => ({ data: planBody() }), 'plan', 'broker2'),
  'PATCH /api/2.5/plans/:plan_id': ownerRoute('plan', patchData({ rationale: { description: 'змінено' } })),
  'POST /api/2.5/plans/:plan_id/tenders': { owner: 'none', caller: 'broker', wrongGroup: WRONG_GROUP, body: () => ({ data: tenderBody() }), cases: refusedWith(PERMISSION, ANY_BROKER, ANY_BROKER) },
  'POST /api/2.5/tenders/:tender_id/plans': ownerRoute('tender', (w) => ({ data: { id: w.plans.otherPlan.id } })),
  // Approval milestones: any broker posts one (it gets the milestone's own token); the milestone's
  // owner with that token edits it and writes its documents (the plan token is not enough).
  'POST /api/2.5/plans/:plan_id/milestones': {
    owner: 'none',
    caller: 'broker',
    wrongGroup: WRONG_GROUP,
    body: () => ({ data: { title: 'Підготовка до проведення процедури', type: 'approval', dueDate: '2027-02-01T00:00:00+02:00', author: { name: 'ДУС', identifier: { scheme: 'UA-EDR', id: '111983' } } } }),
    cases: refusedWith(PERMISSION, ANY_BROKER, ANY_BROKER),
  },
  'PATCH /api/2.5/plans/:plan_id/milestones/:milestone_id': ownerRoute('milestone', patchData({ description: 'Змінений опис' })),
  'POST /api/2.5/plans/:plan_id/milestones/:milestone_id/documents': ownerRoute('milestone', doc('new.pdf')),
  'PUT /api/2.5/plans/:plan_id/milestones/:milestone_id/documents/:document_id': ownerRoute('milestone', doc('v2.pdf')),
  'PATCH /api/2.5/plans/:plan_id/milestones/:milestone_id/documents/:document_id': ownerRoute('milestone', patchData({ title: 'renamed.pdf' })),
} satisfies Record<string, RouteExpectation>);
documentRoutes('/api/2.5/plans/:plan_id/documents', 'plan');
// This DELETE declares a JSON body (plans.md §3.1): without the Content-Type it is 415 to everyone.
EXPECTED['DELETE /api/2.5/plans/:plan_id/documents/:document_id'] = ownerRoute('plan', () => ({}));

// Relocation (platform.md §3.6): any broker creates a transfer; taking an object over needs no owner
// token (the object's transfer secret in the body decides) but the creation levels of the object,
// and the current owner must have left — the world's objects belong to `broker`, who has not.
const OWNER_STAYS: Refusal = { status: 403, error: { location: 'url', name: 'accreditation', description: 'Owner Accreditation level does not permit ownership change' } };
const BY_TRANSFER_SECRET: NotApplicable = { na: 'no owner token: the transfer secret in the body decides' };
const ownershipRoute = (lowLevelKey: string): RouteExpectation => ({
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body: () => ({ data: { id: 'f'.repeat(32), transfer: 'f'.repeat(32) } }),
  cases: refusedWith(PERMISSION, OWNER_STAYS, BY_TRANSFER_SECRET),
  accreditation: { key: lowLevelKey, refusal: { status: 403, error: { location: 'url', name: 'accreditation', description: 'Broker Accreditation level does not permit ownership change' } } },
});
Object.assign(EXPECTED, {
  'POST /api/2.5/transfers': { owner: 'none', caller: 'broker', wrongGroup: WRONG_GROUP, body: () => ({ data: {} }), cases: refusedWith(PERMISSION, ANY_BROKER, NO_OWNER) },
  'POST /api/2.5/tenders/:tender_id/ownership': ownershipRoute('broker2'),
  'POST /api/2.5/plans/:plan_id/ownership': ownershipRoute('broker2'),
  'POST /api/2.5/contracts/:contract_id/ownership': ownershipRoute('broker1'),
} satisfies Record<string, RouteExpectation>);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The rightful token of an owner kind and a token of another object of the same broker. */
function tokensOf(owner: Owner, w: World): { right?: string; other?: string } {
  switch (owner) {
    case 'tender':
      return { right: w.tender.token, other: w.otherTender.token };
    case 'bid':
      return { right: w.bid.token, other: w.otherBid.token };
    case 'awarded tender':
      return { right: w.awarded.tender.token, other: w.otherTender.token };
    case 'awarded bid':
      return { right: w.awarded.bidToken, other: w.contract.supplierToken };
    case 'claim':
      return { right: w.awarded.claim.token, other: w.awarded.bidToken };
    case 'complaint':
      return { right: w.limited.complaint.token, other: w.awarded.claim.token };
    case 'contract buyer':
      return { right: w.contract.tenderToken, other: w.awarded.tender.token };
    case 'contract supplier':
      return { right: w.contract.supplierToken, other: w.awarded.bidToken };
    case 'prequalified tender':
      return { right: w.prequalified.tenderToken, other: w.tender.token };
    case 'rejected bid':
      return { right: w.prequalified.rejectedBidToken, other: w.awarded.bidToken };
    case 'qualification complaint':
      return { right: w.prequalified.complaint.token, other: w.limited.complaint.token };
    case 'plan':
      return { right: w.plans.plan.token, other: w.plans.otherPlan.token };
    case 'milestone':
      return { right: w.plans.milestone.token, other: w.plans.otherMilestone.token };
    case 'none':
      return {};
  }
}

/** Who calls and with which token, per case. */
function attempt(route: RouteExpectation, w: World, c: Case | 'accreditation'): { key: string | null; token: string | undefined } {
  const { right: rightToken, other: otherToken } = tokensOf(route.owner, w);
  switch (c) {
    case 'no key':
      return { key: null, token: rightToken };
    case 'unknown key':
      return { key: 'no-such-api-key', token: rightToken };
    case 'wrong group':
      return { key: route.wrongGroup ?? null, token: rightToken };
    case 'other broker':
      // Another broker with every level, presenting the rightful token.
      return { key: route.caller === 'brokerr' ? 'broker' : 'brokerr', token: rightToken };
    case 'wrong acc_token':
      return { key: route.caller, token: 'f'.repeat(32) };
    case "another object's token":
      return { key: route.caller, token: otherToken };
    case 'accreditation':
      return { key: route.accreditation?.key ?? null, token: undefined };
  }
}

describeApp('authorization matrix', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let w: World;
  let writeRoutes: string[];
  before(async () => {
    w = await buildWorld(t);
    writeRoutes = t.app.routeTable
      .list()
      .filter((r) => WRITE_METHODS.has(r.method))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
  });

  test('every write route of the app has an expectation row (add one for a new route)', () => {
    const missing = writeRoutes.filter((r) => !(r in EXPECTED));
    assert.deepEqual(missing, [], `write routes without an authorization expectation in ${import.meta.url}`);
    const stale = Object.keys(EXPECTED).filter((r) => !writeRoutes.includes(r));
    assert.deepEqual(stale, [], 'expectation rows for routes the app no longer serves');
  });

  test('every write route × every case is refused as the reference refuses it; nothing is stored', async () => {
    const before = await storedSnapshot(t, w);
    const failures: string[] = [];
    let checked = 0;
    for (const route of writeRoutes) {
      const expectation = EXPECTED[route];
      if (!expectation) continue;
      const [method, pattern] = route.split(' ') as ['POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const rows: Array<[Case | 'accreditation', Refusal | NotApplicable]> = Object.entries(expectation.cases) as Array<[Case, Refusal | NotApplicable]>;
      if (expectation.accreditation) rows.push(['accreditation', expectation.accreditation.refusal]);
      for (const [c, expected] of rows) {
        if ('na' in expected) continue;
        const { key, token } = attempt(expectation, w, c);
        const url = fillPattern(pattern, w) + (token ? `?acc_token=${token}` : '');
        const res = await api(t.app, method, url, { auth: key, body: expectation.body?.(w) });
        checked++;
        const actual = { status: res.status, error: (res.json.errors as unknown[] | undefined)?.[0] };
        if (res.status !== expected.status || JSON.stringify(res.json) !== JSON.stringify({ status: 'error', errors: [expected.error] })) {
          failures.push(`${route} [${c}] → ${JSON.stringify(actual)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked > writeRoutes.length * 3, `only ${checked} refusals checked`);
    assert.equal(await storedSnapshot(t, w), before, 'a refused request changed stored data');
  });

  test('the rightful callers pass these checks (the matrix tests refusals, not a dead route)', async () => {
    // One sample per owner kind: the same request with the rightful key and token gets past the
    // permission check (to a business rule or a success).
    const samples = [
      'PATCH /api/2.5/tenders/:tender_id',
      'PATCH /api/2.5/tenders/:tender_id/bids/:bid_id/documents/:document_id',
      'PATCH /api/2.5/tenders/:tender_id/chronograph',
      'PATCH /api/2.5/tenders/:tender_id/cancellations/:cancellation_id/documents/:document_id',
      'PATCH /api/2.5/tenders/:tender_id/awards/:award_id/complaints/:complaint_id',
      'PATCH /api/2.5/tenders/:tender_id/cancellations/:cancellation_id/complaints/:complaint_id',
      'PATCH /api/2.5/contracts/:contract_id/documents/:document_id',
      'PUT /api/2.5/contracts/:contract_id/suppliers/signer_info',
      'PATCH /api/2.5/tenders/:tender_id/criteria/:criterion_id',
      'PATCH /api/2.5/tenders/:tender_id/bids/:bid_id/requirement_responses/:requirement_response_id',
      'PATCH /api/2.5/tenders/:tender_id/awards/:award_id/requirement_responses/:requirement_response_id',
      'PATCH /api/2.5/tenders/:tender_id/qualifications/:qualification_id',
      'PATCH /api/2.5/tenders/:tender_id/qualifications/:qualification_id/complaints/:complaint_id',
      'PATCH /api/2.5/plans/:plan_id',
      'PATCH /api/2.5/plans/:plan_id/documents/:document_id',
      'PATCH /api/2.5/plans/:plan_id/milestones/:milestone_id',
      'PATCH /api/2.5/plans/:plan_id/milestones/:milestone_id/documents/:document_id',
    ];
    for (const route of samples) {
      const expectation = EXPECTED[route];
      const [method, pattern] = route.split(' ') as ['PATCH' | 'PUT', string];
      const token = tokensOf(expectation.owner, w).right;
      const res = await api(t.app, method, fillPattern(pattern, w) + (token ? `?acc_token=${token}` : ''), { auth: expectation.caller, body: expectation.body?.(w) });
      assert.notDeepEqual(res.json.errors, [PERMISSION.error], `${route}: ${res.body}`);
      assert.ok(res.status === 200 || (res.status === 403 && (res.json.errors as Json[])[0].location === 'body'), `${route}: ${res.body}`);
    }
  });
});
