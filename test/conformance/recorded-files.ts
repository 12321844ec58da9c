// Groups of recorded exchanges (shared/conformance/below-threshold) that more than one test names.

/** The award steps of ORDER, from the first award decision to the qualification's confirmation. */
export const RECORDED_AWARD_FILES: readonly string[] = [
  'unsuccessful-qualified-award.http',
  'activate-non-qualified-award.http',
  'award-notice-document-required.http',
  'award-unsuccessful-notice-document-required.http',
  'award-add-notice-document.http',
  'confirm-qualification.http',
];

/** The cancellation steps at the end of ORDER (after awarding). */
export const CANCELLATION_FILES: readonly string[] = [
  'prepare-cancellation.http',
  'upload-cancellation-doc.http',
  'patch-cancellation.http',
  'update-cancellation-doc.http',
  'cancellation-sign-doc-is-required.http',
  'upload-cancellation-report-doc.http',
  'active-cancellation.http',
];
