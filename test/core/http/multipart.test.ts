import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultipartError, multipartBoundary, parseMultipart } from '../../../src/core/http/multipart.ts';

const B = 'XyZ123';
const body = (...chunks: Array<string | Buffer>): Buffer => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));

describe('multipartBoundary', () => {
  it('reads quoted and bare boundaries of multipart/form-data only', () => {
    assert.equal(multipartBoundary(`multipart/form-data; boundary=${B}`), B);
    assert.equal(multipartBoundary(`Multipart/Form-Data; charset=utf-8; boundary="a b"`), 'a b');
    assert.equal(multipartBoundary('application/json'), null);
    assert.equal(multipartBoundary('multipart/form-data'), null);
  });
});

describe('parseMultipart', () => {
  it('returns name, filename, content type and the exact bytes of each part', () => {
    const bin = Buffer.from([0, 13, 10, 45, 45, 255]);
    const parts = parseMultipart(
      body(
        `--${B}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n`,
        `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a \\"q\\".bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        bin,
        `\r\n--${B}--\r\n`,
      ),
      B,
    );
    assert.equal(parts.length, 2);
    assert.deepEqual({ ...parts[0], data: parts[0]!.data.toString() }, { name: 'title', data: 'hello' });
    assert.equal(parts[1]!.filename, 'a "q".bin');
    assert.equal(parts[1]!.contentType, 'application/octet-stream');
    assert.deepEqual(parts[1]!.data, bin);
  });

  it('decodes RFC 5987 filename* in preference to filename', () => {
    const parts = parseMultipart(
      body(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"; filename*=UTF-8''%D0%B4%D0%BE%D0%BA.pdf\r\n\r\nabc\r\n--${B}--`),
      B,
    );
    assert.equal(parts[0]!.filename, 'док.pdf');
  });

  it('refuses malformed bodies', () => {
    assert.throws(() => parseMultipart(Buffer.from('nothing here'), B), MultipartError);
    assert.throws(() => parseMultipart(body(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`), B), MultipartError);
  });
});
