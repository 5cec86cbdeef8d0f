// Browser journeys of the public record and its maps, on a phone (390×844) and a desktop (1366×768), against an
// app with 300 generated demo reports: the list at #/phan-anh, a search typed without diacritics, a filter kept
// in the address, the map with the background tiles refused (the tests have no internet) still showing the
// district outlines and the reports, the home page's recent answers and map, and a report whose place is a tap
// on the map. Screenshots go to /tmp/shots/map-*.png for a person to look at.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { foldSearchKey } from '../../src/platform/text.js';
import { startTestApp, type TestApp } from './app.js';
import { launchChromium } from './chromium.js';
import { screenshot, SHOTS } from './page-checks.js';

const TILES = 'https://tile.openstreetmap.org';
const ANSWERED = ['approved', 'published', 'reopen_requested', 'closed'];
/** Where Leaflet puts the marks (the key below the map draws the same shapes). */
const MARKS = '.leaflet-marker-pane';

const SCREENS: Readonly<Record<'phone' | 'desktop', BrowserContextOptions>> = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
};

// An app of its own: these journeys need a public record (the shared app has received nothing) and the default
// background map, whose tile requests each page refuses.
let app: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];
let tileRequests = 0;

beforeAll(async () => {
  app = await startTestApp({ env: { DEMO_REPORTS: '300', MAP_TILE_URL: `${TILES}/{z}/{x}/{y}.png` } });
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function newPage(screen: keyof typeof SCREENS): Promise<Page> {
  context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url, locale: 'vi-VN' });
  tileRequests = 0;
  // No internet here: every tile request is refused, as a phone without a connection would see it.
  await context.route(`${TILES}/**`, async (route) => {
    tileRequests += 1;
    await route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // The refused tiles are expected console noise; anything else is a fault.
    if (message.type() === 'error' && !message.location().url.startsWith(TILES))
      pageErrors.push(message.text());
  });
  return page;
}

const shot = screenshot;

/** The codes of the reports the list shows, in order. */
async function listedCodes(page: Page): Promise<string[]> {
  return page
    .getByTestId('reports-list')
    .getByTestId('report-card')
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-code') ?? ''));
}

async function waitForList(page: Page): Promise<void> {
  await page.getByTestId('reports-list').getByTestId('report-card').first().waitFor();
}

/** Waits until a map shows the 11 demo outlines (province + 10 districts) and at least one report mark. */
async function waitForMap(page: Page, scope = page.locator('body')): Promise<void> {
  await scope.locator('.leaflet-overlay-pane path').nth(10).waitFor({ state: 'attached' });
  await scope.locator(`${MARKS} .map-cluster, ${MARKS} .map-point`).first().waitFor();
}

const idOf = async (table: 'areas' | 'categories', slug: string) =>
  (await sql<{ id: string }>`select id from ${sql.table(table)} where slug = ${slug}`.execute(app.db)).rows[0]
    ?.id ?? '';

