// Browser journeys of following a report, on a phone and a desktop: a citizen signs in, sends a report
// through the API, finds it in "Phản ánh của tôi", tracks it by code; officers answer and publish it (through
// the workflow service); the citizen reads the answer, rates it "Chưa hài lòng" and reads it all in English.
// Another citizen follows the public report. Screenshots of each page go to SCREENSHOT_DIR (default /tmp/shots).
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { signInCitizen } from './citizen.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Uncaught errors and console errors of the pages, but the 404 of the unknown code the journey asks for. */
let pageErrors: string[] = [];

beforeAll(async () => {
  // Its own app: the journeys need the database and the officers' actions, which the shared one does not offer.
  app = await startTestApp();
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(pageErrors).toEqual([]);
  pageErrors = [];
});

async function newPage(screen: Screen): Promise<Page> {
  const context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url });
  contexts.push(context);
  const page = await context.newPage();
  // Chromium logs every 4xx. Expected: the first sign-in's 400 (consent), "who is signed in?" answered 401
  // while signed out, and 404s: the unknown code, and "my view" of a report someone else sent.
  collectErrors(
    page,
    pageErrors,
    /^Failed to load resource: the server responded with a status of 40[014]\b/,
  );
  return page;
}

/** Saves a full-page screenshot and checks that nothing is wider than the screen. */
async function shoot(page: Page, name: string, screen: Screen): Promise<void> {
  await screenshot(page, `follow-${name}-${screen}`);
}

