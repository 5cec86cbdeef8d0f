// Browser journeys on the statistics page (#/thong-ke) over the demo province's generated reports, on a phone
// (390×844) and a desktop (1366×768): every figure on the page equals the API's for the same period and
// grouping (so the page cannot drift from the data), grouping, period and sorting, the address kept for
// sharing, both languages, the table scrolling inside its own box on a phone, loading, error and empty states,
// an axe check, and the home page's satisfaction figure. Screenshots go to SCREENSHOT_DIR (default /tmp/shots).
import { readFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateReports } from '../../src/modules/reports/demo-reports.js';
import { startTestApp, type TestApp } from './app.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;
type Lang = 'vi' | 'en';

interface Figures {
  received: number;
  handled: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  cameDue: number;
  late: number;
  rated: number;
}
interface Reply {
  total: Figures;
  groups: (Figures & { key: string | null; nameVi: string; nameEn: string })[];
  asOf: string | null;
}

let app: TestApp;
let browser: Browser;
let axeSource: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  // Its own app, with the reports demo mode generates on its first start (the shared app has none, on purpose).
  app = await startTestApp();
  await generateReports(app.db, { count: 300, seed: 1, spanDays: 120, concurrency: 1 });
  browser = await launchChromium();
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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

async function newPage(screen: Screen, options: { allowFailedLoads?: boolean } = {}): Promise<Page> {
  // A phone set to Vietnamese, as most readers' are: the month pickers speak it too.
  const context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  // "Who is signed in?" answers 401 to a visitor; the error-state test fails the figures on purpose.
  collectErrors(
    page,
    pageErrors,
    options.allowFailedLoads
      ? /^Failed to load resource/
      : /^Failed to load resource: the server responded with a status of 401\b/,
  );
  return page;
}

/** Saves a full-page screenshot after checking that the page itself never scrolls sideways. */
async function shoot(page: Page, name: string, screen: Screen): Promise<void> {
  await screenshot(page, `stats-${name}-${screen}`);
}

/** Rules axe breaks on this page, with the elements (none expected). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
}

// --- What the page should show, computed here from the API's answer, independently of the page's code.

const vietnamMonth = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
});
function thisMonth(): string {
  const [month, year] = vietnamMonth.format(new Date()).split('/');
  return `${year}-${month}`;
}
function monthsBefore(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const number = (lang: Lang, n: number) => new Intl.NumberFormat(LOCALES[lang]).format(n);
const percent = (lang: Lang, rate: number) =>
  new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(rate);

async function api(query: Record<string, string>): Promise<Reply> {
  const response = await fetch(`${app.url}/api/v1/public/figures?${new URLSearchParams(query).toString()}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

interface ShownRow {
  key: string;
  name: string;
  received: string;
  handled: string;
  late: string;
  onTime: string;
  onTimeNote: string | null;
  satisfaction: string;
  satisfactionNote: string | null;
}

/** Waits until the figures asked last are on the page. */
async function waitForFigures(page: Page): Promise<void> {
  await page.locator('[data-testid="stats-results"][aria-busy="false"]').waitFor();
}

async function readTable(page: Page): Promise<ShownRow[]> {
  return page.locator('[data-testid="stats-table"] tbody tr').evaluateAll((rows) =>
    rows.map((tr) => {
      const cell = (col: string) => tr.querySelector(`[data-col="${col}"]`);
      const rate = (col: string) => {
        const td = cell(col);
        return (
          td?.querySelector('.rate')?.textContent ?? (td?.querySelector('[aria-hidden="true"]') ? '—' : '?')
        );
      };
      const note = (col: string) => cell(col)?.querySelector('.cell-note')?.textContent ?? null;
      return {
        key: tr.getAttribute('data-key') ?? '?',
        name: tr.querySelector('th')?.textContent ?? '',
        received: cell('received')?.textContent ?? '',
        handled: cell('handled')?.textContent ?? '',
        late: cell('late')?.textContent ?? '',
        onTime: rate('onTime'),
        onTimeNote: note('onTime'),
        satisfaction: rate('satisfaction'),
        satisfactionNote: note('satisfaction'),
      };
    }),
  );
}

