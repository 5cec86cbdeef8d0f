// The administration screens in Chromium, as the demo administrator (password, then TOTP enrolment through the
// page): a category's deadline, a holiday exception and a reply template changed through the UI and read back
// from the API; then every section at a phone (360×740) and a desktop (1280×800) size, each screenshot written to
// SCREENSHOT_DIR (admin-<section>-<size>.png), checked by axe (no serious or critical violation), for nothing wider
// than the screen and for errors in the console.
import { mkdir } from 'node:fs/promises';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { blockingViolations, describeViolations } from './axe.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;
const ADMIN_PASSWORD = 'Quản-trị-thử-nghiệm-2026';

let app: TestApp;
let browser: Browser;
let session: Awaited<ReturnType<BrowserContext['storageState']>>;

beforeAll(async () => {
  // Its own app: the administrator's second factor is enrolled here, and the journey changes organisation data.
  app = await startTestApp();
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  await app.setPassword('admin', ADMIN_PASSWORD);
  const context = await browser.newContext({ ...SCREENS.desktop, baseURL: app.url });
  try {
    const page = await context.newPage();
    await page.goto('/#/dang-nhap?ve=/quan-tri');
    await page.getByRole('tab', { name: 'Cán bộ' }).click();
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
    await page.getByLabel('Mã xác thực').fill(code);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('account-name').waitFor();
    session = await context.storageState();
  } finally {
    await context.close();
  }
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

async function open(
  screen: Screen,
  path: string,
  errors: string[],
  lang: 'vi' | 'en' = 'vi',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url, storageState: session });
  const page = await context.newPage();
  collectErrors(page, errors, /^$/);
  await page.goto(`/?lang=${lang}${path}`);
  await page.locator('main h1').first().waitFor();
  return { context, page };
}

/** Waits until no list of the section is loading any more. */
async function loaded(page: Page): Promise<void> {
  await page.locator('.adm-main').waitFor();
  await expect.poll(() => page.locator('.adm-loading').count()).toBe(0);
}

/**
 * A backstop for hangs, not a speed check: a full-page picture of a long section (the categories with an open
 * editor are 11,000 px tall at the phone's scale) and an axe run over it can take most of a minute on a busy
 * 2-core machine.
 */
const SECTION_TIMEOUT_MS = 180_000;

