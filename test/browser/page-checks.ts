// What every journey checks on its pages: no uncaught error or unexpected console error, nothing wider than the
// screen, and a full-page screenshot for a person to look at (`SCREENSHOT_DIR`, default /tmp/shots).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const SHOTS = path.resolve(process.env.SCREENSHOT_DIR ?? '/tmp/shots');

/**
 * Adds the page's uncaught errors and console errors to `errors`; `expected` names the console lines that are
 * not errors of the app (Chromium logs every 4xx answer as "Failed to load resource: … status of 401", say).
 */
export function collectErrors(page: Page, errors: string[], expected: RegExp): void {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(message.text());
  });
}

/** Fails when the page scrolls sideways, then saves a full-page screenshot as `<SHOTS>/<file>.png`. */
export async function screenshot(page: Page, file: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${file}: content wider than the screen`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, `${file}.png`), fullPage: true });
}
