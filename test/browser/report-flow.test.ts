// Browser journeys of the report flow (#/gui-phan-anh): a report with a downscaled photo and the phone's
// position, a report written offline and sent once when the network returns (a replay makes no second
// one), diacritics-insensitive category search and the emergency stop. Screenshots of every step go to
// /tmp/shots (phone 390×844 and desktop 1366×768) for a person to look at.
import { mkdir } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { launchChromium } from './chromium.js';
import { screenshot, SHOTS } from './page-checks.js';

/** Bắc Giang city centre. */
const BAC_GIANG = { latitude: 21.27, longitude: 106.19 };

const SCREENS: Readonly<Record<'phone' | 'desktop', BrowserContextOptions>> = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
};

// A separate app (not the shared one of the other journeys): these journeys create reports, and the home
// page's journeys expect a system that has received none.
let app: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];
let photo: Buffer;
/** A photo whose EXIF says where it was taken (21°16'12"N 106°11'24"E = 21.27, 106.19). */
let photoWithPlace: Buffer;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  // 2000×1500: larger than the 1600 px the page scales photos down to.
  photo = await sharp({
    create: { width: 2000, height: 1500, channels: 3, background: { r: 120, g: 160, b: 90 } },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
  photoWithPlace = await sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: 90, g: 130, b: 160 } },
  })
    .withExif({
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '21/1 16/1 12/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 11/1 24/1',
      },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
});

afterAll(async () => {
  await browser.close();
  await app.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function newPage(screen: keyof typeof SCREENS): Promise<Page> {
  context = await browser.newContext({ ...SCREENS[screen], baseURL: app.url, locale: 'vi-VN' });
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(BAC_GIANG);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // The offline journey's failed requests are expected console noise; anything else is a fault.
    if (message.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET/.test(message.text()))
      pageErrors.push(message.text());
  });
  return page;
}

const shot = screenshot;

async function stepTitle(page: Page, title: string): Promise<void> {
  await page.getByTestId('step-title').filter({ hasText: title }).waitFor();
  // Focus moves to the step's heading, so a screen reader announces it.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('step-title');
}

async function chooseCategory(page: Page, query: string, name: string): Promise<void> {
  await page.getByLabel('Tìm lĩnh vực').fill(query);
  await page.getByTestId('category-option').filter({ hasText: name }).first().click();
}

async function next(page: Page): Promise<void> {
  await page.getByTestId('report-next').click();
}

async function addPhoto(page: Page, buffer: Buffer = photo): Promise<void> {
  await page
    .getByTestId('photo-gallery')
    .setInputFiles({ name: 'hien-truong.jpg', mimeType: 'image/jpeg', buffer });
}

async function reportsWith(description: string) {
  const rows = await sql<{
    id: string;
    code: string;
    latitude: number | null;
    longitude: number | null;
    source: string | null;
    media: number;
  }>`
    select r.id, r.code, r.latitude, r.longitude, r.location_source as source, (select count(*)::int from report_media m where m.report_id = r.id) as media
      from reports r where r.description = ${description}`.execute(app.db);
  return rows.rows;
}

