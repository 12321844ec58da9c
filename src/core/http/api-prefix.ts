// The API's path prefix: every route of the reference's API 2.5 lives under it.
export const API_PREFIX = '/api/2.5';
