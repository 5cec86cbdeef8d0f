// Browser journeys on the officers' statistics page (#/can-bo/thong-ke) over the demo province's generated reports:
// a visitor is asked to sign in and comes back signed in as a demo agency leader, who sees their agency's figures —
// the same as the API's — and downloads the XLSX, whose cells are the API's; a provincial leader on a 360 px phone
// groups by month and reads the chart. Screenshots at 360×740 and 1280×800 go to SCREENSHOT_DIR (default
// /tmp/shots); axe finds no serious or critical violation; nothing is wider than the screen.
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExcel } from '../../src/modules/accounts/officer-file.js';
import { generateReports } from '../../src/modules/reports/demo-reports.js';
import { startTestApp, type TestApp } from './app.js';
import { blockingViolations, describeViolations } from './axe.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

const PASSWORD = 'Lãnh-đạo-thử-nghiệm-2026';
const AGENCY_LEADER = 'lanhdao.sogtvt';
const PROVINCIAL_LEADER = 'lanhdao.ubndtinh';

interface Figures {
  received: number;
  handled: number;
  overdue: number;
  onTimePercent: number | null;
  avgHandlingDays: number | null;
  satisfactionPercent: number | null;
}
interface Reply {
  columns: string[];
  rows: (Figures & Record<string, number | string | null> & { key: string | null; nameVi: string })[];
  total: Figures & Record<string, number | null>;
  scope: { everything: boolean; units: { nameVi: string }[] };
}

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  // Its own app with the reports demo mode generates on its first start (the shared app has none, on purpose).
  app = await startTestApp();
  await generateReports(app.db, { count: 300, seed: 1, spanDays: 120, concurrency: 1 });
  await app.setPassword(AGENCY_LEADER, PASSWORD);
  await app.setPassword(PROVINCIAL_LEADER, PASSWORD);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  const errors = pageErrors;
  pageErrors = [];
  expect(errors).toEqual([]);
});

async function newPage(screen: Screen): Promise<Page> {
  const context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  // "Who is signed in?" answers 401 to a visitor.
  collectErrors(page, pageErrors, /^Failed to load resource: the server responded with a status of 401\b/);
  return page;
}

/** From the page's "sign in" prompt, through the officers' sign-in form, back to the statistics. */
async function signInFromPage(page: Page, username: string): Promise<void> {
  await page.goto('/#/can-bo/thong-ke');
  const prompt = page.getByTestId('officer-required');
  await prompt.waitFor();
  await prompt.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByRole('tab', { name: 'Cán bộ' }).click();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/#\/can-bo\/thong-ke$/);
  await waitForFigures(page);
}

async function waitForFigures(page: Page): Promise<void> {
  await page.locator('[data-testid="leader-results"][aria-busy="false"]').waitFor();
  await page.getByTestId('leader-table').waitFor();
}

/** The API's answer for what the page shows: the query of its download link, asked with the page's session. */
async function apiFor(page: Page): Promise<Reply> {
  const href = (await page.getByTestId('download-xlsx').getAttribute('href')) ?? '';
  const query = new URLSearchParams(href.split('?')[1]);
  query.delete('lang');
  return page.evaluate(async (search) => {
    const response = await fetch(`/api/v1/stats/leader?${search}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as Reply;
  }, query.toString());
}

const count = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const decimal = (n: number | null) =>
  n === null
    ? '—'
    : new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

async function expectAccessible(page: Page): Promise<void> {
  const violations = await blockingViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('officers’ statistics in the browser', () => {
  it('brings an agency leader from the sign-in prompt to their agency’s figures, the API’s, and its XLSX', async () => {
    const page = await newPage('desktop');
    await signInFromPage(page, AGENCY_LEADER);
    const reply = await apiFor(page);

    expect(reply.scope.everything).toBe(false);
    expect(await page.getByTestId('leader-scope').textContent()).toBe(
      'Phạm vi: Sở Giao thông vận tải tỉnh Bắc Giang và các đơn vị trực thuộc',
    );
    expect(reply.total.received).toBeGreaterThan(0);
    expect(await page.getByTestId('total-received').textContent()).toBe(count(reply.total.received));
    expect(await page.getByTestId('total-onTimePercent').textContent()).toBe(
      decimal(reply.total.onTimePercent),
    );
    expect(await page.getByTestId('total-avgHandlingDays').textContent()).toBe(
      decimal(reply.total.avgHandlingDays),
    );
    // Every row of the table is a row of the API's, in its order.
    const shown = await page
      .locator('[data-testid="leader-table"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((tr) => [tr.getAttribute('data-key'), tr.querySelector('th')?.textContent]),
      );
    expect(shown).toEqual(reply.rows.map((r) => [r.key ?? '', r.nameVi]));
    const first = reply.rows[0]!;
    expect(await page.locator(`tr[data-key="${first.key ?? ''}"] [data-col="handled"]`).textContent()).toBe(
      count(first.handled),
    );
    await expectAccessible(page);
    await screenshot(page, 'leader-stats-agency-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^thong-ke-pakn-co-quan-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
    const workbook = new (await loadExcel()).Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Cơ quan xử lý');
    expect(sheet.getCell('B1').value).toBe('Tiếp nhận');
    expect(sheet.getCell('A2').value).toBe(first.nameVi);
    expect(sheet.getCell('B2').value).toBe(first.received);
    const onTime = sheet.getRow(2).getCell(reply.columns.indexOf('onTimePercent') + 2).value;
    expect(onTime ?? null).toBe(first.onTimePercent);
    const totalRow = sheet.getRow(reply.rows.length + 2);
    expect(totalRow.getCell(1).value).toBe('Tổng cộng');
    expect(totalRow.getCell(2).value).toBe(reply.total.received);
  });

  it('shows a provincial leader the province by month on a 360 px phone, with the chart', async () => {
    const page = await newPage('phone');
    await signInFromPage(page, PROVINCIAL_LEADER);
    expect(await page.getByTestId('leader-scope').textContent()).toBe('Phạm vi: toàn tỉnh');
    await screenshot(page, 'leader-stats-province-phone');

    await page.getByTestId('group-month').check();
    await page.waitForURL(/theo=thang/);
    await waitForFigures(page);
    const reply = await apiFor(page);
    expect(reply.rows).toHaveLength(12);
    const values = await page.getByTestId('chart-value').allTextContents();
    expect(values).toEqual(reply.rows.map((r) => count(r.received)));
    await page.getByTestId('metric-onTimePercent').check();
    await expect
      .poll(() => page.getByTestId('chart-value').allTextContents())
      .toEqual(reply.rows.map((r) => decimal(r.onTimePercent)));
    await expectAccessible(page);
    await screenshot(page, 'leader-stats-month-phone');

    // The same page in English, at desktop size.
    await page.setViewportSize(SCREENS.desktop.viewport);
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'Report statistics' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'leader-stats-month-desktop-en');
  });
});
