// The documentation page in a real browser (issue 18): headless Debian Chromium driven by
// playwright-core opens /api/2.5/docs (Swagger UI on our OpenAPI document), loads nothing from
// outside this server, and sends one request from the page with "Try it out" → "Execute".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describeApp } from '../helpers/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const WAIT_MS = 15_000;

describeApp('docs page in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` }, (t) => {
  let browser: Browser;
  let origin: string;
  before(async () => {
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
  });

  test('the page renders the document and sends GET /api/2.5/tenders from "Try it out"', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });

    await page.goto(`${origin}/api/2.5/docs`);
    await page.locator('.information-container .title', { hasText: 'OpenProcurement CDB API' }).waitFor({ timeout: WAIT_MS });
    // Auth is offered: the broker keys and the owner token.
    await page.locator('button.authorize').waitFor({ timeout: WAIT_MS });

    await page.locator('#operations-tag-tenders').click();
    const feed = page.locator('.opblock-get').filter({ has: page.locator('.opblock-summary-path[data-path="/api/2.5/tenders"]') });
    await feed.locator('.opblock-summary').click();
    await feed.locator('button.try-out__btn').click();
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/2.5/tenders' && r.request().method() === 'GET', { timeout: WAIT_MS });
    await feed.locator('button.execute').click();
    const res = await answered;
    assert.equal(res.status(), 200);
    assert.deepEqual(Object.keys((await res.json()) as object).sort(), ['data', 'next_page'].sort());
    // The answer is shown in the page.
    await feed.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor({ timeout: WAIT_MS });

    assert.deepEqual(problems, []);
    assert.deepEqual(elsewhere, [], 'nothing loaded from outside this server');
    await page.close();
  });
});
