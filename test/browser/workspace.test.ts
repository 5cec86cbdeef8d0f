// Browser journeys of the officers' workspace, on a phone (360×740) and a desktop (1280×800): a citizen's report
// arrives; the receiver signs in through the page, opens it, sees who reported it (with a reason), accepts it and
// assigns it to an agency, each checked through the API; the agency's officer signs in and acknowledges it; a
// receiver enters a report taken by telephone. Every screen is photographed (SCREENSHOT_DIR, default /tmp/shots)
// and checked with axe-core (no serious or critical violation).
//
// The inbox (GET /api/v1/inbox, /tabs, /stream): a second session's report appears in the receiver's inbox without
// reloading, and the triage keys open the help, accept it and open a report.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { blockingViolations, describeViolations } from './axe.js';
import { launchChromium } from './chromium.js';
import { collectErrors, screenshot, SHOTS } from './page-checks.js';

const SCREENS = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const satisfies Record<string, BrowserContextOptions>;
type Screen = keyof typeof SCREENS;

const PASSWORD = 'Mật-khẩu-cán-bộ-2026';
/** A journey signs in, takes several actions and runs axe on each screen: longer than the project's 60 s. */
const JOURNEY_MS = 180_000;
const RECEIVER = 'canbo.tiepnhan1';
const HANDLER = 'xuly.sogtvt';
const AGENCY = 'Sở Giao thông vận tải tỉnh Bắc Giang';

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  for (const username of [RECEIVER, HANDLER]) await app.setPassword(username, PASSWORD);
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
  // "Who is signed in?" answered 401 before signing in, and the agency's officer asking for the reporter without a
  // receiver's leave (403), which the journey does on purpose.
  collectErrors(page, pageErrors, /^Failed to load resource: the server responded with a status of 40[13]\b/);
  return page;
}

/** A full-page screenshot (nothing wider than the screen) and axe-core's serious and critical violations: none. */
async function check(page: Page, name: string, screen: Screen): Promise<void> {
  await screenshot(page, `workspace-${name}-${screen}`);
  const violations = await blockingViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
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

/** A citizen's report, sent anonymously through the public API with a name and phone to call back. */
async function citizenReport(page: Page, description: string): Promise<string> {
  const sent = await page.request.post('/api/v1/public/reports', {
    headers: { 'idempotency-key': randomUUID() },
    data: {
      categoryId: await idBySlug('categories', 've-sinh-moi-truong-rac-thai'),
      description,
      location: {
        areaId: await idBySlug('areas', 'bac-giang.luc-ngan'),
        latitude: 21.372,
        longitude: 106.587,
        address: 'Thôn Đồng Mới, xã Tân Hoa',
      },
      contact: { name: 'Hoàng Văn Nam', phone: '0912 555 777' },
    },
  });
  expect(sent.status()).toBe(201);
  return ((await sent.json()) as { code: string }).code;
}

/** Signs an officer in through the page, coming back to `returnPath`. */
async function signIn(page: Page, username: string, returnPath: string): Promise<void> {
  await page.goto(`/#/dang-nhap?ve=${encodeURIComponent(returnPath)}`);
  await page.getByRole('tab', { name: 'Cán bộ' }).click();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByTestId('account-name').waitFor();
}

interface WorkflowState {
  id: string;
  status: string;
  version: number;
  actions: string[];
}

/** The report's state as the API tells the signed-in officer. */
async function stateOf(page: Page, code: string): Promise<WorkflowState> {
  const response = await page.request.get(`/api/v1/reports/${code}/workflow`);
  expect(response.status()).toBe(200);
  return (await response.json()) as WorkflowState;
}

/** The action buttons the screen offers, by action code, sorted (the screen puts the main one first). */
const offered = async (page: Page) =>
  (
    await page
      .getByTestId('actions')
      .locator('[data-action]')
      .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.action ?? ''))
  ).sort();

/** What the API lists but the note (the timeline's form), sorted. */
const buttonsOf = (actions: readonly string[]) => actions.filter((a) => a !== 'note').sort();

/** Opens an action's form from its button, waits for the form. */
async function openAction(page: Page, label: string, code: string) {
  await page.getByTestId('actions').getByRole('button', { name: label, exact: true }).click();
  const form = page.getByTestId(`action-form-${code}`);
  await form.waitFor();
  return form;
}

