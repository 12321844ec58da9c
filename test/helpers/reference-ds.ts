// The reference's test document service: its signing key and URLs it signed (the recordings'
// document uploads), so tests can post documents the app accepts as coming from a trusted DS.

/** Ed25519 public key of the reference test document service (KeyID a8968c46). */
export const REFERENCE_DS_KEY = 'a8968c4682ffa921c91caab5b60c84fbd089311549e5c3defd48f413c89337b6';

/**
 * Document-service URLs with the hash they were signed with, copied from REQUEST bodies of the
 * recordings (add-notice-document.http, upload-tender-notice.http, upload-award-criteria.http,
 * update-award-criteria.http). The signature covers `<uuid>\0<hash hex>` only, so the same pair can
 * be reused with any title/documentType.
 */
export const SIGNED_URLS = {
  notice: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/28ead5b46c074f4faf2188518029eeda?Signature=5ctwt%2FCNhhbgoPe1IJoI6ekt0M1xnQDvYqB6mEIwc8neckpF6vdQFm1yLKFXARRP%2FIlK%2B%2BPim2KI5VQrQiohBQ%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  noticePdf: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/325d0d7a8e034710bf0f2fdfb91712c5?Signature=o4TxnA%2BJQEYIAK0n1c%2B6r4571MQlQb6fneG7Qw2dygBov9yg%2FlqHyBiZeEaEXKMOzUklyQ6YBJunU5RKwqb6AQ%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  awardCriteria: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/6306049946ae4528b91128df0c649981?Signature=ARZcwvq%2BLMZUdXvE6PZPmuP6TQNxZiEdfNBr9mihNXU4Fg3sDKBffodS1sGmBaLmvgITF7hQVACCtKMO2HauDw%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  awardCriteria2: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/50ef0208169a47979218f1f8919a46c6?Signature=96VxXWMjGaWNL1XkH%2FhkpQwfViejnFYpH1jzBqgjKSz3jdB3RnhCKinuy7XQdBc7zJ5aMzv85Y0Sz31sd%2BZGBw%3D%3D&KeyID=a8968c46',
    hash: 'md5:11111111111111111111111111111111',
  },
} as const;
