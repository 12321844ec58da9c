// Builds multipart/form-data request bodies for app.inject.
export interface FormPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

export function multipartPayload(parts: FormPart[], boundary = '----cdb-test-boundary-7MA4YWxkTrZu0gW'): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.contentType !== undefined) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), typeof p.value === 'string' ? Buffer.from(p.value, 'utf8') : p.value, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A `file` part upload body. */
export function fileUpload(content: Buffer | string, filename = 'report.pdf', contentType = 'application/pdf'): { payload: Buffer; headers: Record<string, string> } {
  return multipartPayload([{ name: 'file', value: content, filename, contentType }]);
}
