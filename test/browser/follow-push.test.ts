// Browser journeys of being told about a report, on a phone and a desktop: Web Push on this device for one
// public report (a visitor, no account) and for all of a citizen's reports ("Phản ánh của tôi"), where an
// officer acts and the test decrypts the message the server sent to the loopback push service (RFC 8291) as
// the browser would; following by e-mail through a real SMTP server (double opt-in, the unsubscribe link);
// the honest states (blocked, offline). Chromium's PushManager.subscribe is the one stand-in
// (push-stand-in.ts). Screenshots go to SCREENSHOT_DIR (default /tmp/shots) as follow-*.png.
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newBrowser, startPushService, type PushService } from '../support/push-service.js';
import { startSmtpServer, type ReceivedMail } from '../support/smtp.js';
import { startTestApp, type TestApp } from './app.js';
import { signInCitizen } from './citizen.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';
import { standInPushManager } from './push-stand-in.js';

/** The address links in messages are written with (the server's port is not known before it starts). */
const PUBLIC_URL = 'https://phananh.bacgiang.example';

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

/** The anonymous reporter of the journeys' reports: none of it may reach a push message or a page. */
const REPORTER = { name: 'Đỗ Thị Mai', phone: '0912 345 678', email: 'mai.do@example.vn' };
const PERSONAL = [REPORTER.name, REPORTER.email, '0912345678', '912345678', '0912 345 678'];

let app: TestApp;
let browser: Browser;
let push: PushService;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  push = await startPushService();
  smtp = await startSmtpServer();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL } });
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await app.stop();
  await push.close();
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
  // Chromium logs every 4xx: "who is signed in?" answered 401 while signed out, the first sign-in's 400
  // (consent), and 404: "my view" of someone else's report.
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

/** A report sent through the API from `page` (signed in or, with `contact`, anonymously); returns its code. */
async function sendReport(page: Page, description: string, contact?: typeof REPORTER): Promise<string> {
  const sent = await page.request.post('/api/v1/public/reports', {
    data: {
      categoryId: await idBySlug('categories', 've-sinh-moi-truong-rac-thai'),
      description,
      location: {
        areaId: await idBySlug('areas', 'bac-giang.luc-ngan.chu'),
        address: 'Đầu ngõ 5, phố Thanh Xuân',
        latitude: 21.3721,
        longitude: 106.5522,
      },
      ...(contact ? { contact } : {}),
    },
  });
  expect(sent.status()).toBe(201);
  return ((await sent.json()) as { code: string }).code;
}

const assign = async (code: string) =>
  app.act('canbo.tiepnhan1', code, 'assign', {
    leadAgencyId: await idBySlug('agencies', 'ubnd-bac-giang.so-gtvt'),
  });

/** Polls `probe` until it gives a value. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface Payload {
  code: string;
  kind: string;
  title: string;
  body: string;
  url: string;
}

/** The messages the push service accepted for one browser, decrypted with that browser's keys. */
function messagesFor(device: ReturnType<typeof newBrowser>): Payload[] {
  return push.received
    .filter((p) => device.subscription.endpoint.endsWith(`/push/${p.id}`))
    .map((p) => JSON.parse(device.decrypt(p.body)) as Payload);
}

/** A new browser "device": its keys (kept by the test), granted notifications, the stand-in installed. */
async function deviceContext(screen: Screen, name: string) {
  const device = newBrowser(push.endpointFor(`${name}-${screen}-${Date.now().toString(36)}`));
  const context = await newContext(screen);
  await context.grantPermissions(['notifications'], { origin: app.url });
  await standInPushManager(context, device.subscription);
  return { device, context };
}

const deviceState = (page: Page) =>
  page.getByTestId('device-push').evaluate((el) => (el as HTMLElement).dataset.state);

async function followersOf(code: string) {
  return app.db
    .withTables<{
      reports: { id: string; code: string; supporters: number };
      report_followers: {
        report_id: string;
        role: string;
        email: string | null;
        push_subscription_id: string | null;
      };
    }>()
    .selectFrom('report_followers as f')
    .innerJoin('reports as r', 'r.id', 'f.report_id')
    .select(['f.role', 'f.email', 'f.push_subscription_id', 'r.supporters'])
    .where('r.code', '=', code)
    .orderBy('f.role', 'desc')
    .execute();
}

