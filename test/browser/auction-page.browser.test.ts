// The bidder page in a real browser (extensions.md §5 "Done when"; issue 18 "the auction page people
// watch"): headless Debian Chromium driven by playwright-core, at a phone's width (360 px). Two
// bidders open their participation urls — one in Ukrainian (the default), one in English — and bid
// in their turns through the page's form, while a viewer (the auctionUrl, no signature) follows
// live over Server-Sent Events and switches to English half-way; the sandbox clock moves the run
// from turn to turn and to its end, where the leader shows and the tender moves to
// active.qualification with the auction's prices. Every page: the titles, the timeline with its
// countdown, the history per round, a chart that really draws, no horizontal scrolling, no script
// error, nothing loaded from elsewhere. Screenshots go to test-artifacts/ (gitignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeApp } from '../helpers/app.ts';
import { storedTender, updateStoredTender } from '../helpers/stored-tender.ts';
import { setClock, type Json } from '../helpers/api.ts';
import { START } from '../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { storedLotBid } from '../procedures/below-threshold/builders.ts';
import { tenderInAuction } from '../procedures/below-threshold/auction-tenders.ts';
import { storedAuctionRuns } from '../../src/services/auction/stored-auction-runs.ts';
import type { AuctionRun } from '../../src/services/auction/auction-run.types.ts';
import { formatIso } from '../../src/core/time/iso.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const WAIT_MS = 10_000;
/** A small phone. */
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const TITLES = { tender: 'Закупівля офісного паперу', tenderEn: 'Purchase of office paper', lot: 'Папір А4', lotEn: 'A4 paper' };
/** Money as the page writes it: Ukrainian "470,00 грн", English "UAH 470.00" (spaces may be non-breaking). */
const uah = { uk: (n: number) => new RegExp(`${n},00\\s?грн`), en: (n: number) => new RegExp(`UAH\\s?${n}\\.00`) };

const lotBid = (lotIds: string[], amount: number, date: string): Json =>
  storedLotBid(lotIds, { lotValues: [{ relatedLot: lotIds[0], status: 'pending', value: { amount, currency: 'UAH', valueAddedTaxIncluded: false }, date }] });

