// A tour of every page of the portal at phone (390×844) and desktop (1366×768) size, in Vietnamese (and a few in
// English): each page is opened as the person who uses it, a full-page screenshot is written to
// /tmp/shots/tour-<page>-<size>.png for a person to look at, and axe-core checks it. A serious or critical axe
// violation, content wider than the screen or an error in the page's console fails the page.
//
// To add a page, add a Stop to STOPS.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { blockingViolations, describeViolations } from './axe.js';
import { signInCitizen } from './citizen.js';
import { launchChromium } from './chromium.js';

const SHOTS = path.resolve(process.env.SCREENSHOT_DIR ?? '/tmp/shots');

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

/** Bắc Giang city centre: where the report flow's phone says it is. */
const BAC_GIANG = { latitude: 21.27, longitude: 106.19 };
const CITIZEN_PHONE = '0912 000 777';
const ADMIN_PASSWORD = 'Quản-trị-thử-nghiệm-2026';

/** What the tour has made before it starts: a published report of the citizen's, for its pages. */
interface Facts {
  code: string;
}

/** One page of the tour. */
interface Stop {
  /** The screenshot's name: `/tmp/shots/tour-<name>-<size>.png`. */
  name: string;
  /** The address to open; `{code}` is the citizen's published report. */
  path: string;
  /** Default: Vietnamese. */
  lang?: 'vi' | 'en';
  /** Signed in as: default nobody. */
  as?: 'citizen' | 'admin';
  /** Before the page is opened, e.g. a network that fails some requests. */
  before?: (page: Page) => Promise<void>;
  /**
   * After the page opened (and its main heading showed): what to do and wait for before the picture, e.g. a
   * loaded list or the steps of a form to walk through.
   */
  then?: (page: Page, facts: Facts) => Promise<void>;
  /** Console errors that are the page's subject (Chromium logs every 4xx), e.g. the 404 of an unknown report. */
  expectedErrors?: RegExp;
}

async function chooseCategory(page: Page, query: string, name: string): Promise<void> {
  await page.getByLabel('Tìm lĩnh vực').fill(query);
  await page.getByTestId('category-option').filter({ hasText: name }).first().click();
}

async function nextStep(page: Page, title: string): Promise<void> {
  await page.getByTestId('report-next').click();
  await page.getByTestId('step-title').filter({ hasText: title }).waitFor();
}

let photo: Buffer;