describe.each(Object.keys(SCREENS) as Screen[])('notifications on this device (%s)', (screen) => {
  it('a visitor turns them on for a public report after a tap; an officer acts; the message decrypts to Vietnamese with the link and nothing personal', async () => {
    const reporter = await newPage(await newContext(screen));
    await reporter.goto('/');
    const code = await sendReport(reporter, `Rác chất đống cạnh chợ Chũ (${screen}).`, REPORTER);
    await app.act('canbo.tiepnhan1', code, 'accept');

    const { device, context } = await deviceContext(screen, 'khach');
    const page = await newPage(context);
    await page.goto(`/#/phan-anh/${code}`);
    await page.getByTestId('report').waitFor();
    await until('the device check', async () =>
      (await deviceState(page)) === 'available' ? true : undefined,
    );
    // The place in words, without the reporter.
    expect(await page.getByTestId('place').textContent()).toContain('Đầu ngõ 5, phố Thanh Xuân');
    expect(await page.getByTestId('place').textContent()).toContain(
      'Thị trấn Chũ, huyện Lục Ngạn, tỉnh Bắc Giang',
    );
    expect(await page.getByTestId('map-link').getAttribute('href')).toContain(
      'mlat=21.372100&mlon=106.552200',
    );
    for (const secret of PERSONAL) expect(await page.locator('main').textContent()).not.toContain(secret);
    // Nothing is asked on page load.
    expect(
      await page.evaluate(() => (window as unknown as { __permissionAsks: number }).__permissionAsks),
    ).toBe(0);
    await shoot(page, 'device-offer', screen);

    await page.getByRole('button', { name: 'Nhận thông báo trên thiết bị này' }).click();
    await page
      .getByTestId('device-push-state')
      .filter({ hasText: 'Thiết bị này đang nhận thông báo về phản ánh này.' })
      .waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { __permissionAsks: number }).__permissionAsks),
    ).toBe(1);
    expect(await page.getByTestId('supporters').textContent()).toBe('2');
    expect((await followersOf(code)).map((f) => [f.role, f.push_subscription_id !== null])).toEqual([
      ['reporter', false],
      ['follower', true],
    ]);
    await shoot(page, 'device-on', screen);

    // A reload finds it on, asking nothing.
    await page.reload();
    await until('the device check', async () => ((await deviceState(page)) === 'on' ? true : undefined));
    expect(
      await page.evaluate(() => (window as unknown as { __permissionAsks: number }).__permissionAsks),
    ).toBe(0);

    // The officer sends it to the agency: the browser is told.
    await assign(code);
    // The acceptance may reach the device too when its fan-out ran after the device subscribed (the
    // followers are read when the message is sent): look for the assignment's message.
    const message = await until('the push message', () =>
      messagesFor(device).find((m) => m.kind === 'assigned'),
    );
    expect(messagesFor(device).every((m) => m.code === code)).toBe(true);
    expect(message).toEqual({
      code,
      kind: 'assigned',
      title: `Phản ánh ${code} đã được chuyển đến cơ quan xử lý`,
      body: 'Phản ánh đã được chuyển đến cơ quan có thẩm quyền để xem xét, giải quyết.',
      url: `${PUBLIC_URL}/#/theo-doi/${code}`,
    });
    const raw = JSON.stringify(message);
    for (const secret of [...PERSONAL, 'Rác chất đống', 'Đầu ngõ 5']) expect(raw).not.toContain(secret);
    expect(push.refused).toEqual([]);

    // Undone: the follow is gone, the count back.
    await page.getByRole('button', { name: 'Tắt thông báo trên thiết bị này' }).click();
    await page
      .getByTestId('device-push-state')
      .filter({ hasText: 'Đã tắt. Thiết bị này không còn nhận thông báo về phản ánh này.' })
      .waitFor();
    expect(await page.getByTestId('supporters').textContent()).toBe('1');
    expect((await followersOf(code)).map((f) => f.role)).toEqual(['reporter']);
  }, 180_000);

  it('a citizen turns them on for all their reports in "Phản ánh của tôi"; their own report’s news arrives; the report page says they sent it', async () => {
    const { device, context } = await deviceContext(screen, 'cong-dan');
    const page = await newPage(context);
    await signInCitizen(page, screen === 'phone' ? '0912 345 701' : '0912 345 702');
    await page.goto('/#/cua-toi');
    const card = page.getByTestId('device-all');
    await until('the device check', async () =>
      (await card.getByTestId('device-push').evaluate((el) => (el as HTMLElement).dataset.state)) ===
      'available'
        ? true
        : undefined,
    );
    await card.getByRole('button', { name: 'Bật thông báo cho tất cả phản ánh của tôi' }).click();
    await card.getByTestId('device-push-state').filter({ hasText: 'kể cả sau khi bạn đăng xuất' }).waitFor();
    await shoot(page, 'mine-device', screen);

    const code = await sendReport(page, `Cống thoát nước bị tắc trước cổng trường (${screen}).`);
    await app.act('canbo.tiepnhan1', code, 'accept');
    const accepted = await until('the acceptance message', () =>
      messagesFor(device).find((m) => m.code === code && m.kind === 'accepted'),
    );
    expect(accepted.title).toBe(`Phản ánh ${code} đã được tiếp nhận`);
    expect(accepted.url).toBe(`${PUBLIC_URL}/#/theo-doi/${code}`);

    // The receipt's link opens the reporter's page: it says so, with the way to all their reports, and this
    // device is told already (through the account).
    await page.goto(`/#/theo-doi/${code}`);
    await page.getByTestId('you-sent').waitFor();
    expect(await page.getByTestId('you-sent').textContent()).toBe(
      'Bạn là người gửi phản ánh này. Xem tất cả phản ánh của bạn',
    );
    await until('the device check', async () => ((await deviceState(page)) === 'linked' ? true : undefined));
    await shoot(page, 'report-reporter', screen);

    await page.goto('/#/cua-toi');
    await card.getByRole('button', { name: 'Tắt thông báo trên thiết bị này' }).click();
    await card.getByTestId('device-push-state').filter({ hasText: 'Đã tắt.' }).waitFor();
    const linked = await app.db
      .withTables<{ push_subscriptions: { endpoint: string; account_id: string | null } }>()
      .selectFrom('push_subscriptions')
      .select('account_id')
      .where('endpoint', '=', device.subscription.endpoint)
      .executeTakeFirstOrThrow();
    expect(linked.account_id).toBeNull();
  }, 180_000);

  it('says how to allow notifications again when they are blocked, and waits for the network when offline', async () => {
    const reporter = await newPage(await newContext(screen));
    await reporter.goto('/');
    const code = await sendReport(reporter, `Đèn đường hỏng cả dãy (${screen}).`, REPORTER);
    await app.act('canbo.tiepnhan1', code, 'accept');

    const context = await newContext(screen);
    const page = await newPage(context);
    // Blocked in the browser's own settings for this site (not a stand-in: Chromium's permission store).
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.send('Browser.setPermission', {
      permission: { name: 'notifications' },
      setting: 'denied',
      origin: app.url,
      ...(targetInfo.browserContextId !== undefined ? { browserContextId: targetInfo.browserContextId } : {}),
    });
    await page.goto(`/#/phan-anh/${code}`);
    await until('the blocked state', async () => ((await deviceState(page)) === 'denied' ? true : undefined));
    expect(await page.getByTestId('device-push-state').textContent()).toContain(
      'đặt mục “Thông báo” thành “Cho phép”, rồi tải lại trang',
    );
    expect(await page.getByTestId('device-push-enable').count()).toBe(0);
    await shoot(page, 'device-denied', screen);

    const { context: online } = await deviceContext(screen, 'mat-mang');
    const offlinePage = await newPage(online);
    await offlinePage.goto(`/#/phan-anh/${code}`);
    await until('the device check', async () =>
      (await deviceState(offlinePage)) === 'available' ? true : undefined,
    );
    await online.setOffline(true);
    await offlinePage.getByTestId('device-push-offline').waitFor();
    expect(await offlinePage.getByTestId('device-push-enable').getAttribute('aria-disabled')).toBe('true');
    // Pressed anyway (Playwright waits for an aria-disabled button unless forced): nothing happens.
    await offlinePage.getByTestId('device-push-enable').click({ force: true });
    expect(
      await offlinePage.evaluate(() => (window as unknown as { __permissionAsks: number }).__permissionAsks),
    ).toBe(0);
    await shoot(offlinePage, 'device-offline', screen);
    await online.setOffline(false);
    await offlinePage.getByTestId('device-push-offline').waitFor({ state: 'detached' });
  }, 180_000);
});

