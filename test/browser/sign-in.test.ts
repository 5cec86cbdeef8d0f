// Browser journeys: an officer signs in with a password, and a citizen with a code read from the development SMS page;
// a citizen who signs in from a page comes back to it, by phone code and by single sign-on through a real OpenID
// Connect provider (consent on the first sign-in). E-mail links: sign-in-email.test.ts.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { freePort, startTestApp, type TestApp } from './app.js';
import { codeFromDevSms } from './citizen.js';
import { launchChromium } from './chromium.js';

const SHOTS = path.resolve(process.env.SCREENSHOT_DIR ?? '/tmp/shots');
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const baseUrl = inject('baseUrl');
const officer = inject('officer');

let browser: Browser;
let context: BrowserContext;
let page: Page;
/**
 * Uncaught errors and console errors of the pages. Chromium logs every 4xx answer; these are part of the
 * journeys and are left out: the wrong password's 401, the first sign-in's 400 asking for consent, "who is signed
 * in?" answered 401 while signed out.
 */
const pageErrors: string[] = [];

function watch(watched: Page): Page {
  watched.on('pageerror', (error) => pageErrors.push(error.message));
  watched.on('console', (message) => {
    const expected = /^Failed to load resource: the server responded with a status of 40[01]\b/;
    if (message.type() === 'error' && !expected.test(message.text())) pageErrors.push(message.text());
  });
  return watched;
}

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  context = await browser.newContext({ baseURL: baseUrl });
  page = watch(await context.newPage());
});

afterAll(async () => {
  await context.close();
  await browser.close();
});