describe.each(Object.keys(SCREENS) as Screen[])('the officers’ workspace (%s)', (screen) => {
  it(
    'a receiver accepts and assigns a citizen’s report; the agency’s officer acknowledges it',
    async () => {
      const receiver = await newPage(screen);
      const code = await citizenReport(
        receiver,
        `Rác thải tồn đọng cạnh kênh mương thôn Đồng Mới (${screen}).`,
      );

      // Signed out, the workspace asks to sign in and comes back to the report.
      await receiver.goto(`/#/can-bo/phan-anh/${code}`);
      await receiver.getByTestId('workspace-required').waitFor();
      await check(receiver, 'signed-out', screen);

      await signIn(receiver, RECEIVER, `/can-bo/phan-anh/${code}`);
      await receiver.getByTestId('report-screen').waitFor();
      expect(receiver.url()).toBe(`${app.url}/#/can-bo/phan-anh/${code}`);
      expect(await receiver.getByRole('heading', { level: 1 }).textContent()).toBe(`Phản ánh ${code}`);
      expect(await receiver.getByTestId('report-status').textContent()).toBe('Chờ tiếp nhận');
      // The buttons are exactly what the API says this receiver may do now (the note is the timeline's form).
      const api = await stateOf(receiver, code);
      expect(await offered(receiver)).toEqual(buttonsOf(api.actions));
      expect(api.actions).toContain('accept');
      await receiver.getByTestId('deadlines').getByText('Hạn tiếp nhận').waitFor();
      await check(receiver, 'report-new', screen);

      // Who reported it: on request, with a reason.
      await receiver.getByTestId('reveal-reporter').click();
      await receiver.getByLabel('Lý do cần xem').fill('Gọi lại để xác minh vị trí bãi rác');
      await receiver.getByTestId('reporter-submit').click();
      await receiver.getByTestId('reporter-identity').getByText('Hoàng Văn Nam').waitFor();
      expect(await receiver.getByTestId('reporter-identity').textContent()).toContain('0912 555 777');

      // Accept, as urgent.
      const accept = await openAction(receiver, 'Tiếp nhận', 'accept');
      await accept.getByLabel('Khẩn').check();
      await check(receiver, 'accept-form', screen);
      await accept.getByTestId('action-submit').click();
      await receiver.getByTestId('report-notice').filter({ hasText: 'Đã thực hiện: Tiếp nhận.' }).waitFor();
      await receiver.getByTestId('report-status').filter({ hasText: 'Đã tiếp nhận' }).waitFor();
      const accepted = await stateOf(receiver, code);
      expect(accepted).toMatchObject({ status: 'accepted', version: api.version + 1 });
      expect(await offered(receiver)).toEqual(buttonsOf(accepted.actions));

      // Assign to the transport department, with a note.
      const assign = await openAction(receiver, 'Chuyển xử lý', 'assign');
      await assign.getByLabel('Đơn vị chủ trì').selectOption({ label: AGENCY });
      await assign.getByLabel('Ghi chú (không bắt buộc)').fill('Đề nghị xử lý trong tuần.');
      await check(receiver, 'assign-form', screen);
      await assign.getByTestId('action-submit').click();
      await receiver
        .getByTestId('report-notice')
        .filter({ hasText: 'Đã thực hiện: Chuyển xử lý.' })
        .waitFor();
      await receiver.getByTestId('report-status').filter({ hasText: 'Đã chuyển xử lý' }).waitFor();
      expect((await stateOf(receiver, code)).status).toBe('assigned');
      const officerView = await receiver.request.get(`/api/v1/reports/${api.id}`);
      const detail = (await officerView.json()) as {
        agency: { name: string };
        priority: string;
        timeline: { kind: string }[];
      };
      expect(detail.agency.name).toBe(AGENCY);
      expect(detail.priority).toBe('urgent');
      expect(detail.timeline.map((e) => e.kind)).toEqual(['submitted', 'accepted', 'assigned']);
      await receiver.locator('[data-kind="assigned"]').getByText('Đề nghị xử lý trong tuần.').waitFor();
      await check(receiver, 'report-assigned', screen);

      // The agency's officer: the report is theirs to acknowledge.
      const handler = await newPage(screen);
      await signIn(handler, HANDLER, `/can-bo/phan-anh/${code}`);
      await handler.getByTestId('report-screen').waitFor();
      const handlerApi = await stateOf(handler, code);
      expect(handlerApi.actions).toContain('acknowledge');
      expect(await offered(handler)).toEqual(buttonsOf(handlerApi.actions));
      // The agency may not see the reporter unless a receiver allowed it.
      await handler.getByTestId('reveal-reporter').click();
      await handler.getByLabel('Lý do cần xem').fill('Cần liên hệ người phản ánh');
      await handler.getByTestId('reporter-submit').click();
      await handler
        .getByTestId('reporter')
        .getByRole('alert')
        .filter({ hasText: 'Bạn chưa được phép xem thông tin người phản ánh này.' })
        .waitFor();
      await check(handler, 'report-agency', screen);
      const acknowledge = await openAction(handler, 'Nhận xử lý', 'acknowledge');
      await acknowledge.getByTestId('action-submit').click();
      await handler.getByTestId('report-status').filter({ hasText: 'Đang xử lý' }).waitFor();
      expect((await stateOf(handler, code)).status).toBe('in_progress');

      // An internal note from the timeline.
      await handler.getByLabel('Ghi chú nội bộ').fill('Đã cử tổ công tác kiểm tra hiện trường.');
      await handler.getByTestId('note-submit').click();
      await handler
        .locator('[data-kind="note"]')
        .getByText('Đã cử tổ công tác kiểm tra hiện trường.')
        .waitFor();
      expect(await handler.locator('[data-kind="note"] .ws-tag').textContent()).toBe('Nội bộ');
      await check(handler, 'report-in-progress', screen);
    },
    JOURNEY_MS,
  );

  it(
    'a receiver enters a report taken by telephone',
    async () => {
      const page = await newPage(screen);
      await signIn(page, RECEIVER, '/can-bo/nhap-phan-anh');
      const form = page.getByTestId('hotline-form');
      await form.waitFor();
      await check(page, 'hotline-empty', screen);

      // Nothing chosen: what is missing is said, field by field.
      await page.getByTestId('hotline-submit').click();
      await page.getByText('Vui lòng chọn lĩnh vực.').waitFor();
      await check(page, 'hotline-errors', screen);

      await form.getByLabel('Lĩnh vực').selectOption({ label: 'Vệ sinh môi trường – rác thải' });
      await form
        .getByLabel('Nội dung phản ánh', { exact: true })
        .fill('Người dân gọi điện báo bãi rác tự phát cạnh chợ Chũ, bốc mùi.');
      await form.getByLabel('Huyện, thành phố').selectOption({ label: 'Huyện Lục Ngạn' });
      await form.getByLabel('Địa chỉ cụ thể (không bắt buộc)').fill('Cạnh chợ Chũ');
      await form.getByLabel('Họ và tên (không bắt buộc)').fill('Trịnh Thị Mai');
      await form.getByLabel('Số điện thoại (không bắt buộc)').fill('0987 654 321');
      await page.getByTestId('hotline-submit').click();
      const code = (await page.getByTestId('hotline-code').textContent()) ?? '';
      expect(code).toMatch(/^PA-\d{4}-\d{6,}$/);
      await check(page, 'hotline-entered', screen);

      const entered = await stateOf(page, code);
      expect(entered.status).toBe('submitted');
      const detail = (await (await page.request.get(`/api/v1/reports/${entered.id}`)).json()) as {
        channel: string;
        description: string;
      };
      expect(detail.channel).toBe('hotline');
      expect(detail.description).toBe('Người dân gọi điện báo bãi rác tự phát cạnh chợ Chũ, bốc mùi.');

      await page.getByRole('link', { name: 'Mở phản ánh' }).click();
      await page.getByTestId('report-screen').waitFor();
      expect(await page.getByTestId('report-status').textContent()).toBe('Chờ tiếp nhận');
      expect(await page.getByTestId('description').textContent()).toContain('bãi rác tự phát cạnh chợ Chũ');
    },
    JOURNEY_MS,
  );

  it(
    'a receiver’s inbox shows a new report without reloading; the keys open and accept it',
    async () => {
      const page = await newPage(screen);
      await signIn(page, RECEIVER, '/can-bo');
      await page.getByTestId('inbox-tabs').waitFor();
      await page.getByTestId('live-status').filter({ hasText: 'Cập nhật trực tiếp' }).waitFor();
      const countBefore = Number(await page.getByTestId('tab-count-new').textContent());

      // Another browser session (a citizen) sends a report: it appears in the receiver's inbox, no reload.
      const citizen = await newPage(screen);
      const code = await citizenReport(citizen, `Cây xanh gãy đổ chắn ngang đường liên xã (${screen}).`);
      const row = page.locator(`[data-testid="inbox-item"][data-code="${code}"]`);
      await row.waitFor();
      await page
        .getByTestId('tab-count-new')
        .filter({ hasText: String(countBefore + 1) })
        .waitFor();
      expect(await row.getByText('Mới đến').count()).toBe(1);
      await check(page, 'inbox', screen);

      await page.keyboard.press('?');
      await page.getByTestId('shortcuts').waitFor();
      await check(page, 'inbox-shortcuts', screen);
      await page.keyboard.press('Escape');

      // The cursor on the new report, `a` accepts it: the API says it is accepted, and the inbox shows it so (it
      // stays in "new", waiting to be assigned).
      await row.getByRole('link', { name: code }).focus();
      await page.keyboard.press('a');
      await page
        .getByTestId('inbox-outcome')
        .filter({ hasText: 'Tiếp nhận: đã thực hiện 1/1 phản ánh.' })
        .waitFor();
      await row.getByText('Đã tiếp nhận').waitFor();
      expect((await stateOf(page, code)).status).toBe('accepted');

      // Enter opens the report under the cursor.
      await page.getByTestId('inbox-item').first().getByRole('link').focus();
      const first = await page.getByTestId('inbox-item').first().getAttribute('data-code');
      await page.keyboard.press('Enter');
      await page.getByTestId('report-screen').waitFor();
      expect(page.url()).toBe(`${app.url}/#/can-bo/phan-anh/${first ?? ''}`);
    },
    JOURNEY_MS,
  );
});