const EN_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The row the page should show for one of the API's groups. */
function expectedRow(g: Reply['groups'][number], lang: Lang, byMonth: boolean): ShownRow {
  const small = (n: number) => n > 0 && n < 5;
  const rate = (r: number | null) => (r === null ? '—' : percent(lang, r));
  const name =
    byMonth && lang === 'en' && g.key !== null
      ? EN_MONTH.format(new Date(`${g.key.slice(0, 7)}-01T00:00:00Z`))
      : lang === 'vi'
        ? g.nameVi
        : g.nameEn;
  return {
    key: g.key ?? '',
    name,
    received: number(lang, g.received),
    handled: number(lang, g.handled),
    late: number(lang, g.late),
    onTime: rate(g.onTimeRate),
    onTimeNote:
      g.onTimeRate !== null && small(g.cameDue)
        ? lang === 'vi'
          ? `trên ${number(lang, g.cameDue)} phản ánh đến hạn`
          : `out of ${number(lang, g.cameDue)} due`
        : null,
    satisfaction: rate(g.satisfactionRate),
    satisfactionNote:
      g.satisfactionRate !== null && small(g.rated)
        ? lang === 'vi'
          ? `trên ${number(lang, g.rated)} lượt đánh giá`
          : `out of ${number(lang, g.rated)} rated`
        : null,
  };
}

/** The page's totals and every row equal the API's figures for `query`. */
async function expectPageEqualsApi(
  page: Page,
  query: { groupBy: string; from: string; to: string },
  lang: Lang,
): Promise<Reply> {
  const reply = await api(query);
  const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim();
  expect({
    received: await text('total-received'),
    handled: await text('total-handled'),
    onTime: await text('total-ontime'),
    late: await text('total-late'),
    satisfaction: await text('total-satisfaction'),
  }).toEqual({
    received: number(lang, reply.total.received),
    handled: number(lang, reply.total.handled),
    onTime: reply.total.onTimeRate === null ? '—' : percent(lang, reply.total.onTimeRate),
    late: number(lang, reply.total.late),
    satisfaction: reply.total.satisfactionRate === null ? '—' : percent(lang, reply.total.satisfactionRate),
  });

  const shown = await readTable(page);
  const byMonth = query.groupBy === 'month';
  const expected = reply.groups.map((g) => expectedRow(g, lang, byMonth));
  if (byMonth) {
    // Every month of the period has a row; those the API has no figures for show zeros.
    const months = shown.map((r) => r.key);
    expect(months[0]).toBe(`${query.from}-01`);
    expect(months.at(-1)).toBe(`${query.to}-01`);
    expect(shown.filter((r) => reply.groups.some((g) => g.key === r.key))).toEqual(
      expect.arrayContaining(expected) as unknown,
    );
    for (const row of shown.filter((r) => !reply.groups.some((g) => g.key === r.key)))
      expect([row.received, row.onTime]).toEqual(['0', '—']);
  } else {
    expect(shown).toHaveLength(reply.groups.length);
    expect(shown).toEqual(expect.arrayContaining(expected) as unknown);
  }
  return reply;
}

