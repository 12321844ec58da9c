// The bidder page's headline (titles and currency from the tender's public data) and its cache.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHeadlineCache, headlineOf, type PageHeadline } from '../../../src/services/auction/auction-page-headline.ts';
import { renderAuctionPage } from '../../../src/services/auction/auction-page-html.ts';

const HEADLINE: PageHeadline = { tender: { uk: 'Папір', en: 'Paper' }, lot: null, currency: 'UAH' };

describe('auction page headline', () => {
  it('takes the tender\'s and the lot\'s titles in both languages and the lot\'s currency before the tender\'s', () => {
    const tender = {
      title: 'Закупівля паперу',
      title_en: 'Purchase of paper',
      value: { amount: 1000, currency: 'UAH' },
      lots: [
        { id: 'a', title: 'Лот А', value: { amount: 500, currency: 'EUR' } },
        { id: 'b', title: 'Лот Б', title_en: 'Lot B' },
      ],
    };
    assert.deepEqual(headlineOf(tender, 'a'), { tender: { uk: 'Закупівля паперу', en: 'Purchase of paper' }, lot: { uk: 'Лот А', en: null }, currency: 'EUR' });
    assert.deepEqual(headlineOf(tender, 'b'), { tender: { uk: 'Закупівля паперу', en: 'Purchase of paper' }, lot: { uk: 'Лот Б', en: 'Lot B' }, currency: 'UAH' });
    assert.deepEqual(headlineOf(tender, null).lot, null);
  });

  it('anything odd in the data is left out, never thrown', () => {
    assert.deepEqual(headlineOf({}, null), { tender: { uk: null, en: null }, lot: null, currency: null });
    assert.deepEqual(headlineOf({ title: 42, title_en: '  ', lots: 'x', value: { currency: 'uah' } }, 'gone'), {
      tender: { uk: null, en: null },
      lot: { uk: null, en: null },
      currency: null,
    });
    assert.deepEqual(headlineOf({ lots: [null, 7, { id: 'a', title: ['x'] }] }, 'a').lot, { uk: null, en: null });
  });

  it('the cache reads a key once while fresh, shares a load in flight, forgets failures and unknown keys, keeps a bounded number', async () => {
    let now = 0;
    const loads: string[] = [];
    let fail = false;
    const cache = createHeadlineCache({
      async load(key) {
        loads.push(key);
        if (fail) throw new Error('store down');
        return key.startsWith('unknown') ? null : { ...HEADLINE, tender: { uk: key, en: null } };
      },
      ttlMs: 1000,
      maxEntries: 2,
      now: () => now,
    });
    const [a1, a2] = await Promise.all([cache.get('a'), cache.get('a')]);
    assert.equal(a1!.tender.uk, 'a');
    assert.equal(a1, a2);
    now = 999;
    await cache.get('a');
    assert.deepEqual(loads, ['a']);
    now = 1000;
    await cache.get('a');
    assert.deepEqual(loads, ['a', 'a'], 'expired');

    assert.equal(await cache.get('unknown'), null);
    assert.equal(await cache.get('unknown'), null);
    assert.deepEqual(loads.filter((k) => k === 'unknown').length, 2, 'an unknown key is not kept');

    fail = true;
    await assert.rejects(cache.get('b'));
    fail = false;
    assert.equal((await cache.get('b'))!.tender.uk, 'b', 'a failure is not kept');

    await cache.get('c'); // a, b, c: a goes
    loads.length = 0;
    await cache.get('b');
    await cache.get('c');
    await cache.get('a');
    assert.deepEqual(loads, ['a']);
  });
});

describe('auction page html', () => {
  it('puts the headline in as JSON no title can break out of, and the chart library path', () => {
    const title = '</script><script>alert(1)</script> $& $` <!-- ';
    const html = renderAuctionPage({ tender: { uk: title, en: null }, lot: { uk: 'Лот', en: 'Lot' }, currency: 'UAH' }, '/auctions/static/chart.js-1.2.3.umd.min.js');
    const block = /<script type="application\/json" id="headline">(.*?)<\/script>/s.exec(html)![1]!;
    assert.deepEqual(JSON.parse(block), { tender: { uk: title, en: null }, lot: { uk: 'Лот', en: 'Lot' }, currency: 'UAH' });
    assert.ok(!block.includes('<'));
    assert.ok(html.includes('<script src="/auctions/static/chart.js-1.2.3.umd.min.js"></script>'));
    assert.ok(!html.includes('{{'), 'every placeholder filled');
  });
});
