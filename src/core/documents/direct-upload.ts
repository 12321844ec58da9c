// The `file` part of a multipart upload: to the document service (`/upload`) or straight to a
// documents collection (the legacy direct upload, extensions.md §3). Missing → the reference's
// 404 `body`/`file`/`Not Found`; empty or over the size limit → refused before anything is stored.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.ts';
import { MultipartBody, fileTooLarge } from '../http/body-parsers.ts';

export interface UploadedFilePart {
  data: Buffer;
  contentType: string;
  filename: string;
}

/** Content type used when the part declares none. */
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function isMultipartUpload(req: FastifyRequest): boolean {
  return req.body instanceof MultipartBody;
}

export function uploadedFilePart(req: FastifyRequest, maxBytes: number): UploadedFilePart {
  const part = req.body instanceof MultipartBody ? req.body.file('file') : undefined;
  if (!part) throw new ApiError(404, [{ location: 'body', name: 'file', description: 'Not Found' }]);
  if (part.data.length === 0) throw new ApiError(422, [{ location: 'body', name: 'file', description: 'File is empty.' }]);
  if (part.data.length > maxBytes) throw fileTooLarge(maxBytes);
  const contentType = (part.contentType ?? DEFAULT_CONTENT_TYPE).split(';', 1)[0]!.trim() || DEFAULT_CONTENT_TYPE;
  return { data: part.data, contentType, filename: part.filename ?? 'file' };
}
