import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Lenient, keyFromAuthorization, principalFromAuthorization } from '../../../src/core/auth/authenticate.ts';
import { parseKeyFile } from '../../../src/core/auth/key-file.ts';
import { ANONYMOUS } from '../../../src/core/auth/principal.ts';

const ring = parseKeyFile(
  '[brokers]\nbroker = broker\nbroker1 = broker1,1\n[chronograph]\nchronograph = chronograph\n[mörkö]\nmörkö = mörkö\n[latin]\nlatin = \u00e9t\u00e9\n',
);
const basic = (payload: string | Buffer) => `Basic ${Buffer.from(payload).toString('base64')}`;

describe('principalFromAuthorization', () => {
  it('Bearer <key> → the key-file user, any scheme case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      assert.deepEqual(principalFromAuthorization(`${scheme} broker`, ring), {
        role: 'brokers',
        name: 'broker',
        levels: new Set(['1', '2', '3', '4', '5', '6']),
        permissions: new Set(),
      });
    }
  });

  it('Bearer key is taken verbatim after the first space', () => {
    assert.equal(keyFromAuthorization('Bearer  broker'), ' broker');
    assert.equal(principalFromAuthorization('Bearer  broker', ring), ANONYMOUS);
    assert.equal(keyFromAuthorization('Bearer broker extra'), 'broker extra');
  });

  it('Basic: the username part is the key, the password is ignored', () => {
    assert.equal(principalFromAuthorization(basic('broker:'), ring).name, 'broker');
    assert.equal(principalFromAuthorization(basic('broker:whatever:else'), ring).name, 'broker');
    assert.equal(principalFromAuthorization(basic('chronograph:x'), ring).role, 'chronograph');
    assert.equal(principalFromAuthorization(`basic ${Buffer.from('broker1:').toString('base64')}`, ring).name, 'broker1');
  });

  it('Basic payload without a colon is the whole key', () => {
    assert.equal(principalFromAuthorization(basic('broker'), ring).name, 'broker');
  });

  it('Basic payload is UTF-8, falling back to latin-1', () => {
    assert.equal(principalFromAuthorization(basic('mörkö:'), ring).role, 'mörkö');
    assert.equal(principalFromAuthorization(`Basic ${Buffer.from([0xe9, 0x74, 0xe9, 0x3a]).toString('base64')}`, ring).name, 'latin');
  });

  it('Basic base64 is decoded leniently like Python (stray characters skipped, whitespace trimmed)', () => {
    assert.equal(principalFromAuthorization(`Basic  ${Buffer.from('broker:').toString('base64')}  `, ring).name, 'broker');
    assert.equal(principalFromAuthorization('Basic YnJv*a2V!yOg==', ring).name, 'broker');
  });

  it('anything malformed or unknown is anonymous, never an error', () => {
    const cases: Array<string | undefined> = [
      undefined,
      '',
      'Bearer',
      'broker',
      'Token broker',
      'Digest broker',
      'Bearer unknown',
      'Basic YnJva2VyOg', // "broker:" without its padding → binascii.Error (Node would decode it)
      'Basic Y', // one dangling character
      'Basic ëëë', // non-ASCII base64 text
      basic('nobody:'),
    ];
    for (const header of cases) assert.equal(principalFromAuthorization(header, ring), ANONYMOUS, String(header));
  });
});

describe('decodeBase64Lenient (Python base64.b64decode)', () => {
  const dec = (s: string) => decodeBase64Lenient(s)?.toString('latin1') ?? null;
  it('decodes padded and unpadded-by-quad input', () => {
    assert.equal(dec('YnJva2VyOg=='), 'broker:');
    assert.equal(dec('bw=='), 'o');
    assert.equal(dec(''), '');
  });
  it('stops at complete padding and ignores what follows', () => {
    assert.equal(dec('bw==AAAA'), 'o');
    assert.equal(dec('b w = ='), 'o');
    assert.equal(dec('YnJva2Vy='), 'broker', 'a pad after a complete quad is skipped');
  });
  it('fails where Python raises', () => {
    assert.equal(dec('ABC'), null, 'Incorrect padding');
    assert.equal(dec('A'), null, '1 more than a multiple of 4');
    assert.equal(dec('bw='), null, 'half padding');
    assert.equal(dec('bwé='), null, 'non-ASCII');
  });
});
