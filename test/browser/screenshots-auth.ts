// Screenshots of the sign-in page and the administration screen, phone and desktop, for a person to look at.
// Run: node --import tsx test/browser/screenshots-auth.ts [output dir, default /tmp/shots-auth]
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp } from './app.js';
import { launchChromium } from './chromium.js';

const outDir = path.resolve(process.argv[2] ?? '/tmp/shots-auth');

const SCREENS: Readonly<Record<string, BrowserContextOptions>> = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 800 } },
};

const BAD_CSV = [
  'Tên đăng nhập,Họ và tên,Vai trò,Cơ quan',
  'nguyen.van.a,Nguyễn Văn A,Giám đốc,ubnd-bac-giang.so-gtvt',
  'x,Trần Thị B,Cán bộ xử lý,',
  'le.van.c,,Cán bộ xử lý,khong-co-co-quan',
].join('\n');

async function shoot(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`${file}${overflow > 0 ? `  (content ${overflow} px wider than the screen)` : ''}\n`);
}

/** Signs the administrator in through the page, enrolling TOTP from the secret it shows; returns the cookies. */
async function signInAdmin(browser: Browser, baseURL: string, password: string, screen: string) {
  const context = await browser.newContext({ ...SCREENS[screen], baseURL });
  const page = await context.newPage();
  await page.goto('/#/dang-nhap');
  await page.getByRole('tab', { name: 'Cán bộ' }).click();
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByTestId('totp-secret').waitFor();
  await shoot(page, `sign-in-${screen}-totp-setup`);
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByTestId('account-name').waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}

await mkdir(outDir, { recursive: true });
const app = await startTestApp();
try {
  const adminPassword = 'Quản-trị-thử-nghiệm-2026';
  await app.setPassword('admin', adminPassword);
  const browser = await launchChromium();
  try {
    for (const [screen, options] of Object.entries(SCREENS)) {
      const context = await browser.newContext({ ...options, baseURL: app.url });
      const page = await context.newPage();
      for (const lang of ['vi', 'en']) {
        await page.goto(`/?lang=${lang}#/dang-nhap`);
        await page.getByTestId('sign-in-link').waitFor();
        await shoot(page, `sign-in-${screen}-${lang}-citizen`);
      }
      await page.goto('/?lang=vi#/dang-nhap');
      await page.getByRole('tab', { name: 'Cán bộ' }).click();
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page.getByText('Vui lòng nhập tên đăng nhập và mật khẩu.').waitFor();
      await shoot(page, `sign-in-${screen}-vi-officer-error`);

      await page.getByRole('tab', { name: 'Người dân' }).click();
      const phone = screen === 'phone' ? '0912 000 222' : '0912 000 333';
      await page.getByLabel('Số điện thoại').fill(phone);
      await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
      await page
        .getByTestId('code-sent')
        .filter({ hasText: /^Mã đã được gửi/ })
        .waitFor();
      await shoot(page, `sign-in-${screen}-vi-code`);
      await page.getByLabel('Mã xác thực (6 chữ số)').fill('000000');
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: /\S/ }).first().waitFor();
      await shoot(page, `sign-in-${screen}-vi-code-wrong`);
      await context.close();
    }

    // The administrator enrols once; the other screen reuses the session.
    const state = await signInAdmin(browser, app.url, adminPassword, 'phone');
    for (const [screen, options] of Object.entries(SCREENS)) {
      const context = await browser.newContext({ ...options, baseURL: app.url, storageState: state });
      const page = await context.newPage();
      await page.goto('/#/quan-tri/can-bo');
      await page.getByRole('heading', { name: 'Tài khoản cán bộ' }).waitFor();
      await shoot(page, `admin-${screen}-vi`);

      await page.getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)').setInputFiles('samples/officers.csv');
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.getByRole('button', { name: 'Nhập', exact: true }).waitFor();
      await shoot(page, `admin-${screen}-vi-checked`);

      await page.getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)').setInputFiles({
        name: 'sai.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(BAD_CSV),
      });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.locator('.problems li').first().waitFor();
      await shoot(page, `admin-${screen}-vi-problems`);

      await page.getByTestId('lang-en').click();
      await page.getByRole('heading', { name: 'Officer accounts' }).waitFor();
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.locator('.problems li').filter({ hasText: /^Row/ }).first().waitFor();
      await shoot(page, `admin-${screen}-en-problems`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  await app.stop();
}
