// The installable app: a manifest with the deployment's name and PNG icons of the sizes browsers ask for, and a
// service worker that keeps the app shell so that the app opens, and moves between its pages, with no network.
import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.js';

const baseUrl = inject('baseUrl');
const SITE_NAME = 'Hệ thống thông tin phản ánh hiện trường';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 } });
});

afterAll(async () => {
  await context.close();
  await browser.close();
});

describe('the installable app', () => {
  it('has a manifest with the system name, a start page and icons of 192 and 512 px', async () => {
    const res = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: SITE_NAME, short_name: 'PAKN', display: 'standalone' });
    expect(new URL(manifest.start_url, baseUrl).pathname).toBe('/');
    for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
      const png = await fetch(new URL(icon.src, baseUrl));
      expect(png.headers.get('content-type')).toBe('image/png');
      const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
      expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
    }
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? ''}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    expect((await fetch(`${baseUrl}/icons/nothing.png`)).status).toBe(404);
  });

  it('opens with no network once visited, and moves between its pages', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Gửi phản ánh' }).first().waitFor();
    // The worker installs (keeping the shell) and takes control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) => {
          navigator.serviceWorker.addEventListener('controllerchange', resolve);
        });
    });
    const kept = await page.evaluate(async () => {
      const cache = await caches.open('pakn-shell-v1');
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(kept).toContain('/');
    expect(kept.some((p) => p.startsWith('/assets/') && p.endsWith('.js'))).toBe(true);

    await context.setOffline(true);
    try {
      await page.reload();
      await expect.poll(() => page.locator('.brand-name').textContent()).toBe(SITE_NAME);
      await page.getByRole('navigation').getByRole('link', { name: 'Hướng dẫn' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hướng dẫn' }).waitFor();
      // No API answer is kept: figures are not shown from a stale copy.
      const apiKept = await page.evaluate(async () => {
        const cache = await caches.open('pakn-shell-v1');
        return (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith('/api/')).length;
      });
      expect(apiKept).toBe(0);
    } finally {
      await context.setOffline(false);
    }
    await page.close();
  });
});
