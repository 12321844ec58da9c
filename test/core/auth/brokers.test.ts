import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brokersResponse, listBrokers } from '../../../src/core/auth/brokers.ts';
import { parseKeyFile } from '../../../src/core/auth/key-file.ts';

const ring = parseKeyFile(`
[chronograph]
chronograph = chronograph
[brokers]
broker = broker
broker05 = broker05,123456
broker1 = broker1,1
broker6 = broker6,6
brokerx = brokerx,1234x
brokerr = brokerr,r
broker0 = broker0,
[Administrator]
administrator = administrator
`);

const names = (list: Array<{ name: string }>) => list.map((b) => b.name);

describe('listBrokers', () => {
  it('lists the brokers group only, in file order, levels as numbers and the rest as permissions', () => {
    const all = listBrokers(ring);
    assert.deepEqual(names(all), ['broker', 'broker05', 'broker1', 'broker6', 'brokerx', 'brokerr', 'broker0']);
    assert.deepEqual(all[0], { name: 'broker', title: 'broker', levels: [1, 2, 3, 4, 5, 6], permissions: [] });
    assert.deepEqual(all[4], { name: 'brokerx', title: 'brokerx', levels: [1, 2, 3, 4], permissions: ['x'] });
    assert.deepEqual(all[6], { name: 'broker0', title: 'broker0', levels: [], permissions: [] });
  });

  it('?levels=6 keeps brokers holding 6 (the recorded get-brokers-level-6 shape)', () => {
    assert.deepEqual(brokersResponse(ring, '6'), {
      data: [
        { name: 'broker', title: 'broker', levels: [1, 2, 3, 4, 5, 6], permissions: [] },
        { name: 'broker05', title: 'broker05', levels: [1, 2, 3, 4, 5, 6], permissions: [] },
        { name: 'broker6', title: 'broker6', levels: [6], permissions: [] },
      ],
    });
  });

  it('keeps brokers having any listed flag; letters work too', () => {
    assert.deepEqual(names(listBrokers(ring, '6,r')), ['broker', 'broker05', 'broker6', 'brokerr']);
    assert.deepEqual(names(listBrokers(ring, 'x')), ['brokerx']);
    assert.deepEqual(names(listBrokers(ring, '9')), []);
  });

  it('matches like the reference: substring test, empty parts keep everyone, empty param = no filter', () => {
    assert.deepEqual(names(listBrokers(ring, '34')), ['broker', 'broker05', 'brokerx']);
    assert.equal(listBrokers(ring, '9,').length, 7);
    assert.equal(listBrokers(ring, '').length, 7);
    assert.deepEqual(names(listBrokers(ring, ['9', '1'])), ['broker', 'broker05', 'broker1', 'brokerx'], 'last repeat wins');
  });

  it('uses a display title when one is configured', () => {
    assert.equal(listBrokers(ring, '1', { broker1: 'Broker One' }).find((b) => b.name === 'broker1')?.title, 'Broker One');
    assert.equal(listBrokers(ring, '1', { broker1: '' }).find((b) => b.name === 'broker1')?.title, 'broker1');
  });
});
