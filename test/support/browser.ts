// Debian's Chromium driven by playwright-core (no browser download), with the flags this machine's
// closed network needs; launch() gives each run a fresh, empty profile.
import { chromium, type Browser } from 'playwright-core';
import { requireTool } from './preflight';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireTool('chromium'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