/** The report flow, walked from its first step up to `last` (1 = category … 6 = review), never sent. */
async function reportFlowTo(page: Page, last: number): Promise<void> {
  await page.getByTestId('category-option').first().waitFor();
  if (last === 1) return;
  await chooseCategory(page, 'trat tu do thi', 'Trật tự đô thị');
  await nextStep(page, 'Ảnh hiện trường');
  await page
    .getByTestId('photo-gallery')
    .setInputFiles({ name: 'hien-truong.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('photo').filter({ hasText: 'Đã tải lên' }).waitFor();
  if (last === 2) return;
  await nextStep(page, 'Vị trí');
  await page.getByRole('button', { name: 'Dùng vị trí hiện tại' }).click();
  await page.getByTestId('place-status').filter({ hasText: 'Đã lấy vị trí' }).waitFor();
  if (last === 3) return;
  await nextStep(page, 'Nội dung phản ánh');
  await page
    .locator('#report-description')
    .fill('Lấn chiếm vỉa hè trước cổng chợ Thương, người đi bộ phải đi xuống lòng đường.');
  if (last === 4) return;
  await nextStep(page, 'Thông tin liên hệ');
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
  await page.getByLabel('Số điện thoại').fill('0912 345 678');
  if (last === 5) return;
  await nextStep(page, 'Kiểm tra và gửi');
  await page.getByTestId('review').waitFor();
}

/** Every page of the portal. */
const STOPS: readonly Stop[] = [
  {
    name: 'home',
    path: '#/',
    then: (page) =>
      page
        .getByRole('status')
        .filter({ hasText: /^Cập nhật lúc/ })
        .waitFor(),
  },
  {
    name: 'home-en',
    path: '#/',
    lang: 'en',
    then: (page) =>
      page
        .getByRole('status')
        .filter({ hasText: /^Updated at/ })
        .waitFor(),
  },
  { name: 'report-1-category', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 1) },
  { name: 'report-2-photos', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 2) },
  { name: 'report-3-place', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 3) },
  { name: 'report-4-details', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 4) },
  { name: 'report-5-contact', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 5) },
  { name: 'report-6-review', path: '#/gui-phan-anh', then: (page) => reportFlowTo(page, 6) },
  {
    name: 'reports',
    path: '#/phan-anh',
    then: (page, { code }) => page.getByTestId('reports-list').getByText(code).waitFor(),
  },
  { name: 'track', path: '#/tra-cuu' },
  {
    name: 'report-page',
    path: '#/phan-anh/{code}',
    then: (page) => page.getByTestId('answer').waitFor(),
  },
  {
    name: 'report-page-en',
    path: '#/phan-anh/{code}',
    lang: 'en',
    then: (page) => page.getByTestId('answer').waitFor(),
  },
  {
    name: 'report-page-unknown',
    path: '#/phan-anh/PA-2026-999999',
    then: (page) => page.getByTestId('not-found').waitFor(),
    expectedErrors: /^Failed to load resource: the server responded with a status of 404\b/,
  },
  {
    name: 'my-reports',
    path: '#/cua-toi',
    as: 'citizen',
    then: (page, { code }) => page.getByTestId('mine-list').getByText(code).waitFor(),
  },
  {
    name: 'my-report',
    path: '#/theo-doi/{code}',
    as: 'citizen',
    then: (page) => page.getByTestId('answer').waitFor(),
  },
  {
    name: 'account',
    path: '#/tai-khoan',
    as: 'citizen',
    then: (page) => page.getByTestId('download-data').waitFor(),
  },
  {
    name: 'guides',
    path: '#/huong-dan',
    then: (page) => page.locator('main a[href^="#/huong-dan/"]').first().waitFor(),
  },
  {
    // A guide's own address: the same page, moved to the guide.
    name: 'guide',
    path: '#/huong-dan/dang-ky-tai-khoan',
    then: async (page) => {
      await page.getByRole('heading', { level: 2, name: 'Đăng ký tài khoản trên trang web' }).waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe('guide-dang-ky-tai-khoan');
    },
  },
  { name: 'sign-in', path: '#/dang-nhap', then: (page) => page.getByLabel('Số điện thoại').waitFor() },
  {
    name: 'admin-signed-out',
    path: '#/quan-tri',
    then: (page) => page.getByTestId('admin-required').waitFor(),
    // The page asks who is signed in: nobody (401).
    expectedErrors: /^Failed to load resource: the server responded with a status of 401\b/,
  },
  {
    name: 'admin',
    path: '#/quan-tri/can-bo',
    as: 'admin',
    then: (page) => page.getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)').waitFor(),
  },
  {
    name: 'statistics',
    path: '#/thong-ke',
    then: (page) => page.getByTestId('total-received').filter({ hasText: /\d/ }).waitFor(),
  },
  {
    name: 'statistics-en',
    path: '#/thong-ke?theo=linh-vuc',
    lang: 'en',
    then: (page) => page.getByTestId('total-received').filter({ hasText: /\d/ }).waitFor(),
  },
  {
    name: 'sign-in-email',
    path: '#/dang-nhap?cach=email',
    then: (page) => page.getByLabel('Địa chỉ e-mail').waitFor(),
  },
  {
    // The page an e-mailed "confirm following" link opens (the token is only checked when the button is pressed).
    name: 'follow-email-confirm',
    path: `#/xac-nhan-theo-doi/${'0123456789abcdef'.repeat(4)}`,
    then: (page) => page.getByTestId('email-link-button').waitFor(),
  },
  { name: 'not-found', path: '#/khong-co-trang-nay' },
  {
    // A page whose code cannot be downloaded (no network before the service worker kept it).
    name: 'page-load-error',
    path: '#/huong-dan',
    before: async (page) => {
      await page.route('**/assets/guides-*.js', (route) => route.abort('internetdisconnected'));
    },
    then: (page) =>
      page
        .getByRole('alert')
        .filter({ hasText: 'Không tải được trang' })
        .getByRole('button', { name: 'Thử lại' })
        .waitFor(),
    expectedErrors: /ERR_INTERNET_DISCONNECTED|Failed to fetch dynamically imported module/,
  },
];

let app: TestApp;
let browser: Browser;
const facts: Facts = { code: '' };
/** Signed-in sessions (cookies and the app's storage), made once per screen and reused by each stop. */
const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

