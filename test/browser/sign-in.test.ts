// Browser journey: an officer signs in with a password, and a citizen with a code read from the development SMS page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codeFromDevSms } from './citizen.js';
import { launchChromium } from './chromium.js';

const baseUrl = inject('baseUrl');
const officer = inject('officer');

let browser: Browser;
let context: BrowserContext;
let page: Page;
/**
 * Uncaught errors and console errors of the page. Chromium logs every 4xx answer; two are part of the
 * journeys (the wrong password's 401, the first sign-in's 400 asking for consent) and are left out.
 */
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    const expected = /^Failed to load resource: the server responded with a status of 40[01]\b/;
    if (message.type() === 'error' && !expected.test(message.text())) pageErrors.push(message.text());
  });
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