describe('the public reports page', () => {
  for (const screen of ['phone', 'desktop'] as const) {
    it(`lists the demo reports and finds one by words typed without diacritics (${screen})`, async () => {
      // A listed report, and the first words of its text that carry diacritics, typed without them.
      const { rows } = await sql<{ code: string; text: string }>`
        select code, public_description as text from reports
         where listed and public_description ~ '[À-ỹ]' order by submitted_at desc offset 5 limit 1`.execute(
        app.db,
      );
      const target = rows[0];
      if (target === undefined) throw new Error('no listed demo report');
      const words = target.text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
      const typed = foldSearchKey(words.slice(0, 5).join(' '));
      expect(typed).toMatch(/^[a-z0-9 ]+$/);
      expect(typed).not.toBe(words.slice(0, 5).join(' ').toLowerCase());

      const page = await newPage(screen);
      await page.goto('/#/phan-anh');
      await waitForList(page);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Phản ánh công khai');
      expect(await listedCodes(page)).toHaveLength(20);
      expect(await page.getByTestId('reports-count').textContent()).toBe(
        'Đang hiển thị 20 phản ánh mới nhất phù hợp.',
      );
      // The header's "Phản ánh" is the current page.
      expect(
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Phản ánh', exact: true })
          .getAttribute('aria-current'),
      ).toBe('page');
      await shot(page, `map-${screen}-list`);
      await page.screenshot({ path: path.join(SHOTS, `map-${screen}-list-top.png`) });

      await page.getByLabel('Từ khoá hoặc mã phản ánh').fill(typed);
      await page.getByTestId('reports-search').click();
      await page.waitForURL(
        (url) => url.hash === `#/phan-anh?q=${encodeURIComponent(typed).replace(/%20/g, '+')}`,
      );
      await page.getByTestId(`report-card`).filter({ hasText: target.code }).waitFor();
      const found = await listedCodes(page);
      expect(found).toContain(target.code);
      // The report's own text, with its diacritics, is what the list shows.
      expect(await page.locator(`[data-code="${target.code}"] .follow-item-text`).textContent()).toBe(
        target.text,
      );
      // Every report found has the first word, whatever its diacritics.
      const texts = await page.locator('[data-testid="reports-list"] .follow-item-text').allTextContents();
      expect(texts.every((t) => foldSearchKey(t).includes(typed.split(' ')[0] ?? ''))).toBe(true);
      await shot(page, `map-${screen}-search`);

      // Nothing found: the page says so and offers a way back.
      await page.getByLabel('Từ khoá hoặc mã phản ánh').fill('khong co phan anh nao nhu the nay');
      await page.getByTestId('reports-search').click();
      await page.getByTestId('reports-empty').waitFor();
      expect(await page.getByTestId('reports-empty').textContent()).toContain(
        'Không có phản ánh nào phù hợp',
      );
      await shot(page, `map-${screen}-empty`);
      await page.getByTestId('reports-empty').getByRole('button', { name: 'Xoá bộ lọc' }).click();
      await waitForList(page);
      expect(new URL(page.url()).hash).toBe('#/phan-anh');
      expect(pageErrors).toEqual([]);
    });

    it(`narrows the list with a filter kept in the address, for a shared link (${screen})`, async () => {
      const lucNgan = await idOf('areas', 'bac-giang.luc-ngan');
      const page = await newPage(screen);
      await page.goto('/#/phan-anh');
      await waitForList(page);
      const before = await listedCodes(page);

      await page.locator('#reports-area').selectOption({ label: 'Toàn huyện Lục Ngạn' });
      await page.waitForURL((url) => url.hash === `#/phan-anh?area=${lucNgan}`);
      await page.locator('#reports-status').selectOption({ label: 'Đã có kết quả trả lời' });
      await page.waitForURL((url) => url.hash === `#/phan-anh?area=${lucNgan}&status=answered`);
      // The list is replaced twice (area, then status): wait for the second one, where every report is answered.
      await page.waitForFunction(
        ({ codes, answered }) => {
          const list = '[data-testid="reports-list"]';
          const shown = [...document.querySelectorAll(`${list} [data-code]`)].map((c) =>
            c.getAttribute('data-code'),
          );
          const statuses = [...document.querySelectorAll(`${list} [data-testid="status"]`)].map((b) =>
            b.getAttribute('data-status'),
          );
          return (
            shown.length > 0 &&
            shown.join() !== codes.join() &&
            statuses.length === shown.length &&
            statuses.every((status) => answered.includes(status ?? ''))
          );
        },
        { codes: before, answered: ANSWERED },
      );
      const narrowed = await listedCodes(page);
      // Each one is answered and in Lục Ngạn or one of its communes, as the database says.
      const { rows } = await sql<{ code: string; status: string; district: string | null }>`
        select r.code, r.status, coalesce(p.slug, a.slug) as district from reports r
          join areas a on a.id = r.area_id left join areas p on p.id = a.parent_id and p.level = 'legacy_district'
         where r.code = any(${narrowed}::text[])`.execute(app.db);
      expect(rows).toHaveLength(narrowed.length);
      expect(rows.every((r) => ANSWERED.includes(r.status) && r.district === 'bac-giang.luc-ngan')).toBe(
        true,
      );
      const statuses = await page
        .locator('[data-testid="reports-list"] [data-testid="status"]')
        .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status')));
      expect(statuses.every((s) => ANSWERED.includes(s ?? ''))).toBe(true);
      await shot(page, `map-${screen}-filtered`);

      // The address is the filter: opened elsewhere, it shows the same reports with the same choices.
      const shared = page.url();
      const other = await context!.newPage();
      await other.goto(shared);
      await waitForList(other);
      expect(await listedCodes(other)).toEqual(narrowed);
      expect(await other.locator('#reports-area').inputValue()).toBe(lucNgan);
      expect(await other.locator('#reports-status').inputValue()).toBe('answered');
      await other.close();
      expect(pageErrors).toEqual([]);
    });

    it(`shows the district outlines and the reports on the map with no background tiles (${screen})`, async () => {
      const page = await newPage(screen);
      const response = await page.goto('/#/phan-anh');
      // The CSP lets the configured tile server's images in, and no other outside host.
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(
        csp
          .split(';')
          .find((d) => d.trim().startsWith('img-src'))
          ?.trim(),
      ).toBe(`img-src 'self' data: ${TILES}`);
      await waitForList(page);
      if (screen === 'phone') {
        // One pane at a time on a phone: the map is not even loaded until it is asked for.
        expect(await page.locator('.leaflet-container').count()).toBe(0);
        await page.getByTestId('view-map').click();
        await page.waitForURL((url) => url.hash === '#/phan-anh?view=map');
      }
      const map = page.locator('.reports-map-pane');
      await waitForMap(page, map);
      expect(tileRequests).toBeGreaterThan(0);
      await map
        .getByText('Không tải được bản đồ nền. Ranh giới địa bàn và vị trí phản ánh vẫn được hiển thị.')
        .waitFor();
      expect(await map.locator('.leaflet-overlay-pane path').count()).toBe(11);
      // District names are written from zoom 9: on the desktop's wide map, not on the phone's whole province.
      const labels = await map.locator('.map-area-label').allTextContents();
      if (screen === 'desktop') expect(labels).toContain('Lục Ngạn');
      else expect(labels).toEqual([]);
      // The clusters count every listed report with a place.
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from reports where listed and latitude is not null`.execute(app.db);
      const counts = await map.locator(`${MARKS} .map-cluster`).allTextContents();
      expect(counts.reduce((sum, c) => sum + Number(c.replace(/\D/g, '')), 0)).toBe(rows[0]?.n);
      expect(await map.getByTestId('map-legend').textContent()).toContain('Đang xử lý');
      await shot(page, `map-${screen}-map`);
      await map.screenshot({ path: path.join(SHOTS, `map-${screen}-map-detail.png`) });

      // Not a keyboard trap: from the map, Tab leaves it after its own controls.
      await map.locator('.map-canvas').focus();
      let outside = false;
      for (let i = 0; i < 8 && !outside; i++) {
        await page.keyboard.press('Tab');
        outside = await page.evaluate(() => document.activeElement?.closest('.map-frame') === null);
      }
      expect(outside).toBe(true);

      // Zooming into the largest cluster until single reports show, each opening its page from its popup.
      for (let i = 0; i < 6 && (await map.locator(`${MARKS} .map-point`).count()) === 0; i++) {
        const sizes = await map
          .locator(`${MARKS} .map-cluster`)
          .evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/\D/g, ''))));
        const largest = sizes.indexOf(Math.max(...sizes));
        await map.locator(`${MARKS} .map-cluster`).nth(largest).click();
        await page.waitForTimeout(600);
      }
      const point = map.locator(`${MARKS} .map-point`).first();
      await point.waitFor();
      const code = (await point.getAttribute('title')) ?? '';
      expect(code).toMatch(/^PA-\d{4}-\d{6}$/);
      await point.click();
      const popup = map.locator('.leaflet-popup');
      await popup.getByText(/^Tình trạng: /).waitFor();
      await shot(page, `map-${screen}-popup`);
      await map.screenshot({ path: path.join(SHOTS, `map-${screen}-popup-detail.png`) });
      await popup.getByRole('link', { name: `Xem phản ánh ${code}` }).click();
      await page.waitForURL((url) => url.hash === `#/phan-anh/${code}`);
      await page.getByRole('heading', { level: 1, name: `Phản ánh ${code}` }).waitFor();
      expect(pageErrors).toEqual([]);
    });
  }
});