/** Reports in the database that count (not merged into another). */
async function countReports(): Promise<number> {
  const row = await app.db
    .withTables<{ reports: { merged_into: string | null } }>()
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const LAST_12 = () => ({ from: monthsBefore(thisMonth(), 11), to: thisMonth() });

describe('statistics page', () => {
  it.each(['desktop', 'phone'] as const)(
    'shows the API’s figures by agency for the last 12 months, reached from the navigation (%s)',
    async (screen) => {
      const page = await newPage(screen);
      const asked: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/public/figures')) asked.push(new URL(r.url()).search);
      });
      await page.goto('/');
      await page.getByRole('navigation').getByRole('link', { name: 'Thống kê' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thống kê phản ánh' }).waitFor();
      await waitForFigures(page);
      expect(await page.title()).toBe('Thống kê – Hệ thống thông tin phản ánh hiện trường');
      expect(
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Thống kê' })
          .getAttribute('aria-current'),
      ).toBe('page');

      const { from, to } = LAST_12();
      expect(asked).toEqual([`?groupBy=agency&from=${from}&to=${to}`]);
      expect(await page.getByTestId('stats-period').textContent()).toBe(
        `Từ tháng ${from.slice(5)}/${from.slice(0, 4)} đến tháng ${to.slice(5)}/${to.slice(0, 4)}`,
      );
      const reply = await expectPageEqualsApi(page, { groupBy: 'agency', from, to }, 'vi');
      // The API counts what the database holds (duplicates merged into another report aside), and the demo has
      // figures in every column: a test of real numbers, not of dashes.
      expect(reply.total.received).toBe(await countReports());
      expect(reply.total.received).toBeGreaterThan(250);
      expect(reply.total.onTimeRate).not.toBeNull();
      expect(reply.total.satisfactionRate).not.toBeNull();
      expect(reply.groups.length).toBeGreaterThan(3);
      // Most reports first, as the sorted header says.
      const received = (await readTable(page)).map((r) => Number(r.received.replace(/\./g, '')));
      expect(received).toEqual([...received].sort((a, b) => b - a));
      expect(
        await page
          .locator('[data-testid="stats-table"] th[aria-sort]')
          .evaluateAll((ths) => ths.map((th) => [th.textContent, th.getAttribute('aria-sort')])),
      ).toEqual([['Tiếp nhận', 'descending']]);

      if (screen === 'phone') {
        // The table scrolls inside its own box (not the page), which the keyboard can reach.
        const box = page.locator('.table-scroll');
        const widths = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(widths.scroll).toBeGreaterThan(widths.client);
        expect(await box.getAttribute('tabindex')).toBe('0');
      }
      await shoot(page, 'agency-vi', screen);
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'switches grouping and sorting, keeps them in a link that opens the same figures (%s)',
    async (screen) => {
      const page = await newPage(screen);
      await page.goto('/#/thong-ke');
      await waitForFigures(page);
      const { from, to } = LAST_12();

      for (const [label, groupBy, slug] of [
        ['Địa bàn', 'area', 'dia-ban'],
        ['Lĩnh vực', 'category', 'linh-vuc'],
        ['Tháng', 'month', 'thang'],
      ] as const) {
        await page.getByRole('group', { name: 'Xem theo' }).getByLabel(label, { exact: true }).check();
        await page.waitForFunction((s) => window.location.hash.endsWith(`theo=${s}`), slug);
        await waitForFigures(page);
        expect(new URL(page.url()).hash).toBe(`#/thong-ke?ky=12-thang&theo=${slug}`);
        await expectPageEqualsApi(page, { groupBy, from, to }, 'vi');
      }
      // By month: oldest first.
      const months = (await readTable(page)).map((r) => r.key);
      expect(months).toEqual([...months].sort());
      await shoot(page, 'month-vi', screen);

      // Sorting by a rate: largest first, rows without a rate last; then the other way.
      await page.getByRole('button', { name: 'Đúng hạn' }).click();
      const onTime = page.locator('[data-testid="stats-table"] th[aria-sort]');
      expect([await onTime.textContent(), await onTime.getAttribute('aria-sort')]).toEqual([
        'Đúng hạn',
        'descending',
      ]);
      const rates = (await readTable(page)).map((r) => r.onTime);
      const values = rates.filter((r) => r !== '—').map((r) => Number(r.replace('%', '').replace(',', '.')));
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(rates.slice(values.length).every((r) => r === '—')).toBe(true);
      await page.getByRole('button', { name: 'Đúng hạn' }).click();
      expect(await onTime.getAttribute('aria-sort')).toBe('ascending');

      // The link opens the same figures in a new tab.
      const link = page.url();
      const other = await newPage(screen);
      await other.goto(link);
      await waitForFigures(other);
      expect(await other.getByRole('group', { name: 'Xem theo' }).getByLabel('Tháng').isChecked()).toBe(true);
      await expectPageEqualsApi(other, { groupBy: 'month', from, to }, 'vi');
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'takes a custom range of months, and says so when nothing was received in it (%s)',
    async (screen) => {
      const page = await newPage(screen);
      await page.goto('/#/thong-ke?theo=linh-vuc');
      await waitForFigures(page);
      await page.getByRole('group', { name: 'Kỳ số liệu' }).getByLabel('Tùy chọn').check();
      const to = thisMonth();
      const from = monthsBefore(to, 2);
      await page.getByLabel('Từ tháng', { exact: true }).fill(from);
      await page.getByLabel('Đến tháng', { exact: true }).fill(to);
      await page.getByRole('button', { name: 'Xem số liệu' }).click();
      await page.waitForFunction((f) => window.location.hash.includes(`tu=${f}`), from);
      await waitForFigures(page);
      expect(new URL(page.url()).hash).toBe(`#/thong-ke?ky=tuy-chon&theo=linh-vuc&tu=${from}&den=${to}`);
      await expectPageEqualsApi(page, { groupBy: 'category', from, to }, 'vi');
      await shoot(page, 'custom-vi', screen);

      // Backwards: refused on the page, nothing asked.
      await page.getByLabel('Từ tháng', { exact: true }).fill(to);
      await page.getByLabel('Đến tháng', { exact: true }).fill(from);
      await page.getByRole('button', { name: 'Xem số liệu' }).click();
      await page.getByText('Tháng kết thúc không được trước tháng bắt đầu.').waitFor();
      expect(await page.getByLabel('Đến tháng', { exact: true }).getAttribute('aria-invalid')).toBe('true');

      // Years before the demo's reports: the totals say zero and the page says why there is no table.
      await page.getByLabel('Từ tháng', { exact: true }).fill('2020-01');
      await page.getByLabel('Đến tháng', { exact: true }).fill('2020-06');
      await page.getByRole('button', { name: 'Xem số liệu' }).click();
      await page.getByTestId('stats-empty').waitFor();
      expect(await page.getByTestId('total-received').textContent()).toBe('0');
      expect(await page.getByTestId('stats-table').count()).toBe(0);
      await shoot(page, 'empty-vi', screen);
    },
  );

  it.each(['desktop', 'phone'] as const)('reads in English after switching language (%s)', async (screen) => {
    const page = await newPage(screen);
    await page.goto('/#/thong-ke?ky=12-thang&theo=co-quan');
    await waitForFigures(page);
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'Report statistics' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await page.getByRole('heading', { level: 2 }).allTextContents()).map((s) => s.trim())).toEqual([
      'Whole province',
      'By handling agency',
      'How the figures are counted',
    ]);
    const { from, to } = LAST_12();
    await expectPageEqualsApi(page, { groupBy: 'agency', from, to }, 'en');
    await page.getByRole('group', { name: 'Group by' }).getByLabel('Month').check();
    await page.waitForFunction(() => window.location.hash.endsWith('theo=thang'));
    await waitForFigures(page);
    await expectPageEqualsApi(page, { groupBy: 'month', from, to }, 'en');
    await shoot(page, 'month-en', screen);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(['desktop', 'phone'] as const)(
    'shows loading, then an error with a retry that works (%s)',
    async (screen) => {
      const page = await newPage(screen, { allowFailedLoads: true });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let failures = 1;
      await page.route('**/api/v1/public/figures?**', async (route) => {
        await held;
        if (failures-- > 0) await route.fulfill({ status: 503, body: '{}', contentType: 'application/json' });
        else await route.continue();
      });
      await page.goto('/#/thong-ke');
      await page.getByText('Đang tải số liệu…').waitFor();
      expect(await page.getByTestId('total-received').textContent()).toBe('…');
      await shoot(page, 'loading-vi', screen);

      release();
      const alert = page.getByRole('alert');
      await alert.getByText('Không tải được số liệu thống kê.').waitFor();
      await shoot(page, 'error-vi', screen);
      await alert.getByRole('button', { name: 'Thử lại' }).click();
      // The error's own state is not busy either: wait for the figures themselves, then for the page to settle.
      await page.getByTestId('total-received').filter({ hasText: /\d/ }).waitFor();
      await waitForFigures(page);
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectPageEqualsApi(page, { groupBy: 'agency', ...LAST_12() }, 'vi');
    },
  );
});

describe('home page satisfaction figure', () => {
  it.each(['desktop', 'phone'] as const)(
    'shows the API’s satisfaction rate beside the on-time rate, and leads to the statistics (%s)',
    async (screen) => {
      const stats = (await (await fetch(`${app.url}/api/v1/public/stats`)).json()) as {
        received: number;
        onTimePercent: number | null;
        satisfactionPercent: number | null;
      };
      expect(stats.received).toBe(await countReports());
      expect(stats.satisfactionPercent).not.toBeNull();
      const page = await newPage(screen);
      await page.goto('/');
      await page
        .getByRole('status')
        .filter({ hasText: /^Cập nhật lúc/ })
        .waitFor();
      expect({
        labels: (await page.locator('dl.stats dt').allTextContents()).map((s) => s.trim()),
        received: await page.getByTestId('stat-received').textContent(),
        onTime: await page.getByTestId('stat-ontime').textContent(),
        satisfaction: await page.getByTestId('stat-satisfaction').textContent(),
      }).toEqual({
        labels: ['Phản ánh đã tiếp nhận', 'Đã xử lý xong', 'Tỷ lệ đúng hạn', 'Tỷ lệ hài lòng'],
        received: number('vi', stats.received),
        onTime: percent('vi', (stats.onTimePercent ?? NaN) / 100),
        satisfaction: percent('vi', (stats.satisfactionPercent ?? NaN) / 100),
      });
      await shoot(page, 'home-vi', screen);
      await page.getByRole('link', { name: 'Xem thống kê theo cơ quan, địa bàn, lĩnh vực' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thống kê phản ánh' }).waitFor();
    },
  );
});
