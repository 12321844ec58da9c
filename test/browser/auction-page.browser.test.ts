// The bidder page in a real browser (extensions.md §5 "Done when"): headless Debian Chromium driven by
// playwright-core. Two bidders open their participation urls and bid in their turns while a viewer
// watches; the sandbox clock moves the run from turn to turn and to its end, and the tender moves to
// active.qualification with the auction's prices. Screenshots go to test-artifacts/ (gitignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeApp } from '../helpers/app.ts';
import { storedTender } from '../helpers/stored-tender.ts';
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
  const local = (url: string): string => {
    const u = new URL(url);
    return `${origin}${u.pathname}${u.search}`;
  };
  const stageText = (page: Page, text: string) => page.locator('#stage').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
  const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${t.backend}-${name}.png`, ARTIFACTS).pathname, fullPage: true });

  async function bid(page: Page, amount: number): Promise<void> {
    await page.locator('#place-bid:enabled').waitFor({ timeout: WAIT_MS });
    await page.fill('#amount', String(amount));
    await page.click('#place-bid');
    await page.locator('#message.ok').filter({ hasText: `Bid of ${amount}.00 placed.` }).waitFor({ timeout: WAIT_MS });
  }

  test('two bidders bid in their turns, a viewer watches, the results reach the tender', async () => {
    await setClock(t.app, START);
    const tender = await tenderInAuction(t, 1, (lotIds) => [lotBid(lotIds, 480, '2027-01-09T10:00:00+02:00'), lotBid(lotIds, 500, '2027-01-09T11:00:00+02:00')]);
    const stored = await storedTender(t, tender.id);
    const lot = stored.lots![0]!;
    const [cheapUrl, dearUrl] = stored.bids!.map((b) => local(String(b.lotValues![0]!.participationUrl)));
    const key = `${tender.id}_${lot.id}`;
    const run = async (): Promise<AuctionRun> => (await storedAuctionRuns(t.deps.store).load(key))!.run;
    const toStage = async (index: number) => setClock(t.app, formatIso((await run()).stages[index]!.startMs + 1000));

    const context = await browser.newContext();
    const [cheap, dear, viewer] = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
    await Promise.all([cheap.goto(cheapUrl!), dear.goto(dearUrl!), viewer.goto(local(String(lot.auctionUrl)))]);
    await stageText(viewer, 'has not started');
    assert.equal(await viewer.textContent('#role'), 'You are watching (read-only).');
    assert.equal(await viewer.isHidden('#bid-form'), true);
    // Each page renders on its first event: wait for it rather than read too early.
    await dear.locator('#role', { hasText: 'You take part as Bidder 2.' }).waitFor({ timeout: WAIT_MS });
    await cheap.locator('#role', { hasText: 'You take part as Bidder 1.' }).waitFor({ timeout: WAIT_MS });
    // Before the start: no offers for the viewer, only its own for a bidder.
    assert.equal(await viewer.locator('#bidders tr').count(), 0);
    assert.equal(await viewer.isVisible('#offers-note'), true);
    assert.deepEqual(await dear.locator('#bidders tr').allTextContents(), ['You500.00']);
    assert.doesNotMatch(await viewer.content(), /\b(480|500)\b/);

    // Round 1: the dearer offer bids first, then the cheaper one.
    await toStage(1);
    await stageText(dear, 'Round 1 of 3: your turn');
    await stageText(viewer, "Round 1 of 3: Bidder 2's turn");
    assert.equal(await viewer.locator('#bidders tr').count(), 2);
    assert.equal(await viewer.isHidden('#offers-note'), true);
    assert.equal(await cheap.isDisabled('#place-bid'), true);
    await bid(dear, 470);
    await shot(dear, 'dear-round1');

    await toStage(2);
    await stageText(cheap, 'Round 1 of 3: your turn');
    // A bid above the limit is refused with the page's message.
    await cheap.fill('#amount', '475');
    await cheap.click('#place-bid');
    await cheap.locator('#message.error').filter({ hasText: 'must be at most 465' }).waitFor({ timeout: WAIT_MS });
    await bid(cheap, 460);
    await shot(cheap, 'cheap-round1');

    await toStage(4);
    await stageText(viewer, "Round 2 of 3: Bidder 2's turn");
    await viewer.locator('#bidders tr', { hasText: '460.00' }).waitFor({ timeout: WAIT_MS });
    await viewer.locator('#bidders tr', { hasText: '470.00' }).waitFor({ timeout: WAIT_MS });
    await shot(viewer, 'viewer-round2');

    // The end: the clock reaches the end stage; the results are posted and awarding starts.
    await setClock(t.app, formatIso((await run()).stages.at(-1)!.startMs));
    await Promise.all([cheap, dear, viewer].map((page) => stageText(page, 'The auction is over')));
    await shot(viewer, 'viewer-finished');
    const done = await storedTender(t, tender.id);
    assert.equal(done.status, 'active.qualification');
    assert.deepEqual(done.bids!.map((b) => b.lotValues![0]!.value.amount), [460, 470]);
    await context.close();
  });
});
