// A citizen's account (#/tai-khoan): change the display name, download everything held about them, delete the
// account — after which the session is gone and the name is erased. Pictures at phone and desktop size in /tmp/shots.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInCitizen } from './citizen.js';
import { launchChromium } from './chromium.js';

const baseUrl = inject('baseUrl');
const SHOTS = process.env.PAKN_SHOTS_DIR ?? '/tmp/shots';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
});

async function signedInCitizen(viewport: { width: number; height: number }, phone: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  contexts.push(context);
  const page = await context.newPage();
  await signInCitizen(page, phone);
  return page;
}

describe('my account', () => {
  it('changes the display name, downloads my data, and deletes the account', async () => {
    const page = await signedInCitizen({ width: 390, height: 844 }, '0912 000 222');
    await page.getByTestId('account-name').click();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    expect(await page.locator('.facts').textContent()).toContain('0912 000 222');

    // An empty name is refused next to the field; a real one is saved and shown in the header.
    await page.getByLabel('Tên hiển thị').fill('  ');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập tên hiển thị.' }).waitFor();
    await page.getByLabel('Tên hiển thị').fill('Nguyễn Thị Hoà');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thay đổi.' }).waitFor();
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('Nguyễn Thị Hoà');
    await page.screenshot({ path: path.join(SHOTS, 'account-phone-vi.png'), fullPage: true });

    // The download is the person's own data, as a file.
    const download = page.waitForEvent('download');
    await page.getByTestId('download-data').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('pakn-du-lieu-cua-toi.json');
    const data = await page.evaluate(async () => (await fetch('/api/v1/me/data')).text());
    expect(data).toContain('Nguyễn Thị Hoà');
    expect(data).toContain('912000222');

    // Deleting asks for a confirmation first.
    await page.getByRole('button', { name: 'Xoá tài khoản…' }).click();
    const confirm = page.getByRole('button', { name: 'Xoá vĩnh viễn tài khoản' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('Tôi hiểu rằng tài khoản và thông tin cá nhân sẽ bị xoá vĩnh viễn.').check();
    await confirm.click();
    await page.getByRole('status').filter({ hasText: 'Tài khoản đã được xoá.' }).waitFor();
    await page.getByTestId('sign-in-link').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);
  });

  it('looks right on a desktop, and asks a visitor to sign in', async () => {
    const page = await signedInCitizen({ width: 1366, height: 768 }, '0912 000 333');
    await page.goto('/#/tai-khoan');
    await page.getByRole('heading', { level: 2, name: 'Xoá tài khoản' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'account-desktop-vi.png'), fullPage: true });

    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 } });
    contexts.push(context);
    const visitor = await context.newPage();
    await visitor.goto('/#/tai-khoan');
    await visitor.getByText('Vui lòng đăng nhập để xem tài khoản của mình.').waitFor();
  });
});
