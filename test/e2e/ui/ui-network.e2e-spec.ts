/// <reference lib="dom" />
// The web UI as the container serves it: bound to every address and opened in Chromium through
// this machine's own non-loopback address over plain HTTP. It must render (no upgrade to https,
// no HSTS) with not one console error, the icon included.
import { networkInterfaces } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { type GatewayHarness, startGateway } from '../../support/gateway-harness';

jest.setTimeout(90_000);

/** Off loopback keys are required (as in the container): the page is signed in with this one. */
const ADMIN_KEY = 'ui-network-admin-key-0123456789abcdefghij';

/** An IPv4 address of this machine other than loopback (`hostname -I` lists the same). */
function nonLoopbackAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((candidate) => candidate !== undefined && candidate.family === 'IPv4' && !candidate.internal);
  if (address === undefined) throw new Error('this machine has no non-loopback IPv4 address to test with');
  return address.address;
}

describe('web UI on a non-loopback address (browser e2e)', () => {
  let harness: GatewayHarness;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startGateway('ui_network', {
      listenHost: '0.0.0.0',
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('renders over plain HTTP with no console error', async () => {
    const origin = `http://${nonLoopbackAddress()}:${new URL(harness.url).port}`;
    const page = await browser.newPage();
    // Signed in, as the UI keeps it: the key in this tab's sessionStorage.
    await page.addInitScript((key) => sessionStorage.setItem('policy-mesh.api-key', key), ADMIN_KEY);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (failed) => problems.push(`${failed.url()}: ${failed.failure()?.errorText}`));
    const requested: string[] = [];
    page.on('request', (sent) => requested.push(sent.url()));
    await page.goto(`${origin}/ui`);
    // The script ran and reached the API: the policy version replaces its placeholder.
    await page.waitForFunction(() =>
      /^[0-9a-f]{8}/.test(document.querySelector('#policy-version')?.textContent ?? ''),
    );
    await page.waitForLoadState('networkidle');
    expect(requested.filter((url) => url.startsWith('https:'))).toEqual([]);
    expect(requested).toContain(`${origin}/ui/assets/app.js`);
    expect(problems).toEqual([]);
    await page.close();
  });
});