describe('administration journey', { timeout: SECTION_TIMEOUT_MS }, () => {
  it('edits a category’s deadline, adds a holiday exception and a reply template, as the API then shows', async () => {
    const errors: string[] = [];
    const { context, page } = await open('desktop', '#/quan-tri', errors);
    try {
      // The menu leads to the categories.
      await page
        .getByTestId('admin-menu')
        .getByRole('link', { name: /Lĩnh vực và thời hạn/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Lĩnh vực và thời hạn' }).waitFor();
      await page.getByTestId('edit-category-cay-xanh').click();
      await page.getByTestId('clock-normal-resolve').fill('7');
      await page.getByTestId('clock-normal-resolve-unit').selectOption('working_days');
      await page.getByTestId('save-category').click();
      await page.getByTestId('category-status').filter({ hasText: 'Đã lưu thay đổi.' }).waitFor();
      const categories = (await (await context.request.get('/api/v1/org/categories')).json()) as {
        id: string;
        slug: string;
        deadlines: { normal: { resolve: unknown } };
      }[];
      const trees = categories.find((c) => c.slug === 'cay-xanh');
      expect(trees?.deadlines.normal.resolve).toEqual({ amount: 7, unit: 'working_days' });

      // A compensatory day off on Monday 4 January 2027.
      await page.locator('.adm-nav').getByRole('link', { name: 'Lịch nghỉ' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lịch nghỉ' }).waitFor();
      await page.getByLabel('Ngày', { exact: true }).fill('2027-01-04');
      await page.getByLabel('Ghi chú').fill('Nghỉ bù Tết Dương lịch');
      await page.getByTestId('add-exception').click();
      await page.getByTestId('exception-status').filter({ hasText: 'Đã ghi ngày 04/01/2027.' }).waitFor();
      await page.getByTestId('exception-list').filter({ hasText: 'Thứ hai, 04/01/2027' }).waitFor();
      const calendar = (await (await context.request.get('/api/v1/admin/calendar?year=2027')).json()) as {
        exceptions: unknown[];
      };
      expect(calendar.exceptions).toEqual([
        { date: '2027-01-04', kind: 'day_off', note: 'Nghỉ bù Tết Dương lịch' },
      ]);

      // A reply template for the trees category, which officers are then offered.
      await page.locator('.adm-nav').getByRole('link', { name: 'Mẫu trả lời' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mẫu trả lời' }).waitFor();
      await page.getByTestId('add-template').click();
      await page.getByLabel('Dùng cho lĩnh vực').selectOption({ label: 'Cây xanh' });
      await page.getByLabel('Tên mẫu').fill('Đã cắt tỉa cây xanh');
      await page
        .getByLabel('Nội dung trả lời')
        .fill('Kính gửi Ông/Bà,\n\nĐơn vị đã cắt tỉa cây xanh tại vị trí Ông/Bà phản ánh.');
      await page.getByTestId('save-template').click();
      await page.getByTestId('template-status').filter({ hasText: 'Đã thêm mẫu trả lời.' }).waitFor();
      await page.getByTestId('template-list').filter({ hasText: 'Đã cắt tỉa cây xanh' }).waitFor();
      const offered = (await (
        await context.request.get(`/api/v1/reply-templates?categoryId=${trees?.id ?? ''}`)
      ).json()) as { title: string; body: string }[];
      expect(offered).toEqual([
        expect.objectContaining({
          title: 'Đã cắt tỉa cây xanh',
          body: 'Kính gửi Ông/Bà,\n\nĐơn vị đã cắt tỉa cây xanh tại vị trí Ông/Bà phản ánh.',
        }),
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Every section, and what to open in it before the picture (an editor, so its form is looked at too). */
const SECTIONS: { slug: string; then?: (page: Page) => Promise<void> }[] = [
  { slug: '' },
  {
    slug: 'linh-vuc',
    then: async (page) => {
      await page.getByTestId('edit-category-trat-tu-do-thi').click();
      await page.locator('#category-editor').waitFor();
    },
  },
  {
    slug: 'mau-tra-loi',
    then: async (page) => {
      await page.getByTestId('add-template').click();
      await page.locator('#template-editor').waitFor();
    },
  },
  { slug: 'lich-nghi' },
  {
    slug: 'can-bo',
    then: async (page) => {
      await page
        .getByTestId('officer-list')
        .getByRole('button', { name: /Lê Thị Hương/ })
        .click();
      await page.locator('#officer-editor h2').filter({ hasText: 'Lê Thị Hương' }).waitFor();
    },
  },
  { slug: 'co-quan' },
  { slug: 'don-vi-hanh-chinh' },
  { slug: 'tham-quyen' },
  {
    slug: 'huong-dan',
    then: async (page) => {
      await page.getByRole('button', { name: 'Thêm hướng dẫn hoặc câu hỏi' }).click();
      await page.locator('#guide-editor').waitFor();
    },
  },
];

describe('every administration section', { timeout: SECTION_TIMEOUT_MS }, () => {
  for (const screen of Object.keys(SCREENS) as Screen[])
    for (const section of SECTIONS)
      it(`${section.slug || 'menu'} on a ${screen}`, async () => {
        const errors: string[] = [];
        const path = section.slug === '' ? '#/quan-tri' : `#/quan-tri/${section.slug}`;
        const { context, page } = await open(screen, path, errors);
        try {
          if (section.slug !== '') await loaded(page);
          await section.then?.(page);
          await screenshot(page, `admin-${section.slug || 'menu'}-${screen}`);
          const violations = await blockingViolations(page);
          expect(describeViolations(violations), `axe on ${path}`).toBe('');
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });

  it('categories in English on a desktop', async () => {
    const errors: string[] = [];
    const { context, page } = await open('desktop', '#/quan-tri/linh-vuc', errors, 'en');
    try {
      await page.getByRole('heading', { level: 1, name: 'Categories and deadlines' }).waitFor();
      await loaded(page);
      await page.getByTestId('edit-category-thien-tai-cuu-ho').click();
      const hotline = page.locator('#category-editor').getByRole('textbox', { name: 'Emergency number' });
      await expect.poll(() => hotline.inputValue()).toBe('114');
      await screenshot(page, 'admin-linh-vuc-desktop-en');
      expect(describeViolations(await blockingViolations(page))).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