describe('the home page', () => {
  for (const screen of ['phone', 'desktop'] as const) {
    it(`shows the reports answered last and the map of reports (${screen})`, async () => {
      const page = await newPage(screen);
      await page.goto('/');
      const recent = page.getByTestId('recent-answers').getByTestId('report-card');
      await recent.first().waitFor();
      const codes = await recent.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-code') ?? ''));
      // The four answered last, most recent first.
      const { rows } = await sql<{ code: string }>`
        select code from reports
         where listed and resolved_at is not null and status = any(${ANSWERED}::text[])
         order by resolved_at desc, id desc limit 4`.execute(app.db);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(codes).toEqual(rows.map((r) => r.code));
      expect(await recent.first().textContent()).toContain('Có kết quả ngày');

      const map = page.locator('.home-map');
      await map.scrollIntoViewIfNeeded();
      await waitForMap(page, map);
      expect(await map.locator('.leaflet-overlay-pane path').count()).toBe(11);
      await shot(page, `map-${screen}-home`);
      await map.screenshot({ path: path.join(SHOTS, `map-${screen}-home-map.png`) });

      await page.getByRole('link', { name: 'Xem tất cả phản ánh đã có kết quả' }).click();
      await page.waitForURL((url) => url.hash === '#/phan-anh?status=answered');
      await waitForList(page);
      expect(await page.locator('#reports-status').inputValue()).toBe('answered');
      expect(pageErrors).toEqual([]);
    });
  }
});