describe.each(Object.keys(SCREENS) as Screen[])('following by e-mail without an account (%s)', (screen) => {
  const address = `nguoi.theo.doi.${screen}@example.vn`;
  const mailsTo = (code: string): ReceivedMail[] =>
    smtp.received.filter((m) => m.to.includes(address) && m.body.includes(code));
  /** The web app's part of a link in a mail (its hash route), opened on this test's server. */
  const linkIn = (mail: ReceivedMail, route: string) => {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/(#/${route}/[0-9a-f]{64})`).exec(mail.body);
    expect(match, `no ${route} link in the mail`).not.toBeNull();
    return `/${match![1]}`;
  };

  it('asks for the address, follows only once the mailed link is confirmed, and stops from the update mail', async () => {
    const reporter = await newPage(await newContext(screen));
    await reporter.goto('/');
    const code = await sendReport(reporter, `Nước thải chảy tràn ra đường (${screen}).`, REPORTER);
    await app.act('canbo.tiepnhan1', code, 'accept');

    const page = await newPage(await newContext(screen));
    await page.goto(`/#/phan-anh/${code}`);
    const form = page.getByTestId('email-follow');
    await form.waitFor();
    await form.getByRole('button', { name: 'Gửi thư xác nhận' }).click();
    await form.getByText('Vui lòng nhập địa chỉ thư điện tử.').waitFor();
    await form.getByLabel('Địa chỉ thư điện tử').fill(address);
    await form.getByRole('button', { name: 'Gửi thư xác nhận' }).click();
    await page.getByTestId('email-follow-sent').waitFor();
    expect(await page.getByTestId('email-follow-sent').textContent()).toContain(
      `Đã gửi thư xác nhận đến ${address}.`,
    );
    await shoot(page, 'email-sent', screen);

    const confirmation = await until('the confirmation mail', () => mailsTo(code)[0]);
    expect(confirmation.subject).toBe(
      `Xác nhận theo dõi phản ánh ${code} / Confirm following report ${code}`,
    );
    expect(confirmation.body.indexOf('Xin chào')).toBeLessThan(confirmation.body.indexOf('Hello'));
    // Not following until the link is opened and confirmed.
    expect((await followersOf(code)).map((f) => f.role)).toEqual(['reporter']);

    await page.goto(linkIn(confirmation, 'xac-nhan-theo-doi'));
    await page.getByRole('heading', { level: 1, name: 'Xác nhận theo dõi phản ánh' }).waitFor();
    await shoot(page, 'email-confirm', screen);
    expect((await followersOf(code)).map((f) => f.role)).toEqual(['reporter']);
    await page.getByRole('button', { name: 'Xác nhận theo dõi' }).click();
    await page
      .getByTestId('email-link-done')
      .filter({ hasText: `Đã xác nhận. Bạn sẽ nhận thư mỗi khi phản ánh ${code} có tiến triển.` })
      .waitFor();
    await shoot(page, 'email-confirmed', screen);
    expect((await followersOf(code)).map((f) => [f.role, f.email])).toEqual([
      ['reporter', REPORTER.email],
      ['follower', address],
    ]);
    // The public report and page never show who follows.
    const publicReport = await page.request.get(`/api/v1/public/reports/${code}`);
    expect(await publicReport.text()).not.toContain(address);
    await page.getByRole('link', { name: `Xem phản ánh ${code}` }).click();
    await page.getByTestId('report').waitFor();
    expect(await page.getByTestId('supporters').textContent()).toBe('2');
    expect(await page.locator('main').textContent()).not.toContain(address);

    await assign(code);
    const update = await until('the update mail', () =>
      mailsTo(code).find((m) => m.subject === `Phản ánh ${code} đã được chuyển đến cơ quan xử lý`),
    );
    expect(update.body).toContain(`Theo dõi phản ánh: ${PUBLIC_URL}/#/theo-doi/${code}`);
    await page.goto(linkIn(update, 'huy-theo-doi'));
    await page.getByRole('heading', { level: 1, name: 'Bỏ theo dõi phản ánh' }).waitFor();
    await page.getByRole('button', { name: 'Bỏ theo dõi' }).click();
    await page
      .getByTestId('email-link-done')
      .filter({ hasText: `Bạn đã bỏ theo dõi phản ánh ${code}` })
      .waitFor();
    await shoot(page, 'email-unsubscribed', screen);
    expect((await followersOf(code)).map((f) => f.role)).toEqual(['reporter']);

    // In English, the same page.
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'Stop following a report' }).waitFor();
    await page.getByTestId('lang-vi').click();
  }, 180_000);
});
