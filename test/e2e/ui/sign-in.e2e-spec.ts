/// <reference lib="dom" />
// The web UI against a gateway that requires keys, in a real browser: sign in with a key (kept in
// sessionStorage, sent as a bearer header, never in a URL), chat with a chat key, the admin views
// refused with a clear message until an admin key signs in, and sign out.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { type GatewayHarness, startGateway } from '../../support/gateway-harness';
import { launchChromium } from '../../support/browser';

jest.setTimeout(90_000);

const ADMIN_KEY = 'ui-admin-bootstrap-key-0123456789abcdefghij';

describe('web UI sign-in (browser e2e)', () => {
  let harness: GatewayHarness;
  let browser: Browser;
  let page: Page;
  let chatKey: string;
  const urls: string[] = [];

  beforeAll(async () => {
    harness = await startGateway('ui_sign_in', { env: { AUTH_MODE: 'keys', ADMIN_API_KEY: ADMIN_KEY } });
    chatKey = (
      await request(harness.url)
        .post('/v1/keys')
        .set('authorization', `Bearer ${ADMIN_KEY}`)
        .send({ name: 'ui-chat' })
        .expect(201)
    ).body.key;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (sent) => urls.push(sent.url()));
    await page.goto(`${harness.url}/ui`);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const message = () => page.locator('#auth-message');

  async function signIn(key: string): Promise<void> {
    await page.fill('#api-key', key);
    await page.click('#sign-in button[type=submit]');
    await page.locator('#signed-in').waitFor({ state: 'visible' });
  }

  it('asks for a key before anything else', async () => {
    await message().waitFor({ state: 'visible' });
    await expect(message().textContent()).resolves.toMatch(/requires an API key/);
    await expect(page.locator('#sign-in').isVisible()).resolves.toBe(true);
  });

  it('says a wrong key is not valid, and keeps nothing of it', async () => {
    await page.fill('#api-key', `pm_${'0'.repeat(43)}`);
    await page.click('#sign-in button[type=submit]');
    await page.waitForFunction(() => /not valid/.test(document.getElementById('auth-message')!.textContent));
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);
  });

  it('signs in with a chat key and chats with it', async () => {
    await signIn(chatKey);
    await expect(page.locator('#signed-in-as').textContent()).resolves.toBe('Signed in as ui-chat (chat)');
    await expect(page.evaluate(() => Object.values(sessionStorage))).resolves.toEqual([chatKey]);
    await page.fill('#message', 'hello there');
    await page.press('#message', 'Enter');
    const answer = page.locator('.turn.assistant .text').last();
    await page.waitForFunction(() =>
      /^local reply/.test(document.querySelector('.turn.assistant:last-child .text')?.textContent ?? ''),
    );
    await expect(answer.textContent()).resolves.toMatch(/^local reply/);
  });

  it('says the policy and audit views need an admin key', async () => {
    await page.click('button[data-tab=policy]');
    await page.locator('#policy-view .notice').waitFor();
    await expect(page.locator('#policy-view .notice').textContent()).resolves.toMatch(/admin scope/);
    await page.click('button[data-tab=audit]');
    await page.locator('#audit-notice').waitFor({ state: 'visible' });
    await expect(page.locator('#audit-notice').textContent()).resolves.toMatch(/admin scope/);
  });

  it('signs out, and an admin key then sees the policy', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);
    await signIn(ADMIN_KEY);
    await page.click('button[data-tab=policy]');
    await page.waitForFunction(() => /Version/.test(document.getElementById('policy-view')!.textContent));
    await page.click('button[data-tab=audit]');
    await page.locator('#audit-table tbody tr').first().waitFor();
  });

  it('never put a key in a URL', () => {
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url).not.toContain(chatKey.slice(0, 12));
      expect(url).not.toContain(ADMIN_KEY.slice(0, 12));
    }
  });
});
