// The guides page (#/huong-dan): the five guides (the privacy notice among them) and the FAQ from the content, a
// link to one guide, the language switch. It also makes the screenshots the guides show (web/public/huong-dan/anh/,
// phone size, committed with the code), so that they always show this very app; and pictures of the page itself in
// /tmp/shots.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.js';

const baseUrl = inject('baseUrl');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GUIDE_SHOTS = path.join(ROOT, 'web', 'public', 'huong-dan', 'anh');
const SHOTS = process.env.PAKN_SHOTS_DIR ?? '/tmp/shots';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const DESKTOP = { viewport: { width: 1366, height: 768 } } as const;

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(GUIDE_SHOTS, { recursive: true });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
});

async function open(options: typeof PHONE | typeof DESKTOP, hash: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, ...options });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`/#${hash}`);
  return page;
}

describe('the guides', () => {
  it('shows the five guides and the questions, opens one from a link, and speaks English on request', async () => {
    const page = await open(PHONE, '/huong-dan');
    const toc = page.getByRole('navigation', { name: 'Các hướng dẫn' });
    await toc.waitFor();
    expect(await toc.getByRole('link').allTextContents()).toEqual([
      'Đăng ký tài khoản trên trang web',
      'Gửi phản ánh trên trang web',
      'Cài đặt ứng dụng trên điện thoại và gửi phản ánh',
      'Gửi phản ánh qua Zalo',
      'Thông báo về xử lý dữ liệu cá nhân',
      'Câu hỏi thường gặp',
    ]);
    // Steps are a numbered list; the screenshot is the app's own, loaded.
    const app = page.locator('#guide-cai-dat-ung-dung');
    await toc.getByRole('link', { name: 'Cài đặt ứng dụng trên điện thoại và gửi phản ánh' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('guide-cai-dat-ung-dung');
    expect(await app.locator('ol.steps > li').count()).toBe(4);
    const shot = app.getByRole('img', { name: 'Trang chủ trên điện thoại' });
    await shot.scrollIntoViewIfNeeded();
    await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'guides-phone-vi.png'), fullPage: true });

    // A question opens on a tap; the emergency numbers are there.
    const emergency = page.getByText('Gặp việc khẩn cấp thì làm gì?');
    await emergency.click();
    await page.getByText(/113 \(Công an\), 114 \(Cứu hỏa, cứu nạn cứu hộ\), 115 \(Cấp cứu y tế\)/).waitFor();

    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
    await page
      .getByRole('heading', { level: 2, name: 'Install the app on your phone and send a report' })
      .waitFor();
    await page.getByText('What do I do in an emergency?').waitFor();
  });

  it('looks right on a desktop', async () => {
    const page = await open(DESKTOP, '/huong-dan/gui-phan-anh-qua-zalo');
    await page.getByRole('heading', { level: 2, name: 'Gửi phản ánh qua Zalo' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('guide-gui-phan-anh-qua-zalo');
    await page.screenshot({ path: path.join(SHOTS, 'guides-desktop-vi.png'), fullPage: true });
  });

  it('makes the screenshots the guides show, from this very app', async () => {
    // The time under the figures changes every run: painted over, so that the picture changes only with the app.
    const home = await open(PHONE, '/');
    await home
      .getByRole('status')
      .filter({ hasText: /\d{2}:\d{2}/ })
      .waitFor();
    await home.screenshot({
      path: path.join(GUIDE_SHOTS, 'ung-dung.png'),
      mask: [home.getByRole('status')],
      animations: 'disabled',
    });
    const signIn = await open(PHONE, '/dang-nhap');
    await signIn.getByLabel('Số điện thoại').waitFor();
    await signIn.screenshot({ path: path.join(GUIDE_SHOTS, 'dang-nhap.png'), animations: 'disabled' });
    const report = await open(PHONE, '/gui-phan-anh');
    await report.getByLabel('Tìm lĩnh vực').waitFor();
    await report.getByText('Đang tải…').waitFor({ state: 'detached' });
    await report.screenshot({ path: path.join(GUIDE_SHOTS, 'gui-phan-anh.png'), animations: 'disabled' });
  });
});