describe('the report flow', () => {
  for (const screen of ['phone', 'desktop'] as const) {
    it(`takes the place from a tap on the map, and sends the report with it (${screen})`, async () => {
      const description = `Rác thải đổ trộm bên đường, chọn vị trí trên bản đồ (${screen})`;
      const page = await newPage(screen);
      await page.goto('/#/gui-phan-anh');
      await page.getByLabel('Tìm lĩnh vực').fill('ve sinh moi truong');
      await page.getByTestId('category-option').filter({ hasText: 'Vệ sinh môi trường – rác thải' }).click();
      await page.getByTestId('report-next').click();
      await page.getByTestId('step-title').filter({ hasText: 'Ảnh hiện trường' }).waitFor();
      await page.getByTestId('report-next').click();
      await page.getByTestId('step-title').filter({ hasText: 'Vị trí' }).waitFor();

      const canvas = page.getByTestId('place-map-canvas');
      await canvas.scrollIntoViewIfNeeded();
      await canvas.locator('.leaflet-overlay-pane path').nth(10).waitFor({ state: 'attached' });
      const box = await canvas.boundingBox();
      if (box === null) throw new Error('the map has no box');
      const tap = (x: number, y: number) =>
        screen === 'phone' ? canvas.tap({ position: { x, y } }) : canvas.click({ position: { x, y } });

      // Outside the province (the map's lower left corner): refused at once, nothing set.
      await tap(12, box.height - 40);
      await page.getByText('Vị trí vừa chọn nằm ngoài địa bàn tỉnh.').waitFor();
      expect(await page.getByTestId('place-status').textContent()).toBe('');

      await tap(box.width / 2, box.height / 2);
      const status = page.getByTestId('place-status').filter({ hasText: 'Đã chọn vị trí trên bản đồ: ' });
      await status.waitFor();
      const [lat = NaN, lon = NaN] =
        ((await status.textContent()) ?? '').match(/\d+\.\d+/g)?.map(Number) ?? [];
      expect(lat).toBeGreaterThan(21.1);
      expect(lat).toBeLessThan(21.7);
      expect(lon).toBeGreaterThan(105.8);
      expect(lon).toBeLessThan(107.1);
      expect(await page.getByText('Vị trí vừa chọn nằm ngoài địa bàn tỉnh.').count()).toBe(0);
      expect(await canvas.locator('.map-pick').count()).toBe(1);
      await shot(page, `map-${screen}-place`);
      await page
        .getByTestId('place-map')
        .screenshot({ path: path.join(SHOTS, `map-${screen}-place-map.png`) });

      await page.getByTestId('report-next').click();
      await page.locator('#report-description').fill(description);
      await page.getByTestId('report-next').click();
      await page.getByTestId('step-title').filter({ hasText: 'Thông tin liên hệ' }).waitFor();
      await page.getByTestId('report-next').click();
      await page.getByTestId('step-title').filter({ hasText: 'Kiểm tra và gửi' }).waitFor();
      await page.getByTestId('report-submit').click();
      const code = (await page.getByTestId('report-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^PA-\d{4}-\d{6,}$/);

      const { rows } = await sql<{
        latitude: number;
        longitude: number;
        source: string;
        district: string | null;
      }>`select r.latitude, r.longitude, r.location_source as source, a.slug as district
           from reports r left join areas a on a.id = r.area_id where r.code = ${code}`.execute(app.db);
      const report = rows[0];
      expect(report?.source).toBe('map');
      // The place shown (5 decimals) is the place stored (6).
      expect(Math.abs((report?.latitude ?? 0) - lat)).toBeLessThanOrEqual(0.000005);
      expect(Math.abs((report?.longitude ?? 0) - lon)).toBeLessThanOrEqual(0.000005);
      // Filed in the demo district whose outline holds the point.
      expect(report?.district).toMatch(/^bac-giang\.[a-z-]+$/);
      expect(pageErrors).toEqual([]);
    });
  }
});