async function idBySlug(table: 'categories' | 'areas' | 'agencies', slug: string): Promise<string> {
  const row = await app.db
    .withTables<Record<typeof table, { id: string; slug: string }>>()
    .selectFrom(table)
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sends a report with a photo from the page, as the signed-in citizen, through the API; returns its code. */
async function sendReport(page: Page, description: string): Promise<string> {
  const photo = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 140, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  const upload = await page.request.post('/api/v1/public/uploads', {
    headers: { 'content-type': 'image/jpeg' },
    data: photo,
  });
  expect(upload.status()).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  const sent = await page.request.post('/api/v1/public/reports', {
    data: {
      categoryId: await idBySlug('categories', 've-sinh-moi-truong-rac-thai'),
      description,
      location: { areaId: await idBySlug('areas', 'bac-giang.luc-ngan'), address: 'Thôn Đồng Mới' },
      mediaIds: [id],
    },
  });
  expect(sent.status()).toBe(201);
  return ((await sent.json()) as { code: string }).code;
}

/** The officers take the report from acceptance to a published answer. */
async function answerAndPublish(code: string, answer: string): Promise<void> {
  await app.act('canbo.tiepnhan1', code, 'accept');
  await app.act('canbo.tiepnhan1', code, 'assign', {
    leadAgencyId: await idBySlug('agencies', 'ubnd-bac-giang.so-gtvt'),
  });
  await app.act('xuly.sogtvt', code, 'acknowledge');
  await app.act('xuly.sogtvt', code, 'submit_answer', { text: answer });
  await app.act('lanhdao.sogtvt', code, 'approve_answer');
  await app.act('canbo.tiepnhan1', code, 'publish', { publicAnswer: answer });
}

const timelineKinds = (page: Page) =>
  page
    .getByTestId('timeline')
    .locator('li')
    .evaluateAll((lis) => lis.map((li) => li.dataset.kind));

describe.each(Object.keys(SCREENS) as Screen[])('following a report (%s)', (screen) => {
  const phone = screen === 'phone' ? '0912 345 601' : '0912 345 602';
  const answer = 'Đã thu gom rác tại thôn Đồng Mới và bố trí thùng rác mới.';

  it('a citizen finds the report they sent, tracks it by code, reads the answer, rates it and reads it in English', async () => {
    const page = await newPage(screen);
    // Signed out, "Phản ánh của tôi" says how to see it.
    await page.goto('/#/cua-toi');
    await page.getByTestId('mine-signed-out').waitFor();
    expect(await page.getByTestId('mine-signed-out').getByRole('link').getAttribute('href')).toBe(
      '#/dang-nhap?ve=%2Fcua-toi',
    );

    await signInCitizen(page, phone);
    const code = await sendReport(page, `Rác thải đổ bừa bãi ven đường (${screen}).`);
    expect(code).toMatch(/^PA-\d{4}-\d{6,}$/);

    // "Phản ánh của tôi" is in the navigation once signed in; the report is there, newest first.
    await page.getByRole('navigation').getByRole('link', { name: 'Phản ánh của tôi' }).click();
    const item = page.locator(`[data-code="${code}"]`);
    await item.waitFor();
    expect(await item.getByTestId('status').textContent()).toBe('Chờ tiếp nhận');
    expect(await item.textContent()).toContain('Vệ sinh môi trường – rác thải');
    expect(await item.textContent()).toContain('Bạn đã gửi');
    await shoot(page, 'mine', screen);

    await item.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { level: 1, name: `Phản ánh ${code}` }).waitFor();
    await page.getByTestId('report').waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Chờ tiếp nhận');
    expect(await page.getByText('Bạn là người gửi phản ánh này.').count()).toBe(1);
    expect(await timelineKinds(page)).toEqual(['submitted']);

    // Accepted: anyone with the code sees it; typed in lower case without dashes.
    await app.act('canbo.tiepnhan1', code, 'accept');
    const visitor = await newPage(screen);
    await visitor.goto('/#/tra-cuu');
    await visitor.getByRole('textbox', { name: 'Mã phản ánh' }).fill(code.toLowerCase().replace(/-/g, ''));
    await shoot(visitor, 'track', screen);
    await visitor.getByRole('button', { name: 'Tra cứu' }).click();
    await visitor.getByTestId('report').waitFor();
    expect(visitor.url()).toBe(`${app.url}/#/phan-anh/${code}`);
    expect(await visitor.getByTestId('status').textContent()).toBe('Đã tiếp nhận');
    expect(await visitor.getByText(`Rác thải đổ bừa bãi ven đường (${screen}).`).count()).toBe(1);
    await visitor.locator('.follow-photos img').evaluate(
      (img: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          if (img.complete && img.naturalWidth > 0) resolve();
          img.addEventListener('load', () => {
            resolve();
          });
          img.addEventListener('error', () => {
            reject(new Error(`photo ${img.src} did not load`));
          });
        }),
    );
    // Not signed in: following starts with signing in.
    expect(await visitor.getByTestId('follow-sign-in').getAttribute('href')).toBe(
      `#/dang-nhap?ve=${encodeURIComponent(`/phan-anh/${code}`)}`,
    );
    await shoot(visitor, 'report-public', screen);

    // An unknown code gets a clear message and the form again.
    await visitor.goto('/#/tra-cuu');
    await visitor.getByRole('textbox', { name: 'Mã phản ánh' }).fill('pa 2020 999999');
    await visitor.getByRole('button', { name: 'Tra cứu' }).click();
    await visitor.getByTestId('not-found').waitFor();
    expect(await visitor.getByTestId('not-found').textContent()).toContain(
      'Không tìm thấy phản ánh với mã này',
    );
    expect(await visitor.getByRole('textbox', { name: 'Mã phản ánh' }).inputValue()).toBe('PA-2020-999999');
    await shoot(visitor, 'not-found', screen);

    // The receiver asks the citizen for more; the citizen answers on the report's page.
    await app.act('canbo.tiepnhan1', code, 'request_info', { question: 'Bãi rác ở phía nào của thôn?' });
    await page.reload();
    await page.getByTestId('question').waitFor();
    expect(await page.getByTestId('question').textContent()).toContain('Bãi rác ở phía nào của thôn?');
    await shoot(page, 'report-question', screen);
    await page.getByLabel('Thông tin bổ sung của bạn').fill('Phía đầu thôn, cạnh cầu tràn.');
    await page.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await page
      .getByTestId('action-done')
      .filter({ hasText: 'Đã gửi thông tin bổ sung. Cảm ơn bạn.' })
      .waitFor();
    await page.locator('[data-kind="info_provided"]').waitFor();
    expect(await page.getByTestId('question').count()).toBe(0);
    expect(await page.locator('[data-kind="info_provided"]').textContent()).toContain(
      'Phía đầu thôn, cạnh cầu tràn.',
    );

    // The officers answer and publish; the citizen sees the answer, its timeline entry and the rating form.
    await answerAndPublishAfterAccept(code, answer);
    await page.reload();
    await page.getByTestId('rating-form').waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Đã công khai');
    expect(await page.getByTestId('answer').textContent()).toContain(answer);
    expect(await timelineKinds(page)).toContain('published');
    expect(await page.getByTestId('timeline').textContent()).toContain('Đã công bố kết quả trả lời');
    await shoot(page, 'report-rating', screen);

    // "Chưa hài lòng" needs a reason: asked for next to the field before anything is sent.
    await page.getByLabel('Chưa hài lòng').check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('Vui lòng cho biết lý do bạn chưa hài lòng.').waitFor();
    await page.getByLabel('Ý kiến của bạn').fill('Rác vẫn còn ở đầu thôn.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByTestId('your-rating').waitFor();
    expect(await page.getByTestId('your-rating').textContent()).toBe('Bạn đã đánh giá: Chưa hài lòng');
    expect(await page.getByTestId('action-done').textContent()).toBe('Cảm ơn bạn đã đánh giá.');
    expect(await page.getByTestId('rating-form').count()).toBe(0);
    expect(await page.getByTestId('status').textContent()).toBe('Đề nghị xử lý lại');
    expect(await timelineKinds(page)).toContain('rated');
    const stored = await app.db
      .withTables<{ reports: { code: string; rating: string | null } }>()
      .selectFrom('reports')
      .select('rating')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(stored.rating).toBe('unsatisfied');
    await shoot(page, 'report-rated', screen);

    // English: status, timeline, buttons and labels.
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: `Report ${code}` }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Reopen requested');
    expect(await page.getByTestId('your-rating').textContent()).toBe('Your rating: Not satisfied');
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toContain('Report sent');
    expect(timeline).toContain('Answer published');
    expect(timeline).toContain('The reporter rated the answer');
    expect(timeline).toContain('Not satisfied: Rác vẫn còn ở đầu thôn.');
    expect(await page.getByRole('heading', { name: 'The answer' }).count()).toBe(1);
    expect(await page.getByText('You sent it, so you are told of every step.').count()).toBe(1);
    await shoot(page, 'report-en', screen);
    await page.getByRole('navigation').getByRole('link', { name: 'My reports' }).click();
    await page.locator(`[data-code="${code}"]`).waitFor();
    expect(await page.locator(`[data-code="${code}"]`).getByTestId('status').textContent()).toBe(
      'Reopen requested',
    );
    await page.getByTestId('lang-vi').click();
  }, 180_000);
});

