// Browser journeys of signing in by e-mail, through a real SMTP server, on a phone and a desktop: a new citizen on a
// report page follows the header's "Đăng nhập", chooses e-mail, opens the link from the mail (in another tab of the
// same browser on the phone, in another browser on the desktop), accepts the privacy notice and lands back on the
// report signed in; the used link is refused with a way to get a new one; a `ve=` pointing at another site is
// ignored. Screenshots go to SCREENSHOT_DIR (default /tmp/shots), named signin-*.
import { mkdir } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type ReceivedMail } from '../support/smtp.js';
import { freePort, startTestApp, type TestApp } from './app.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let browser: Browser;
let reportCode: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

async function idBySlug(table: 'categories' | 'areas' | 'agencies', slug: string): Promise<string> {
  const row = await app.db
    .withTables<Record<typeof table, { id: string; slug: string }>>()
    .selectFrom(table)
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Its own app: mail goes to the SMTP server of this test, not to the development mailbox.
  app = await startTestApp({ env: { PORT: String(await freePort()), SMTP_URL: smtp.url } });
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });

  // A report accepted by intake (so its page is public), which the citizen reads before signing in.
  const sent = await fetch(`${app.url}/api/v1/public/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      categoryId: await idBySlug('categories', 've-sinh-moi-truong-rac-thai'),
      description: 'Rác thải đổ bừa bãi ven đường thôn Đồng Mới, bốc mùi khó chịu.',
      location: { areaId: await idBySlug('areas', 'bac-giang.luc-ngan'), address: 'Thôn Đồng Mới' },
    }),
  });
  expect(sent.status).toBe(201);
  reportCode = ((await sent.json()) as { code: string }).code;
  await app.act('canbo.tiepnhan1', reportCode, 'accept');
});

afterAll(async () => {
  await browser.close();
  await app.stop();
  await smtp.close();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(pageErrors).toEqual([]);
  pageErrors = [];
});

async function newContext(screen: Screen): Promise<BrowserContext> {
  const context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url });
  contexts.push(context);
  return context;
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // Chromium logs every 4xx. Expected: a new account's 400 asking for consent and the used link's 400, "who is
  // signed in?" answered 401 while signed out, and the 404 of "my view" of a report someone else sent.
  collectErrors(
    page,
    pageErrors,
    /^Failed to load resource: the server responded with a status of 40[014]\b/,
  );
  return page;
}

/** Saves a full-page screenshot and checks that nothing is wider than the screen. */
async function shoot(page: Page, name: string, screen: Screen): Promise<void> {
  await screenshot(page, `signin-${name}-${screen}`);
}

/** The `count`-th mail to `address`, waiting for the job queue to send it. */
async function mailTo(address: string, count: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = smtp.received.filter((m) => m.to.includes(address));
    if (mails.length >= count) return mails[count - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail ${count} to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const linkIn = (mail: ReceivedMail): string => {
  const link = /(http:\/\/\S+\/#\/dang-nhap\/email\?\S+)/.exec(mail.body)?.[1];
  if (link === undefined) throw new Error(`no sign-in link in: ${mail.body}`);
  return link;
};

/** The sign-in page's e-mail form, filled and sent; returns the body the page sent to the API. */
async function askForLink(page: Page, email: string): Promise<unknown> {
  await page.getByRole('radio', { name: 'E-mail' }).click();
  await page.getByLabel('Địa chỉ e-mail').fill(email);
  const request = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/email-link'));
  await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra hộp thư của bạn' }).waitFor();
  return (await request).postDataJSON();
}

describe.each(Object.keys(SCREENS) as Screen[])('signing in by e-mail (%s)', (screen) => {
  const email = `nguoi.dan.${screen}@example.vn`;

  it('a new citizen signs in from a report page by e-mail, consents, and lands back on the report signed in', async () => {
    const context = await newContext(screen);
    const page = await newPage(context);
    await page.goto(`/#/phan-anh/${reportCode}`);
    await page.getByRole('heading', { level: 1, name: `Phản ánh ${reportCode}` }).waitFor();

    // The header's link carries the way back.
    await page.getByTestId('sign-in-link').click();
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    expect(page.url()).toBe(`${app.url}/#/dang-nhap?ve=${encodeURIComponent(`/phan-anh/${reportCode}`)}`);
    await page.getByText('Sau khi đăng nhập, bạn sẽ quay lại trang đang xem.').waitFor();
    // Phone stays the default.
    expect(await page.getByRole('radio', { name: 'Số điện thoại' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    await shoot(page, 'choice', screen);

    // A typo is caught on the page, before anything is sent.
    await page.getByRole('radio', { name: 'E-mail' }).click();
    await page.getByLabel('Địa chỉ e-mail').fill('nguoi.dan@example');
    await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Địa chỉ e-mail chưa đúng.' }).waitFor();
    await shoot(page, 'email-invalid', screen);

    const body = await askForLink(page, email);
    expect(body).toEqual({ email, returnTo: `/phan-anh/${reportCode}` });
    await page.getByText(`Đã gửi liên kết đăng nhập tới ${email}.`, { exact: false }).waitFor();
    await page.getByText('Thư rác (Spam)', { exact: false }).waitFor();
    expect(await page.getByTestId('resend-link').textContent()).toMatch(/^Gửi lại liên kết sau \d+ giây$/);
    await shoot(page, 'email-sent', screen);
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await shoot(page, 'email-sent-en', screen);
    await page.getByTestId('lang-vi').click();

    const mail = await mailTo(email, 1);
    expect(mail.subject).toBe('Đăng nhập hệ thống phản ánh hiện trường / Sign in — PAKN');
    const link = linkIn(mail);
    expect(link).toMatch(
      new RegExp(
        `^${app.url.replace(/[.]/g, '\\.')}/#/dang-nhap/email\\?ma=[\\w-]{43}&ve=%2Fphan-anh%2F${reportCode}$`,
      ),
    );

    // On the phone the mail is read in another tab of the same browser; on the desktop, in another browser.
    const linkPage = screen === 'phone' ? await newPage(context) : await newPage(await newContext(screen));
    await linkPage.goto(link);
    await linkPage.getByRole('heading', { name: 'Thông báo về xử lý dữ liệu cá nhân' }).waitFor();
    const full = linkPage.getByRole('link', { name: /Đọc toàn văn thông báo/ });
    expect(await full.getAttribute('href')).toBe('#/huong-dan/bao-ve-du-lieu-ca-nhan');
    await shoot(linkPage, 'consent', screen);

    // Not ticked: refused on the page, no account yet.
    await linkPage.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();
    await linkPage
      .getByRole('alert')
      .filter({ hasText: 'Vui lòng đánh dấu vào ô đồng ý để tiếp tục.' })
      .waitFor();
    const noAccount = await sql`select id from accounts where email = ${email}`.execute(app.db);
    expect(noAccount.rows).toHaveLength(0);

    await linkPage.getByLabel('Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.').check();
    await linkPage.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();
    await linkPage.getByTestId('account-name').waitFor();
    expect(linkPage.url()).toBe(`${app.url}/#/phan-anh/${reportCode}`);
    await linkPage.getByRole('heading', { level: 1, name: `Phản ánh ${reportCode}` }).waitFor();
    await shoot(linkPage, 'back-on-report', screen);

    // The consent is recorded with the account.
    const account = await sql<{ privacy_version: string; accepted: boolean }>`
      select privacy_version, privacy_accepted_at is not null as accepted
      from accounts where email = ${email} and kind = 'citizen'`.execute(app.db);
    expect(account.rows).toEqual([{ privacy_version: '2026-11', accepted: true }]);

    if (screen === 'phone') {
      // The tab that asked for the link follows the sign-in of the other tab, back to the report.
      await page.getByTestId('account-name').waitFor();
      await page.waitForURL(`${app.url}/#/phan-anh/${reportCode}`);
    }

    // The same link a second time: refused, in plain words, with the way to a new one.
    const again = await newPage(context);
    await again.goto(link);
    await again.getByRole('heading', { name: 'Liên kết đăng nhập không còn hiệu lực' }).waitFor();
    await again.getByText('mỗi liên kết chỉ dùng được một lần', { exact: false }).waitFor();
    await shoot(again, 'link-used', screen);
    await again.getByRole('link', { name: 'Gửi liên kết mới' }).click();
    await again.getByLabel('Địa chỉ e-mail').waitFor();
    expect(again.url()).toBe(
      `${app.url}/#/dang-nhap?cach=email&ve=${encodeURIComponent(`/phan-anh/${reportCode}`)}`,
    );
    expect(await again.getByRole('radio', { name: 'E-mail' }).getAttribute('aria-checked')).toBe('true');
  });

  it('ignores a return address of another site: the link has none, and the sign-in ends at home', async () => {
    // The minute between two links to one address has passed.
    await sql`update one_time_codes set created_at = created_at - interval '2 minutes'
      where purpose = 'sign_in_email'`.execute(app.db);
    const page = await newPage(await newContext(screen));
    await page.goto(`/#/dang-nhap?ve=${encodeURIComponent('https://lua-dao.example/dang-nhap')}`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    expect(await page.getByText('Sau khi đăng nhập, bạn sẽ quay lại trang đang xem.').count()).toBe(0);

    expect(await askForLink(page, email)).toEqual({ email });
    const link = linkIn(await mailTo(email, 2));
    expect(link).not.toContain('ve=');

    // Someone edits a link to point elsewhere: the page goes home all the same (the account exists: no consent).
    await page.goto(`${link}&ve=${encodeURIComponent('//lua-dao.example')}`);
    await page.getByTestId('account-name').waitFor();
    expect(page.url()).toBe(`${app.url}/#/`);
  });
});
