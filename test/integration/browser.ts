// Headless Debian Chromium driven by playwright-core (never `playwright install`: no downloads
// here). The flags are the ones OFFLINE-TOOLING.md found to work in containers.
import { chromium, type Browser, type Page } from 'playwright-core';

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

export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.SEARCHR2_CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumFlags,
    headless: true,
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { browser, page };
}