describe('report flow', () => {
  for (const screen of ['phone', 'desktop'] as const) {
    it(`sends a report with a downscaled photo and the phone's position (${screen})`, async () => {
      const page = await newPage(screen);
      const description = `Lấn chiếm vỉa hè trước chợ (${screen})`;
      await page.goto('/#/gui-phan-anh');
      // The first step's heading is not focused on arrival: focus moves only when the step changes.
      await page.getByTestId('step-title').filter({ hasText: 'Lĩnh vực phản ánh' }).waitFor();
      await shot(page, `report-${screen}-1-category`);

      // Without diacritics, "trat tu do thi" finds "Trật tự đô thị" (which needs a photo).
      await page.getByLabel('Tìm lĩnh vực').fill('trat tu do thi');
      expect(await page.getByTestId('category-option').allTextContents()).toEqual([
        'Trật tự đô thịLấn chiếm vỉa hè, quảng cáo rao vặt',
      ]);
      await chooseCategory(page, 'trat tu do thi', 'Trật tự đô thị');
      await next(page);
      await stepTitle(page, 'Ảnh hiện trường');

      // The category needs a photo: the step says so and does not let the person on without one.
      await next(page);
      expect(await page.locator('#report-photo-camera-error').textContent()).toBe(
        'Lĩnh vực này cần ít nhất một ảnh chụp tại hiện trường.',
      );
      expect(await page.locator('#report-photo-camera').getAttribute('capture')).toBe('environment');
      await addPhoto(page);
      await page.getByTestId('photo').filter({ hasText: 'Đã tải lên' }).waitFor();
      await shot(page, `report-${screen}-2-photos`);
      await next(page);

      await stepTitle(page, 'Vị trí');
      await page.getByRole('button', { name: 'Dùng vị trí hiện tại' }).click();
      await page
        .getByTestId('place-status')
        .filter({ hasText: 'Đã lấy vị trí: 21.27000, 106.19000' })
        .waitFor();
      // The area tree is public: a citizen may choose the area instead of (or as well as) a point.
      await page.getByLabel('Tỉnh/Thành phố').waitFor();
      if (screen === 'desktop') {
        // The phone's report is open nearby, in the same category: offered before sending a new one.
        await page.getByTestId('nearby').waitFor();
        expect(
          await page
            .getByTestId('nearby')
            .getByRole('link', { name: 'Theo dõi phản ánh này thay vì gửi mới' })
            .count(),
        ).toBe(1);
      }
      await shot(page, `report-${screen}-3-place`);
      if (screen === 'desktop')
        await page.getByRole('button', { name: 'Không phải, tôi gửi phản ánh mới' }).click();
      await next(page);

      await stepTitle(page, 'Nội dung phản ánh');
      await next(page);
      expect(await page.locator('#report-description').getAttribute('aria-invalid')).toBe('true');
      await page.locator('#report-description').fill(description);
      await shot(page, `report-${screen}-4-details`);
      await next(page);

      await stepTitle(page, 'Thông tin liên hệ');
      await page.getByLabel('Số điện thoại').fill('0912 345 67');
      await next(page);
      expect(await page.locator('#report-contact-phone-error').textContent()).toBe(
        'Số điện thoại không đúng (ví dụ: 0912 345 678).',
      );
      await page.getByLabel('Số điện thoại').fill('0912 345 678');
      await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
      await shot(page, `report-${screen}-5-contact`);
      await next(page);

      await stepTitle(page, 'Kiểm tra và gửi');
      const review = await page.getByTestId('review').textContent();
      expect(review).toContain('Trật tự đô thị');
      expect(review).toContain('1 ảnh');
      expect(review).toContain(description);
      expect(review).toContain('Nguyễn Văn An · 0912 345 678');
      await shot(page, `report-${screen}-6-review`);
      await page.getByTestId('report-submit').click();

      const code = (await page.getByTestId('report-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^PA-\d{4}-\d{6,}$/);
      expect(
        await page.getByRole('link', { name: `Trên trang này: xem phản ánh ${code}` }).getAttribute('href'),
      ).toBe(`#/phan-anh/${code}`);
      await shot(page, `report-${screen}-7-done`);

      const [report] = await reportsWith(description);
      expect(report).toMatchObject({ code, latitude: 21.27, longitude: 106.19, source: 'device', media: 1 });
      const media = await sql<{ width: number; height: number }>`
        select width, height from report_media where report_id = ${report?.id ?? ''}`.execute(app.db);
      // Scaled down in the browser: 2000×1500 → 1600×1200.
      expect(media.rows).toEqual([{ width: 1600, height: 1200 }]);
      expect(pageErrors).toEqual([]);
    });
  }

  it('queues a report written offline, sends it once when the network returns, and a replay makes no second report', async () => {
    const page = await newPage('phone');
    const description = 'Cây đổ chắn ngang đường thôn Đông (ngoại tuyến)';
    await page.goto('/#/gui-phan-anh');
    await page.getByTestId('category-option').first().waitFor();
    await chooseCategory(page, 'cay xanh', 'Cây xanh');
    await next(page);
    await stepTitle(page, 'Ảnh hiện trường');

    await context?.setOffline(true);
    await addPhoto(page, photoWithPlace);
    await page.getByTestId('photo').filter({ hasText: 'Sẽ tải lên khi có mạng' }).waitFor();
    await next(page);
    // The place comes from the photo's EXIF, read in the browser before the photo is re-encoded.
    await page
      .getByTestId('place-status')
      .filter({ hasText: 'Vị trí lấy từ ảnh: 21.27000, 106.19000.' })
      .waitFor();
    await next(page);
    await page.locator('#report-description').fill(description);
    await next(page);
    await next(page);
    await stepTitle(page, 'Kiểm tra và gửi');
    await page.getByTestId('report-submit').click();
    expect((await page.getByTestId('report-queued').textContent())?.trim()).toBe(
      'Đã lưu. Phản ánh sẽ được gửi tự động khi có mạng.',
    );
    await page.getByTestId('outbox-entry').filter({ hasText: 'Chờ gửi' }).waitFor();
    await shot(page, 'report-phone-8-queued');
    expect(await reportsWith(description)).toEqual([]);

    // The first send reaches the server, but its answer is lost: the entry must stay queued.
    let first: { code: string } | null = null;
    await page.route('**/api/v1/public/reports', async (route) => {
      const response = await route.fetch();
      first = (await response.json()) as { code: string };
      await route.abort('connectionreset');
    });
    await context?.setOffline(false);
    await expect.poll(() => first).not.toBeNull();
    await page.unroute('**/api/v1/public/reports');
    expect(await reportsWith(description)).toHaveLength(1);
    await page.getByTestId('outbox-entry').filter({ hasText: 'Chờ gửi' }).waitFor();

    // The runner tries again (as on the next `online` event): the same key gets the first answer.
    const replay = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/public/reports') && r.request().method() === 'POST',
    );
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const replayed = await replay;
    expect(replayed.status()).toBe(201);
    expect(replayed.headers()['idempotent-replayed']).toBe('true');

    const code = (await page.getByTestId('report-code').textContent())?.trim();
    expect(code).toBe((first as { code: string } | null)?.code);
    const reports = await reportsWith(description);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ code, media: 1, latitude: 21.27, longitude: 106.19, source: 'photo' });
    expect(
      await page
        .getByTestId('sent-entry')
        .filter({ hasText: code ?? '?' })
        .count(),
    ).toBe(1);
    expect(await page.getByTestId('outbox-entry').count()).toBe(0);
    await shot(page, 'report-phone-9-sent-after-queue');
    expect(pageErrors).toEqual([]);
  });

  for (const screen of ['phone', 'desktop'] as const) {
    it(`stops at the emergency notice of an emergency category (${screen})`, async () => {
      const page = await newPage(screen);
      await page.goto('/#/gui-phan-anh');
      await page.getByTestId('category-option').first().waitFor();
      await chooseCategory(page, 'thien tai cuu ho', 'Thiên tai – cứu hộ');
      const stop = page.getByTestId('emergency-stop');
      await stop.waitFor();
      expect(await stop.getByRole('link', { name: 'Gọi 114' }).getAttribute('href')).toBe('tel:114');
      await next(page);
      expect(await page.getByTestId('step-title').textContent()).toBe('Lĩnh vực phản ánh');
      expect(await stop.textContent()).toContain(
        'Vui lòng đọc thông báo khẩn cấp và xác nhận trước khi tiếp tục.',
      );
      await shot(page, `report-${screen}-0-emergency`);
      await stop.getByRole('button', { name: 'Không khẩn cấp, tôi tiếp tục gửi phản ánh' }).click();
      await next(page);
      await stepTitle(page, 'Ảnh hiện trường');
      expect(pageErrors).toEqual([]);
    });
  }
});
