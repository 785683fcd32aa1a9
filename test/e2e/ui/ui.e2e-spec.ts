/// <reference lib="dom" />
// The web UI in a real browser (Debian's Chromium driven by playwright-core) against the real
// gateway, the fake upstreams and the real Postgres.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';
import { launchChromium } from '../../support/browser';

jest.setTimeout(90_000);

const SCREENSHOTS = join(__dirname, '../../../test-results');

describe('web UI (browser e2e)', () => {
  let harness: GatewayHarness;
  let browser: Browser;
  let page: Page;
  let dialogs = 0;

  beforeAll(async () => {
    harness = await startGateway('ui', { policy: CLOUD_DEFAULT_POLICY });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(`${harness.url}/ui`);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  async function send(text: string): Promise<void> {
    const before = await page.locator('.turn.assistant').count();
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    await page.locator('.turn.assistant').nth(before).locator('.meta > *').first().waitFor();
    await page.waitForFunction(
      (n) =>
        !document
          .querySelectorAll('.turn.assistant')
          [n]?.querySelector('.text')
          ?.textContent?.startsWith('…'),
      before,
    );
  }

  const lastAnswer = () => page.locator('.turn.assistant').last();

  it('shows a local answer with its badge and reason chip', async () => {
    await send('hello there');
    await expect(lastAnswer().locator('.badge').textContent()).resolves.toBe('local');
    await expect(lastAnswer().locator('.chip').first().textContent()).resolves.toBe('cost_prefer_local');
    await expect(lastAnswer().locator('.chip').first().getAttribute('title')).resolves.toMatch(
      /cheap enough to keep local/,
    );
    await expect(lastAnswer().locator('.text').textContent()).resolves.toMatch(/^local reply/);
  });

  it('shows a cloud answer, streamed, with its reason', async () => {
    await send(LONG_PROMPT);
    await expect(lastAnswer().locator('.badge').textContent()).resolves.toBe('cloud');
    await expect(lastAnswer().locator('.chip').first().textContent()).resolves.toBe('default');
    await expect(lastAnswer().locator('.text').textContent()).resolves.toMatch(/^cloud reply/);
  });

  it('renders markup in a prompt as text', async () => {
    await send('<img src=x onerror=alert(1)>');
    await expect(page.locator('.turn.user .text').last().textContent()).resolves.toBe(
      '<img src=x onerror=alert(1)>',
    );
    await expect(page.locator('#conversation img').count()).resolves.toBe(0);
    expect(dialogs).toBe(0);
  });

  it('shows a 502 with its failure category', async () => {
    harness.ollama.setFault({ kind: 'status', status: 500 });
    harness.openai.setFault({ kind: 'status', status: 500 });
    await page.uncheck('#stream');
    await send('hello again');
    harness.ollama.setFault(null);
    harness.openai.setFault(null);
    await expect(lastAnswer().locator('.error-text').textContent()).resolves.toBe('HTTP 502 · server_error');
    await page.check('#stream');
  });

  it('lists the requests in the audit table and opens a detail view', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    // The README's picture is refreshed only on request, so a test run never edits tracked files.
    const chatShot = join(SCREENSHOTS, 'ui-chat.png');
    await page.screenshot({ path: chatShot });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
      copyFileSync(chatShot, join(__dirname, '../../../docs/ui.png'));
    await page.click('button[data-tab="audit"]');
    await page.locator('#audit-table tbody tr').nth(3).waitFor();
    const providers = await page.locator('#audit-table tbody tr .badge').allTextContents();
    expect(providers).toEqual(expect.arrayContaining(['local', 'cloud']));
    await expect(page.locator('#audit-stats').textContent()).resolves.toMatch(/Requests4/);
    await page.locator('#audit-table tbody tr').first().click();
    await page.locator('#audit-detail[open]').waitFor();
    await expect(page.locator('#detail-fields').textContent()).resolves.toMatch(/request_id[0-9a-f-]{36}/);
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-audit.png') });
    await page.click('#audit-detail button[type="submit"]');
  });

  it('explains a prompt as it is typed, sending nothing', async () => {
    const sentBefore = harness.ollama.requests.length + harness.openai.requests.length;
    await page.click('button[data-tab="explain"]');
    await page.fill('#explain-text', 'the confidential merger plan');
    await page.locator('#explain-result .decision').waitFor();
    await expect(page.locator('#explain-result .decision .chip').textContent()).resolves.toBe(
      'sensitive_keyword_match',
    );
    await expect(page.locator('#explain-result .rule.decides .verdict').textContent()).resolves.toBe(
      'decides',
    );
    expect(harness.ollama.requests.length + harness.openai.requests.length).toBe(sentBefore);
  });

  it('shows the effective policy and fits a phone screen', async () => {
    await page.click('button[data-tab="policy"]');
    await expect(page.locator('#policy-view').textContent()).resolves.toMatch(
      /Keywords3 configured \(not shown\)/,
    );
    await page.setViewportSize({ width: 375, height: 800 });
    await page.click('button[data-tab="chat"]');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-phone.png'), fullPage: true });
  });
});
