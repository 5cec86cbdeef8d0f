// Browser journeys on the home page: live figures, the language switch, and the page without JavaScript.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.js';

const baseUrl = inject('baseUrl');
const SITE_NAME = 'Hệ thống thông tin phản ánh hiện trường';
/** `HH:mm dd/MM/yyyy`, as format.ts writes instants; read texts show it as `{time}`. */
const TIME = /\b\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\b/g;

/** Trimmed text with the one part that changes from run to run, the time, replaced by `{time}`. */
function stable(text: string | null): string | undefined {
  return text?.trim().replace(TIME, '{time}');
}

let browser: Browser;
let context: BrowserContext | undefined;
/** Uncaught errors and console errors of the current page: a CSP violation or a failed fetch shows here. */
let pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  context = await browser.newContext({ baseURL: baseUrl, ...options });
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return page;
}

/** Waits until the app has replaced the server's page and shown the figures from the API. */
async function waitForFigures(page: Page, updatedAt: RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: updatedAt }).waitFor();
}

/** What a person reads on the home page, in one object so a test states all of it at once. */
async function readHome(page: Page) {
  const text = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();
  // The province line keeps its place but is written when the site's settings arrive, maybe after the figures.
  await page.locator('.brand-province').filter({ hasText: /\S/ }).waitFor();
  return {
    htmlLang: await page.locator('html').getAttribute('lang'),
    title: await page.title(),
    brand: (await page.locator('.brand-name').textContent())?.trim(),
    province: (await page.locator('.brand-province').textContent())?.trim(),
    pressed: {
      vi: await page.getByTestId('lang-vi').getAttribute('aria-pressed'),
      en: await page.getByTestId('lang-en').getAttribute('aria-pressed'),
    },
    nav: (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim()),
    heading: (await page.getByRole('heading', { level: 1 }).textContent())?.trim(),
    cta: (await page.locator('main a.button-primary').textContent())?.trim(),
    labels: (await page.locator('dl.stats dt').allTextContents()).map((s) => s.trim()),
    figures: {
      received: await text('stat-received'),
      handled: await text('stat-handled'),
      onTime: await text('stat-ontime'),
      satisfaction: await text('stat-satisfaction'),
    },
    notes: (await page.locator('dl.stats .stat-note').allTextContents()).map((s) => s.trim()),
    status: stable(await page.getByRole('status').textContent()),
  };
}

const VIETNAMESE_HOME = {
  htmlLang: 'vi',
  title: SITE_NAME,
  brand: SITE_NAME,
  province: 'Tỉnh Bắc Giang',
  pressed: { vi: 'true', en: 'false' },
  nav: ['Trang chủ', 'Gửi phản ánh', 'Phản ánh', 'Tra cứu phản ánh', 'Hướng dẫn', 'Thống kê'],
  heading: 'Phản ánh, kiến nghị của người dân và doanh nghiệp',
  cta: 'Gửi phản ánh',
  labels: ['Phản ánh đã tiếp nhận', 'Đã xử lý xong', 'Tỷ lệ đúng hạn', 'Tỷ lệ hài lòng'],
  figures: { received: '0', handled: '0', onTime: '—', satisfaction: '—' },
  notes: ['chưa có phản ánh đến hạn', 'chưa có lượt đánh giá'],
  status: 'Cập nhật lúc {time}',
};

const ENGLISH_HOME = {
  htmlLang: 'en',
  title: SITE_NAME,
  // The deployment's name is Vietnamese in every language (the API has no English name).
  brand: SITE_NAME,
  province: 'Bắc Giang province',
  pressed: { vi: 'false', en: 'true' },
  nav: ['Home', 'Send a report', 'Reports', 'Look up a report', 'Guides', 'Statistics'],
  heading: 'Reports and petitions from citizens and businesses',
  cta: 'Send a report',
  labels: ['Reports received', 'Reports handled', 'Handled on time', 'Reporters satisfied'],
  figures: { received: '0', handled: '0', onTime: '—', satisfaction: '—' },
  notes: ['no report has come due yet', 'no answer has been rated yet'],
  status: 'Updated at {time} (Vietnam time)',
};

