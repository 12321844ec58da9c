// What the harness replays of the belowThreshold tutorial (shared/conformance/below-threshold)
// beyond ORDER: its side scenarios, and the files held to their recorded status and shape.
import { CANCELLATION_FILES, RECORDED_AWARD_FILES } from './recorded-files.ts';
import type { SetPlan } from './sets.ts';

/** Files whose recorded status and body shape our server must reproduce. */
const REQUIRED_FILES: readonly string[] = [
  // ORDER, from the first step through patch-tender-funders
  'tender-post-attempt-json-data.http',
  'blank-tender-view.http',
  'initial-tender-listing.http',
  'tender-add-lot.http',
  'tender-add-relatedLot-to-item.http',
  'notice-document-required.http',
  'add-notice-document.http',
  'tender-activating.http',
  'active-tender-listing-no-auth.http',
  'create-tender-procuringEntity.http',
  'tender-listing-after-procuringEntity.http',
  'create-tender-funders.http',
  'patch-items-value-periods.http',
  'tender-listing-after-patch.http',
  'set-bid-guarantee.http',
  'patch-tender-funders.http',
  // ORDER: the documents part
  'upload-tender-notice.http',
  'tender-documents.http',
  'tender-document-add-documentType.http',
  'tender-document-edit-docType-desc.http',
  'upload-award-criteria.http',
  'tender-documents-2.http',
  'update-award-criteria.http',
  'tender-documents-3.http',
  'tender-documents-3-all.http',
  // the clock moved to tendering (status fixup)
  'update-tender-after-enquiry.http',
  // bids and their documents
  'register-bidder.http',
  'activate-bidder-without-proposal.http',
  'upload-bid-proposal.http',
  'activate-bidder.http',
  'bidder-documents.http',
  'register-bidder-invalid.http',
  'patch-pending-bid.http',
  'activate-bidder-without-sign.http',
  'register-2nd-bidder.http',
  // the auction's urls (the built-in auction sets them when the tender enters active.auction)
  'auction-url.http',
  'bidder-participation-url.http',
  'bidder2-participation-url.http',
  // questions
  'ask-question.http',
  'answer-question.http',
  'list-question.http',
  'get-answer.http',
  // awards (the built-in auction reports when the clock passes its start)
  ...RECORDED_AWARD_FILES,
  // side scenarios: document deletion
  'delete-tender-doc-invalid.http',
  'delete-tender-doc.http',
  // side scenario: cancellation of the tutorial's tender in tendering
  ...CANCELLATION_FILES,
  // side scenario: inspector and review requests (the other three review-request files were
  // recorded on a tender in the awarding stage, which this scenario's tender never reaches)
  'tender-with-inspector-post-without-funders.http',
  'tender-with-inspector-post-success.http',
  'patch-tender-inspector-success.http',
  'post-tender-review-request-already-exist.http',
  'patch-tender-with-unanswered-review-request.http',
  'patch-tender-period-with-review-request.http',
  'patch-tender-review-request-false.http',
  'second-patch-tender-review-request-false.http',
  // side scenario: two-phase commit
  'tender-post-attempt-json.http',
  'tender-post-2pc.http',
  'tender-patch-2pc.http',
];

/** Side scenarios, each replayed on a fresh app, in this order. */
const SIDE_SCENARIOS: Readonly<Record<string, readonly string[]>> = {
  '2pc': ['tender-post-attempt-json.http', 'tender-post-2pc.http', 'tender-patch-2pc.http'],
  inspector: [
    'tender-with-inspector-post-without-funders.http',
    'tender-with-inspector-post-success.http',
    'patch-tender-inspector-success.http',
    'post-review-request-without-lot-id.http',
    'post-review-request-without-active-award.http',
    'post-tender-review-request-success.http',
    'post-tender-review-request-already-exist.http',
    'patch-tender-with-unanswered-review-request.http',
    'patch-tender-period-with-review-request.http',
    'patch-tender-review-request-true.http',
    'patch-tender-review-request-false.http',
    'second-patch-tender-review-request-false.http',
  ],
};
/**
 * Required files asserted in a side scenario rather than where ORDER replays them (ORDER reaches
 * them only through steps not implemented yet).
 */
const REQUIRED_IN_SCENARIO: Readonly<Record<string, string>> = Object.fromEntries(CANCELLATION_FILES.map((f) => [f, 'cancellation']));

/**
 * Side scenarios built from ORDER. The deletion files refer to the tutorial's tender, but in
 * states ORDER passes through: refused while `active.enquiries` (replayed right after the
 * tutorial's first document upload there, not after ORDER, where later steps and the chronograph
 * have moved the tender on), and allowed on a draft tender (replayed right after its creation;
 * the deleted document is re-created from the recorded response).
 */
function orderScenarios(order: readonly string[]): Record<string, string[]> {
  const firstUpload = order.indexOf('upload-tender-notice.http');
  // The tutorial cancels its tender after awarding; the recorded exchanges look the same for a
  // tender in tendering, which ORDER reaches right after the enquiry-period steps.
  const tendering = order.indexOf('update-tender-after-enquiry.http');
  return {
    cancellation: tendering < 0 ? [] : [...order.slice(0, tendering + 1), ...CANCELLATION_FILES.filter((f) => order.includes(f))],
    'delete-doc-active': firstUpload < 0 ? [] : [...order.slice(0, firstUpload + 1), 'delete-tender-doc-invalid.http'],
    'delete-doc-draft': order.length === 0 ? [] : [order[0]!, 'delete-tender-doc.http'],
  };
}

export const BELOW_THRESHOLD_PLAN: SetPlan = {
  scenarios: (order) => ({ ...SIDE_SCENARIOS, ...orderScenarios(order) }),
  requiredFiles: REQUIRED_FILES,
  requiredIn: REQUIRED_IN_SCENARIO,
};