async function idBySlug(table: 'categories' | 'areas', slug: string): Promise<string> {
  const row = await app.db
    .withTables<Record<typeof table, { id: string; slug: string }>>()
    .selectFrom(table)
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The citizen signs in, sends a report with a photo (through the API), and officers answer and publish it. */
async function citizenWithPublishedReport(): Promise<string> {
  const context = await browser.newContext({ ...SCREENS.desktop, baseURL: app.url });
  try {
    const page = await context.newPage();
    await signInCitizen(page, CITIZEN_PHONE);
    const upload = await page.request.post('/api/v1/public/uploads', {
      headers: { 'content-type': 'image/jpeg' },
      data: photo,
    });
    expect(upload.status()).toBe(201);
    const sent = await page.request.post('/api/v1/public/reports', {
      data: {
        categoryId: await idBySlug('categories', 've-sinh-moi-truong-rac-thai'),
        description: 'Rác thải sinh hoạt đổ tràn ra mép đường đầu thôn Đồng Mới, bốc mùi suốt một tuần nay.',
        location: { areaId: await idBySlug('areas', 'bac-giang.luc-ngan'), address: 'Thôn Đồng Mới' },
        mediaIds: [((await upload.json()) as { id: string }).id],
      },
    });
    expect(sent.status()).toBe(201);
    const { code } = (await sent.json()) as { code: string };
    const answer =
      'Ngày 12/11, Tổ vệ sinh môi trường xã đã thu gom toàn bộ rác tại điểm này và đặt thêm thùng rác có nắp.';
    await app.act('canbo.tiepnhan1', code, 'accept');
    await app.act('canbo.tiepnhan1', code, 'assign', {
      leadAgencyId: (
        await app.db
          .withTables<{ agencies: { id: string; slug: string } }>()
          .selectFrom('agencies')
          .select('id')
          .where('slug', '=', 'ubnd-bac-giang.so-gtvt')
          .executeTakeFirstOrThrow()
      ).id,
    });
    await app.act('xuly.sogtvt', code, 'acknowledge');
    await app.act('xuly.sogtvt', code, 'submit_answer', { text: answer });
    await app.act('lanhdao.sogtvt', code, 'approve_answer');
    await app.act('canbo.tiepnhan1', code, 'publish', { publicAnswer: answer });
    sessions.set('citizen', await context.storageState());
    return code;
  } finally {
    await context.close();
  }
}

/** The administrator signs in through the page, enrolling the second factor from the secret it shows. */
async function adminSession(): Promise<void> {
  await app.setPassword('admin', ADMIN_PASSWORD);
  const context = await browser.newContext({ ...SCREENS.desktop, baseURL: app.url });
  try {
    const page = await context.newPage();
    await page.goto('/#/dang-nhap');
    await page.getByRole('tab', { name: 'Cán bộ' }).click();
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
    await page.getByLabel('Mã xác thực').fill(code);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('account-name').waitFor();
    sessions.set('admin', await context.storageState());
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  // Its own app: the tour needs a published report and the officers' actions, which the shared one does not offer.
  app = await startTestApp();
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  photo = await sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: 120, g: 150, b: 100 } },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
  facts.code = await citizenWithPublishedReport();
  await adminSession();
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

/**
 * Scrolls through the page as a reader would, so that images loaded lazily (the guides' pictures) are in the
 * full-page picture, then back to the top once every image has loaded.
 */
async function loadLazyImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const step = window.innerHeight;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
}

/** Opens a stop in a context of its own, as its person, and checks it. */
async function visit(stop: Stop, screen: Screen): Promise<void> {
  const session = stop.as === undefined ? undefined : sessions.get(stop.as);
  const context = await browser.newContext({
    ...SCREENS[screen],
    baseURL: app.url,
    locale: stop.lang === 'en' ? 'en-GB' : 'vi-VN',
    ...(session !== undefined ? { storageState: session } : {}),
  });
  try {
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation(BAC_GIANG);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !(stop.expectedErrors?.test(message.text()) ?? false))
        errors.push(message.text());
    });
    await stop.before?.(page);
    await page.goto(`/?lang=${stop.lang ?? 'vi'}${stop.path.replace('{code}', facts.code)}`);
    await page.locator('main h1').first().waitFor();
    await stop.then?.(page, facts);
    await loadLazyImages(page);

    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await page.screenshot({ path: path.join(SHOTS, `tour-${stop.name}-${screen}.png`), fullPage: true });
    const violations = await blockingViolations(page);
    expect(describeViolations(violations), `axe: serious or critical violations on ${stop.name}`).toBe('');
    expect(overflow, `${stop.name} is wider than the ${screen} screen`).toBeLessThanOrEqual(0);
    expect(errors, `errors in the console of ${stop.name}`).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('tour of every page', () => {
  it('has a check that finds what it should', async () => {
    // A page with an image without a text alternative and a field without a label: both fail it.
    const context = await browser.newContext(SCREENS.phone);
    try {
      const page = await context.newPage();
      await page.setContent(
        '<!doctype html><html lang="vi"><title>Thử</title><main><h1>Thử</h1>' +
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"><input type="text"></main></html>',
      );
      const found = await blockingViolations(page);
      expect(found.map((v) => v.id).sort()).toEqual(['image-alt', 'label']);
      expect(describeViolations(found)).toContain('image-alt (critical)');
    } finally {
      await context.close();
    }
  });

  for (const screen of ['phone', 'desktop'] as const) {
    for (const stop of STOPS) {
      it(`${stop.name} (${screen})`, () => visit(stop, screen));
    }
  }
});
