// The browser the UI driver looks through: a large viewport so the inspector has room.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';

export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { browser, page };
}