describe('signing in', () => {
  it('an officer signs in with username and password and sees their name in the header, then signs out', async () => {
    await page.goto('/#/dang-nhap');
    await page.getByTestId('sign-in-link').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');

    await page.getByRole('tab', { name: 'Cán bộ' }).click();
    // A wrong password first: the API's message, in Vietnamese.
    await page.getByLabel('Tên đăng nhập').fill(officer.username);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();

    await page.getByLabel('Mật khẩu').fill(officer.password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('account-name').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toMatch(/^Đã đăng nhập: \S/);
    expect(await page.getByTestId('sign-out').textContent()).toBe('Đăng xuất');
    expect(page.url()).toBe(`${baseUrl}/#/`);
    // A handler is no administrator: no "Quản trị" in the navigation.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Quản trị' }).count()).toBe(0);

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-link').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });

  it('a citizen signs in with the code sent by SMS, accepting the privacy notice the first time', async () => {
    await page.goto('/#/dang-nhap');
    await page.getByTestId('sign-in-link').waitFor();
    expect(await page.getByRole('tab', { name: 'Người dân' }).getAttribute('aria-selected')).toBe('true');

    await page.getByLabel('Số điện thoại').fill('0912 000 111');
    await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    const sent = page.getByTestId('code-sent');
    await sent.filter({ hasText: /^Mã đã được gửi tới / }).waitFor();
    expect(await page.getByTestId('resend').textContent()).toMatch(/^Gửi lại mã sau \d+ giây$/);

    // The development SMS page, in the same browser: the code a person would read on their phone.
    const code = await codeFromDevSms(page, '912000111');

    await page.getByLabel('Mã xác thực (6 chữ số)').fill(code);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('heading', { name: 'Thông báo về xử lý dữ liệu cá nhân' }).waitFor();
    await page.getByLabel('Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.').check();
    await page.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();

    await page.getByTestId('account-name').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toMatch(/^Đã đăng nhập: /);
    const me = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/me');
      return { status: response.status, body: (await response.json()) as { kind: string; roles: string[] } };
    });
    expect(me).toMatchObject({ status: 200, body: { kind: 'citizen', roles: ['citizen'] } });
    expect(pageErrors).toEqual([]);
  });
});

describe('coming back to the page the sign-in started from', () => {
  it('a citizen on "Phản ánh của tôi" signs in by phone from the header and is back there', async () => {
    const phoneContext = await browser.newContext({ ...PHONE, baseURL: baseUrl });
    try {
      const citizen = watch(await phoneContext.newPage());
      await citizen.goto('/#/cua-toi');
      await citizen.getByTestId('mine-signed-out').waitFor();
      await citizen.getByTestId('sign-in-link').click();
      await citizen.getByText('Sau khi đăng nhập, bạn sẽ quay lại trang đang xem.').waitFor();
      expect(citizen.url()).toBe(`${baseUrl}/#/dang-nhap?ve=%2Fcua-toi`);

      // A number no other journey on the shared app uses (each number has its own account and code pace).
      await citizen.getByLabel('Số điện thoại').fill('0912 000 444');
      await citizen.getByRole('button', { name: 'Gửi mã xác thực' }).click();
      await citizen
        .getByTestId('code-sent')
        .filter({ hasText: /^Mã đã được gửi tới / })
        .waitFor();
      await citizen.getByLabel('Mã xác thực (6 chữ số)').fill(await codeFromDevSms(citizen, '912000444'));
      await citizen.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await citizen.getByLabel('Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.').check();
      await citizen.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();

      await citizen.getByTestId('account-name').waitFor();
      expect(citizen.url()).toBe(`${baseUrl}/#/cua-toi`);
      await citizen.getByRole('heading', { level: 1, name: 'Phản ánh của tôi' }).waitFor();
      // The sign-in page was replaced in the history: Back does not return to a used form.
      await citizen.goBack();
      expect(citizen.url()).toBe(`${baseUrl}/#/cua-toi`);
      expect(pageErrors).toEqual([]);
    } finally {
      await phoneContext.close();
    }
  });

  describe('by single sign-on', () => {
    let op: TestOidcProvider;
    let ssoApp: TestApp;

    beforeAll(async () => {
      // Its own app, configured for a real OpenID Connect provider that signs in the user the test chooses.
      const port = await freePort();
      op = await startOidcProvider({
        redirectUris: [`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`],
      });
      ssoApp = await startTestApp({
        env: {
          PORT: String(port),
          OIDC_ISSUER: op.issuer,
          OIDC_CLIENT_ID: op.clientId,
          OIDC_CLIENT_SECRET: op.clientSecret,
        },
      });
    });

    afterAll(async () => {
      await ssoApp.stop();
      await op.close();
    });

    it('a new citizen consents and is back on the page; the next time, straight back to where they were', async () => {
      const ssoContext = await browser.newContext({ ...PHONE, baseURL: ssoApp.url });
      try {
        const citizen = watch(await ssoContext.newPage());
        await citizen.goto('/#/huong-dan/khan-cap');
        await citizen.getByRole('heading', { level: 1, name: 'Hướng dẫn' }).waitFor();
        await citizen.getByTestId('sign-in-link').click();
        const sso = citizen.getByRole('link', { name: 'Đăng nhập một lần (SSO)' });
        await sso.waitFor();
        op.loginAs({
          sub: 'vneid-browser-1',
          claims: { name: 'Đỗ Thị Hạnh', email: 'do.hanh@example.vn', email_verified: true },
        });
        await sso.click();

        // Back from the provider at the consent step: what the account will hold, and the notice.
        await citizen.waitForURL(`${ssoApp.url}/#/dang-nhap/dong-y`);
        const details = citizen.getByTestId('sso-details');
        await details.waitFor();
        expect(await details.locator('dd').allTextContents()).toEqual([
          'Đỗ Thị Hạnh',
          'do.hanh@example.vn',
          'Không có',
        ]);
        await citizen.screenshot({ path: path.join(SHOTS, 'signin-sso-consent-phone.png'), fullPage: true });
        await citizen.getByLabel('Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.').check();
        await citizen.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();
        await citizen.getByTestId('account-name').waitFor();
        expect(citizen.url()).toBe(`${ssoApp.url}/#/huong-dan/khan-cap`);
        const account = await sql<{ privacy_version: string }>`
          select privacy_version from accounts where email = 'do.hanh@example.vn'`.execute(ssoApp.db);
        expect(account.rows).toEqual([{ privacy_version: '2026-11' }]);

        // Signed out, from "Phản ánh của tôi": the provider knows the person, the account exists, no consent step;
        // the page loads afresh and the header knows who is signed in.
        await citizen.getByTestId('sign-out').click();
        await citizen.getByTestId('sign-in-link').waitFor();
        await citizen.goto('/#/cua-toi');
        await citizen.getByTestId('sign-in-link').click();
        // Whether the provider asks again or remembers the person, it is the same one.
        op.loginAs({
          sub: 'vneid-browser-1',
          claims: { name: 'Đỗ Thị Hạnh', email: 'do.hanh@example.vn', email_verified: true },
        });
        await citizen.getByRole('link', { name: 'Đăng nhập một lần (SSO)' }).click();
        await citizen.waitForURL(`${ssoApp.url}/#/cua-toi`);
        expect(await citizen.getByTestId('account-name').textContent()).toContain('Đỗ Thị Hạnh');
        expect(pageErrors).toEqual([]);
      } finally {
        await ssoContext.close();
      }
    });
  });
});
