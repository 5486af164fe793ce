import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config.ts';

// Debian's Chromium, started the way DESIGN.md measured it works on these
// machines: headless and with no network chatter. Playwright gives every
// launch a fresh, temporary user data directory of its own.

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
