// A stored document record (platform.md §6.1): the client's fields plus the server's.
export interface DocumentRecord {
  id: string;
  title?: string;
  format?: string;
  url?: string;
  hash?: string;
  documentType?: string;
  documentOf?: string;
  relatedItem?: string;
  language?: string;
  confidentiality?: string;
  datePublished?: string;
  dateModified?: string;
  author?: string;
  [key: string]: unknown;
}
