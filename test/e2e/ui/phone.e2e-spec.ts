/// <reference lib="dom" />
// The web UI at phone width (375 px) on every tab: no horizontal overflow, no console error, the
// audit table's status, latency, tokens and cost on screen; Explain names the deciding rule and
// shows its numbers as labelled values; demo answers are marked as such.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';

jest.setTimeout(90_000);

const TABS = ['chat', 'explain', 'policy', 'audit'] as const;

describe('web UI at phone width (browser e2e)', () => {
  let harness: GatewayHarness;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    harness = await startGateway('ui_phone', { policy: CLOUD_DEFAULT_POLICY, demoUpstreams: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${harness.url}/ui`);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  async function send(text: string): Promise<void> {
    const before = await page.locator('.turn.assistant').count();
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    await page.locator('.turn.assistant').nth(before).locator('.meta > .badge').waitFor();
  }

  it('marks demo answers and shows the demo banner', async () => {
    await send('hello');
    await send(LONG_PROMPT);
    const last = page.locator('.turn.assistant').last();
    await expect(last.locator('.demo-tag').textContent()).resolves.toBe('demo');
    await expect(last.locator('.text').textContent()).resolves.toMatch(/^Demo answer/);
    await expect(page.locator('#demo-banner').isVisible()).resolves.toBe(true);
  });

  it('explains with the deciding rule, later rules as not deciding, and labelled numbers', async () => {
    await page.click('button[data-tab="explain"]');
    // 35 characters: under this policy's 40-character cost threshold, so rule 4 holds too.
    await page.fill('#explain-text', 'confidential, mail jane@example.com');
    await page.locator('#explain-result .rule.decides').waitFor();
    const verdicts = await page.locator('#explain-result .rule .verdict').allTextContents();
    expect(verdicts).toEqual([
      'decides',
      'also true (not deciding)',
      'not reached',
      'also true (not deciding)',
      'also true (not deciding)',
    ]);
    const first = page.locator('#explain-result .rule').first();
    await expect(first.locator('dt').allTextContents()).resolves.toEqual([
      'Keywords configured',
      'Keyword matches',
    ]);
    await expect(first.locator('dd').allTextContents()).resolves.toEqual(['3', '1']);
    // Labelled values, not raw JSON.
    await expect(page.locator('#explain-result').textContent()).resolves.not.toMatch(/[{}]/);
  });

  it.each(TABS)('fits the %s tab in 375 px', async (tab) => {
    await page.click(`button[data-tab="${tab}"]`);
    if (tab === 'audit') await page.locator('#audit-table tbody tr').nth(1).waitFor();
    await page.waitForTimeout(100);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
  });

  it('keeps status, latency, tokens and cost of an audit row on screen', async () => {
    // Showing the tab reloads the table: measure the rows it draws, not the ones it replaces.
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('/v1/audit/stats')),
      page.click('button[data-tab="audit"]'),
    ]);
    await page.waitForTimeout(100);
    const row = page.locator('#audit-table tbody tr').first();
    await row.waitFor();
    for (const label of ['Status', 'Latency', 'Tokens', 'Cost']) {
      const cell = row.locator(`td[data-label="${label}"]`);
      const box = await cell.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      await expect(cell.isVisible()).resolves.toBe(true);
    }
  });

  it('logged no console error on any tab', () => {
    expect(consoleErrors).toEqual([]);
  });
});
