// A citizen in the browser journeys: the code the development SMS page shows, and signing in with it.
import type { Page } from 'playwright-core';

/**
 * The code in the newest development SMS sent to a number ending in `digits` (read in a page of its own in the
 * same browser, as a person reads their phone), waiting for the job to send it.
 */
export async function codeFromDevSms(page: Page, digits: string): Promise<string> {
  const smsPage = await page.context().newPage();
  try {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await smsPage.goto('/dev/sms');
      const rows = await smsPage
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      const texts = rows
        .filter((cells) => (cells[1] ?? '').replace(/\D/g, '').endsWith(digits))
        .map((cells) => cells[2] ?? '');
      const code = /\b(\d{6})\b/.exec(texts.at(-1) ?? '')?.[1];
      if (code !== undefined) return code;
      await smsPage.waitForTimeout(200);
    }
    throw new Error(`no SMS to …${digits} at /dev/sms`);
  } finally {
    await smsPage.close();
  }
}

/** Signs a citizen in through the sign-in page (phone and SMS code, accepting the privacy notice the first time). */
export async function signInCitizen(page: Page, phone: string): Promise<void> {
  await page.goto('/#/dang-nhap');
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await page.getByTestId('code-sent').waitFor();
  const code = await codeFromDevSms(page, phone.replace(/\D/g, '').slice(1));
  await page.getByLabel('Mã xác thực (6 chữ số)').fill(code);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByLabel('Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.').check();
  await page.getByRole('button', { name: 'Đồng ý và đăng nhập' }).click();
  await page.getByTestId('account-name').waitFor();
}
