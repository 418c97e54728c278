// Headless Debian Chromium for every browser test, driven by playwright-core (never
// `playwright install`: nothing can be downloaded here). The flags are the ones
// OFFLINE-TOOLING.md found to work in containers; SEARCHR2_CHROMIUM picks another binary.
import { chromium, type Browser } from 'playwright-core';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SEARCHR2_CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumFlags,
    headless: true,
  });
}
