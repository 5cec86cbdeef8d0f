// Screenshots of the home page for a person to look at: phone and desktop, Vietnamese and English, with and
// without JavaScript. Run: node --import tsx test/browser/screenshots.ts [output dir, default /tmp/shots]
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContextOptions } from 'playwright-core';
import { startTestApp } from './app.js';
import { launchChromium } from './chromium.js';

const outDir = path.resolve(process.argv[2] ?? '/tmp/shots');

const SCREENS: Readonly<Record<string, BrowserContextOptions>> = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 800 } },
};

const SHOTS = [
  { lang: 'vi', javaScript: true },
  { lang: 'en', javaScript: true },
  { lang: 'vi', javaScript: false },
] as const;

await mkdir(outDir, { recursive: true });
const app = await startTestApp();
try {
  const browser = await launchChromium();
  try {
    for (const [screen, options] of Object.entries(SCREENS)) {
      for (const { lang, javaScript } of SHOTS) {
        const context = await browser.newContext({
          ...options,
          baseURL: app.url,
          javaScriptEnabled: javaScript,
        });
        const page = await context.newPage();
        await page.goto(`/?lang=${lang}`);
        if (javaScript) {
          await page
            .getByRole('status')
            .filter({ hasText: lang === 'vi' ? /^Cập nhật lúc/ : /^Updated at/ })
            .waitFor();
        }
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        const file = path.join(outDir, `home-${screen}-${lang}${javaScript ? '' : '-nojs'}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(
          `${file}${overflow > 0 ? `  (content ${overflow} px wider than the screen)` : ''}\n`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await app.stop();
}