describeApp('bidder page in Chromium', { trustedDsKeys: [REFERENCE_DS_KEY], skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` }, (t) => {
  let browser: Browser;
  let origin: string;
  before(async () => {
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  /** A url of the page on this test server (the stored urls carry the configured public address). */
  const local = (url: string, extra = ''): string => {
    const u = new URL(url);
    return `${origin}${u.pathname}${u.search}${extra ? `${u.search ? '&' : '?'}${extra}` : ''}`;
  };
  const stageText = (page: Page, text: string | RegExp) => page.locator('#stage').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
  const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${t.backend}-auction-${name}.png`, ARTIFACTS).pathname, fullPage: true });
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
  const fitsTheScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  /** The chart's canvas: its size on screen, its datasets and whether anything is drawn on it. */
  const chartOf = (page: Page) =>
    page.evaluate(() => {
      const canvas = document.getElementById('chart') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: Array<{ label: string; data: Array<number | null> }> } } | undefined } }).Chart.getChart(canvas);
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
      return { width: box.width, height: box.height, painted, datasets: chart?.data.datasets.map((d) => ({ label: d.label, data: d.data })) ?? null };
    });

  test('a bidder bids in its turn, a viewer follows live, the leader shows at the end; Ukrainian and English, on a phone', async () => {
    await setClock(t.app, START);
    const tender = await tenderInAuction(t, 1, (lotIds) => [lotBid(lotIds, 480, '2027-01-09T10:00:00+02:00'), lotBid(lotIds, 500, '2027-01-09T11:00:00+02:00')], {
      title: TITLES.tender,
      title_en: TITLES.tenderEn,
    });
    await updateStoredTender(t, tender.id, (d) => {
      d.lots![0]!.title = TITLES.lot;
      d.lots![0]!.title_en = TITLES.lotEn;
    });
    const stored = await storedTender(t, tender.id);
    const lot = stored.lots![0]!;
    const [cheapUrl, dearUrl] = stored.bids!.map((b) => String(b.lotValues![0]!.participationUrl));
    const key = `${tender.id}_${lot.id}`;
    const run = async (): Promise<AuctionRun> => (await storedAuctionRuns(t.deps.store).load(key))!.run;
    const toStage = async (index: number) => setClock(t.app, formatIso((await run()).stages[index]!.startMs + 1000));

    const context = await browser.newContext(PHONE);
    const problems: string[] = [];
    const elsewhere: string[] = [];
    const pages = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
    for (const [name, page] of [['cheap', pages[0]], ['dear', pages[1]], ['viewer', pages[2]]] as const) {
      page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
      });
    }
    const [cheap, dear, viewer] = pages;
    // The cheaper bidder reads English, the dearer one and the viewer Ukrainian (the default).
    await Promise.all([cheap.goto(local(cheapUrl!, 'lang=en')), dear.goto(local(dearUrl!)), viewer.goto(local(String(lot.auctionUrl)))]);

    // --- before the start: the titles, the schedule and its countdown; no offers for the viewer ---
    await stageText(viewer, 'Аукціон ще не розпочався');
    await stageText(cheap, 'The auction has not started yet');
    assert.equal(await viewer.textContent('h1'), TITLES.tender);
    assert.equal(await viewer.textContent('#lot-title'), `Лот: ${TITLES.lot}`);
    assert.equal(await cheap.textContent('h1'), TITLES.tenderEn);
    assert.equal(await cheap.textContent('#lot-title'), `Lot: ${TITLES.lotEn}`);
    assert.equal(await viewer.getAttribute('html', 'lang'), 'uk');
    assert.equal(await viewer.textContent('#role'), 'Ви спостерігаєте (лише перегляд).');
    assert.equal(await viewer.isHidden('#bid-form'), true);
    await dear.locator('#role', { hasText: 'Ви берете участь як Учасник 2.' }).waitFor({ timeout: WAIT_MS });
    await cheap.locator('#role', { hasText: 'You take part as Bidder 1.' }).waitFor({ timeout: WAIT_MS });
    await viewer.locator('#countdown', { hasText: /^До початку \d/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(await viewer.locator('#timeline li').count(), 10, 'three pauses, two turns a round, the end');
    assert.deepEqual((await texts(viewer, '#timeline li .what')).slice(0, 3), ['Пауза перед початком торгів', 'Раунд 1 · хід 1', 'Раунд 1 · хід 2']);
    assert.match((await texts(viewer, '#timeline li .when'))[0]!, /^через \d/);
    assert.equal(await viewer.locator('#bidders tr').count(), 0);
    assert.equal(await viewer.isVisible('#offers-note'), true);
    assert.equal(await viewer.isVisible('#chart-note'), true);
    assert.equal(await viewer.isHidden('#chart-box'), true);
    assert.equal(await viewer.locator('#history section').count(), 0);
    assert.doesNotMatch(await viewer.content(), /\b(480|500)\b/);
    await dear.locator('#bidders tr').first().waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await texts(dear, '#bidders tr td:first-child'), ['Ви'], 'a bidder sees its own offer only');
    await shot(viewer, 'viewer-before-start-uk');

    // --- round 1, the dearer offer's turn: it bids through the form; nobody else sees the bid yet ---
    await toStage(1);
    await stageText(dear, 'Раунд 1 з 3: ваш хід');
    await stageText(viewer, 'Раунд 1 з 3: хід Учасника 2');
    await stageText(cheap, "Round 1 of 3: Bidder 2's turn");
    assert.equal(await dear.textContent('#timeline li.current .what'), 'Раунд 1 · ваш хід');
    await dear.locator('#timeline li.current .when', { hasText: /^Залишилось \d/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(await viewer.locator('#bidders tr').count(), 2);
    assert.equal(await cheap.isDisabled('#place-bid'), true);
    await dear.locator('#place-bid:enabled').waitFor({ timeout: WAIT_MS });
    await dear.fill('#amount', '470');
    await dear.click('#place-bid');
    await dear.locator('#message.ok').filter({ hasText: /Ставку 470,00\s?грн прийнято\./ }).waitFor({ timeout: WAIT_MS });
    await dear.locator('#limit', { hasText: /Ваша ставка в цьому ході: 470,00/ }).waitFor({ timeout: WAIT_MS });
    await viewer.waitForTimeout(600); // a few polls of the live stream
    assert.doesNotMatch(await viewer.textContent('main') ?? '', /470/, 'a bid shows only once its turn is over');
    assert.ok(await fitsTheScreen(dear), 'no horizontal scrolling in the bidder\'s turn');
    await shot(dear, 'bidder-turn-uk');

    // --- the cheaper offer's turn (English): a bid over the limit is refused, then one is taken ---
    await toStage(2);
    await stageText(cheap, 'Round 1 of 3: your turn');
    // The viewer learns the first turn's result live.
    await viewer.locator('#history section', { hasText: 'Раунд 1' }).locator('tr', { hasText: uah.uk(470) }).waitFor({ timeout: WAIT_MS });
    await cheap.locator('#place-bid:enabled').waitFor({ timeout: WAIT_MS });
    await cheap.fill('#amount', '475');
    await cheap.click('#place-bid');
    await cheap.locator('#message.error').filter({ hasText: /at most UAH\s?465\.00/ }).waitFor({ timeout: WAIT_MS });
    // The browser logs the refusal's status itself; that one line is expected.
    assert.deepEqual(problems.splice(0), ['cheap: console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await cheap.fill('#amount', '460');
    await cheap.click('#place-bid');
    await cheap.locator('#message.ok').filter({ hasText: /Bid of UAH\s?460\.00 placed\./ }).waitFor({ timeout: WAIT_MS });
    await shot(cheap, 'bidder-turn-en');

    // --- round 2: the viewer sees round 1 in its history and chart, and switches to English ---
    await toStage(4);
    await stageText(viewer, 'Раунд 2 з 3: хід Учасника 2');
    const round1 = viewer.locator('#history section', { hasText: 'Раунд 1' });
    await round1.locator('tr', { hasText: uah.uk(460) }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await round1.locator('tbody td:first-child').allTextContents(), ['Учасник 2', 'Учасник 1']);
    const midway = await chartOf(viewer);
    assert.ok(midway.width > 0 && midway.height > 0 && midway.painted > 0, `the chart draws: ${JSON.stringify(midway)}`);
    assert.deepEqual(midway.datasets, [
      { label: 'Учасник 1', data: [480, 460, null, null] },
      { label: 'Учасник 2', data: [500, 470, null, null] },
    ]);
    await viewer.click('.lang button[data-lang="en"]');
    await stageText(viewer, "Round 2 of 3: Bidder 2's turn");
    assert.equal(await viewer.textContent('h1'), TITLES.tenderEn);
    assert.equal(await viewer.getAttribute('html', 'lang'), 'en');
    assert.equal(new URL(viewer.url()).searchParams.get('lang'), 'en');
    assert.equal(await viewer.textContent('#role'), 'You are watching (read-only).');
    assert.deepEqual((await chartOf(viewer)).datasets?.map((d) => d.label), ['Bidder 1', 'Bidder 2']);
    assert.ok(await fitsTheScreen(viewer));
    await shot(viewer, 'viewer-round2-en');

    // --- the end: the results are posted; every page shows the leader, the history, the chart ---
    await setClock(t.app, formatIso((await run()).stages.at(-1)!.startMs));
    await stageText(viewer, 'The auction is over');
    await stageText(cheap, 'The auction is over');
    await stageText(dear, 'Аукціон завершено');
    await viewer.locator('#leader', { hasText: /Bidder 1 wins with UAH\s?460\.00/ }).waitFor({ timeout: WAIT_MS });
    await cheap.locator('#leader', { hasText: /Your offer wins: UAH\s?460\.00/ }).waitFor({ timeout: WAIT_MS });
    await dear.locator('#leader', { hasText: /Перемагає Учасник 1: 460,00\s?грн/ }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await texts(viewer, '#history h3'), ['Initial offers', 'Round 1', 'Round 2', 'Round 3']);
    assert.equal(await viewer.locator('#timeline li.current .what').textContent(), 'End of the auction');
    assert.equal(await viewer.locator('#timeline li.past').count(), 9);
    assert.equal(await viewer.textContent('#countdown'), '');
    for (const page of [viewer, dear]) {
      const final = await chartOf(page);
      assert.ok(final.width > 0 && final.height > 0 && final.painted > 0, `the chart draws: ${JSON.stringify(final)}`);
      assert.deepEqual(final.datasets?.map((d) => d.data), [[480, 460, 460, 460], [500, 470, 470, 470]]);
    }
    for (const page of [cheap, dear, viewer]) assert.ok(await fitsTheScreen(page), `no horizontal scrolling on ${page.url()}`);
    await shot(viewer, 'viewer-finished-en');
    await shot(dear, 'bidder-finished-uk');

    const done = await storedTender(t, tender.id);
    assert.equal(done.status, 'active.qualification');
    assert.deepEqual(done.bids!.map((b) => b.lotValues![0]!.value.amount), [460, 470]);
    assert.deepEqual(problems, [], 'no script errors');
    assert.deepEqual(elsewhere, [], 'nothing loaded from outside this server');
    await context.close();
  });
});
