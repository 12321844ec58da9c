// ApiError carries the reference's wire error verbatim: status, location, name, description
// (platform.md §2.5). Guards throw it; the global error handler renders it.

export type ErrorLocation = 'body' | 'url' | 'header' | 'querystring';

export interface WireError {
  location: ErrorLocation;
  name: string;
  description: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errors: WireError[];
  readonly headers: Record<string, string>;

  constructor(status: number, errors: WireError[], headers: Record<string, string> = {}) {
    super(typeof errors[0]?.description === 'string' ? (errors[0].description as string) : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}

const one = (status: number, location: ErrorLocation, name: string, description: unknown): ApiError =>
  new ApiError(status, [{ location, name, description }]);

/** 422 on the request body: a data/model error. */
export const dataError = (name: string, description: unknown, location: ErrorLocation = 'body'): ApiError =>
  one(422, location, name, description);

/** 403 business-rule refusal, `body`/`data` by default (below-threshold.md §0.1). */
export const forbidden = (description: string, name = 'data', location: ErrorLocation = 'body'): ApiError =>
  one(403, location, name, description);

/** 403 `url`/`permission`/`Forbidden`: ACL or owner-token failure. */
export const permissionDenied = (): ApiError => one(403, 'url', 'permission', 'Forbidden');

/** 403 accreditation: `Broker Accreditation level does not permit {item} {operation}`. */
export const accreditationDenied = (item: string, operation: string, name: 'accreditation' | 'mode' = 'accreditation'): ApiError =>
  one(403, 'url', name, `Broker Accreditation level does not permit ${item} ${operation}`);

/** 404 for an id in the URL that does not exist. */
export const notFound = (name: string, location: ErrorLocation = 'url'): ApiError => one(404, location, name, 'Not Found');

/** 409 optimistic-lock conflict. */
export const revisionConflict = (): ApiError => one(409, 'body', 'data', 'Conflict while updating document. Please, retry');

/** 422 `Data not available`: the body has no object `data`. */
export const dataNotAvailable = (): ApiError => one(422, 'body', 'data', 'Data not available');