/** The rest of `answerAndPublish` once the report has been accepted. */
async function answerAndPublishAfterAccept(code: string, answer: string): Promise<void> {
  await app.act('canbo.tiepnhan1', code, 'assign', {
    leadAgencyId: await idBySlug('agencies', 'ubnd-bac-giang.so-gtvt'),
  });
  await app.act('xuly.sogtvt', code, 'acknowledge');
  await app.act('xuly.sogtvt', code, 'submit_answer', { text: answer });
  await app.act('lanhdao.sogtvt', code, 'approve_answer');
  await app.act('canbo.tiepnhan1', code, 'publish', { publicAnswer: answer });
}

describe('following someone else’s report', () => {
  it('another citizen follows a public report and stops following it; the database holds the follow', async () => {
    const reporter = await newPage('desktop');
    await signInCitizen(reporter, '0912 345 611');
    const code = await sendReport(reporter, 'Bãi rác tự phát cạnh trường học.');
    await answerAndPublish(code, 'Đã dọn bãi rác và lắp biển cấm đổ rác.');

    const page = await newPage('phone');
    await signInCitizen(page, '0912 345 612');
    await page.goto(`/#/phan-anh/${code}`);
    await page.getByTestId('follow').click();
    await page.getByTestId('follow-state').filter({ hasText: 'Bạn đang theo dõi phản ánh này.' }).waitFor();
    expect(await page.getByTestId('supporters').textContent()).toBe('2');
    await shoot(page, 'report-following', 'phone');
    const followers = () =>
      app.db
        .withTables<{
          reports: { id: string; code: string; supporters: number };
          report_followers: { report_id: string; account_id: string | null; role: string };
        }>()
        .selectFrom('report_followers as f')
        .innerJoin('reports as r', 'r.id', 'f.report_id')
        .select(['f.role', 'r.supporters'])
        .where('r.code', '=', code)
        .where('f.account_id', 'is not', null)
        .where('f.role', '=', 'follower')
        .execute();
    expect(await followers()).toEqual([{ role: 'follower', supporters: 2 }]);

    // It is now in their "Phản ánh của tôi" too.
    await page.goto('/#/cua-toi');
    await page.locator(`[data-code="${code}"]`).filter({ hasText: 'Đang theo dõi' }).waitFor();

    await page.goto(`/#/phan-anh/${code}`);
    await page.getByTestId('unfollow').click();
    await page.getByTestId('follow-state').filter({ hasText: 'Bạn đã bỏ theo dõi phản ánh này.' }).waitFor();
    expect(await followers()).toEqual([]);
  }, 180_000);
});