describe('home page', () => {
  it('the public figures API reports a fresh system: nothing received, nothing due', async () => {
    const response = await fetch(`${baseUrl}/api/v1/public/stats`);
    expect(response.status).toBe(200);
    const { asOf, ...figures } = (await response.json()) as Record<string, unknown>;
    expect(figures).toEqual({ received: 0, handled: 0, onTimePercent: null, satisfactionPercent: null });
    expect(typeof asOf === 'string' && !Number.isNaN(Date.parse(asOf))).toBe(true);
  });

  it('opens in Vietnamese with the live figures', async () => {
    const page = await newPage();
    await page.goto('/');
    await waitForFigures(page, /^Cập nhật lúc/);

    expect(await readHome(page)).toEqual(VIETNAMESE_HOME);
    expect(
      await page.locator('main').getByText('Đây là kênh để người dân, doanh nghiệp gửi phản ánh').isVisible(),
    ).toBe(true);
    // The app replaced the server's no-JavaScript page rather than showing both.
    expect(await page.locator('.ssr-main').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('switches to English, and remembers the choice after a reload', async () => {
    const page = await newPage();
    await page.goto('/');
    await waitForFigures(page, /^Cập nhật lúc/);

    await page.getByTestId('lang-en').click();
    await waitForFigures(page, /^Updated at/);
    expect(await readHome(page)).toEqual(ENGLISH_HOME);

    await page.reload();
    await waitForFigures(page, /^Updated at/);
    expect(await readHome(page)).toEqual(ENGLISH_HOME);

    await page.getByTestId('lang-vi').click();
    await waitForFigures(page, /^Cập nhật lúc/);
    expect(await readHome(page)).toEqual(VIETNAMESE_HOME);
    expect(pageErrors).toEqual([]);
  });

  it('opens in English from a shared link with ?lang=en', async () => {
    const page = await newPage();
    await page.goto('/?lang=en');
    await waitForFigures(page, /^Updated at/);

    expect(await readHome(page)).toEqual(ENGLISH_HOME);
    expect(pageErrors).toEqual([]);
  });

  it.each(['vi', 'en'])('fits a 360 px wide phone screen without sideways scrolling (%s)', async (lang) => {
    const page = await newPage({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    await page.goto(`/?lang=${lang}`);
    await waitForFigures(page, lang === 'vi' ? /^Cập nhật lúc/ : /^Updated at/);

    const widths = await page.evaluate(() => ({
      viewport: document.documentElement.clientWidth,
      content: document.documentElement.scrollWidth,
    }));
    expect(widths).toEqual({ viewport: 360, content: 360 });
  });

  it.each([
    {
      path: '/',
      expected: {
        htmlLang: 'vi',
        province: 'Tỉnh Bắc Giang',
        headings: ['Phản ánh, kiến nghị của người dân và doanh nghiệp', 'Số liệu công khai'],
        intro:
          'Đây là kênh để người dân, doanh nghiệp gửi phản ánh, kiến nghị về những vấn đề bất cập trong đời sống, xã hội đến các cơ quan nhà nước của tỉnh. Các cơ quan nhà nước có trách nhiệm kiểm tra, xử lý và trả lời phản ánh, kiến nghị theo đúng quy định của pháp luật.',
        labels: ['Phản ánh đã tiếp nhận', 'Đã xử lý xong', 'Tỷ lệ đúng hạn'],
        received: '0',
        handled: '0',
        onTime: '— chưa có phản ánh đến hạn',
        updatedAt: 'Cập nhật lúc {time}',
      },
    },
    {
      path: '/?lang=en',
      expected: {
        htmlLang: 'en',
        province: 'Bắc Giang province',
        headings: ['Reports and petitions from citizens and businesses', 'Public figures'],
        intro:
          "This is where citizens and businesses send reports and petitions about problems in daily and social life to the province's state agencies. Those agencies are responsible for checking, handling and answering them in accordance with the law.",
        labels: ['Reports received', 'Reports handled', 'Handled on time'],
        received: '0',
        handled: '0',
        onTime: '— no report has come due yet',
        updatedAt: 'Updated at {time} (Vietnam time)',
      },
    },
  ])('without JavaScript shows the server-rendered page and figures at $path', async ({ path, expected }) => {
    const page = await newPage({ javaScriptEnabled: false });
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);

    const cards = page.locator('.ssr-stats > div');
    const cardValue = async (n: number) =>
      (await cards.nth(n).locator('dd').allTextContents()).join(' ').trim();
    expect({
      title: await page.title(),
      name: (await page.getByRole('heading', { level: 1 }).textContent())?.trim(),
      htmlLang: await page.locator('html').getAttribute('lang'),
      province: (await page.locator('.ssr-header p').textContent())?.trim(),
      headings: (await page.getByRole('heading', { level: 2 }).allTextContents()).map((s) => s.trim()),
      intro: (await page.locator('.ssr-main > p').first().textContent())?.trim(),
      labels: (await page.locator('.ssr-stats dt').allTextContents()).map((s) => s.trim()),
      received: await cardValue(0),
      handled: await cardValue(1),
      onTime: await cardValue(2),
      updatedAt: stable(await page.locator('.ssr-main small').textContent()),
    }).toEqual({ title: SITE_NAME, name: SITE_NAME, ...expected });

    // Playwright's text selectors skip <noscript>, so the notice is found by its class and languages.
    const notice = page.locator('.noscript');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.locator('p[lang="vi"]').textContent()).toBe(
      'Ứng dụng đầy đủ cần bật JavaScript. Các số liệu ở trên là số liệu mới nhất.',
    );
    expect(await notice.locator('p[lang="en"]').textContent()).toBe(
      'The full application needs JavaScript. The figures above are current.',
    );
    // Nothing of the app rendered: these are the server's figures, not a half-started client.
    expect(await page.getByTestId('stat-received').count()).toBe(0);
  });
});
