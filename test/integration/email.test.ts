// Links by e-mail through a real SMTP server: an officer's password reset, a citizen's sign-in link.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/modules/auth/service.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';
import { startSmtpServer, type ReceivedMail } from '../support/smtp.js';

let database: Database;
let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  smtp = await startSmtpServer();
  testApp = await startTestApp(database, {
    smtpUrl: smtp.url,
    env: { PUBLIC_URL: 'https://phananh.bacgiang.example' },
  });
});
afterAll(async () => {
  await testApp.close();
  await smtp.close();
  await database.close();
});

async function mailTo(address: string, count = 1): Promise<ReceivedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mails = smtp.received.filter((m) => m.to.includes(address));
    if (mails.length >= count) return mails[count - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const tokenIn = (mail: ReceivedMail) => /\?ma=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '';
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: 'POST', url, payload, headers });

describe(`e-mail links on ${backend}`, () => {
  it('resets an officer password by e-mail, ends the old sessions, and never tells who exists', async () => {
    const rows = await sql<{ id: string }>`select id from accounts where username = 'xuly.sogtvt'`.execute(
      database.db,
    );
    await setPassword(database.db, rows.rows[0]!.id, 'mat-khau-cu-0001');
    const signIn = (password: string) => post('/api/v1/auth/sign-in', { username: 'xuly.sogtvt', password });
    const oldSession = (await signIn('mat-khau-cu-0001')).cookies.find(
      (c) => c.name === 'pakn_session',
    )!.value;

    const known = await post('/api/v1/auth/password-reset', { login: 'XULY.SOGTVT' });
    const unknown = await post('/api/v1/auth/password-reset', { login: 'khong.co.ai' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);

    const mail = await mailTo('xuly.sogtvt@demo.pakn.invalid');
    expect(mail.subject).toBe('Đặt lại mật khẩu / Password reset — PAKN');
    expect(mail.body).toContain('Kính gửi');
    expect(mail.body).toContain('https://phananh.bacgiang.example/#/dat-lai-mat-khau?ma=');
    const token = tokenIn(mail);

    const short = await post('/api/v1/auth/password-reset/confirm', { token, password: 'ngan' });
    expect(short.statusCode).toBe(400);
    expect(
      (await post('/api/v1/auth/password-reset/confirm', { token, password: 'mat-khau-moi-dai-2026' }))
        .statusCode,
    ).toBe(204);
    expect(
      (await post('/api/v1/auth/password-reset/confirm', { token, password: 'mat-khau-khac-dai-2026' }))
        .statusCode,
    ).toBe(400);

    expect((await signIn('mat-khau-cu-0001')).statusCode).toBe(401);
    expect((await signIn('mat-khau-moi-dai-2026')).statusCode).toBe(200);
    const me = await testApp.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: `pakn_session=${oldSession}` },
    });
    expect(me.statusCode).toBe(401);
  });

  it('signs a citizen in with an e-mailed link, creating the account after consent; each link works once', async () => {
    const sent = await post('/api/v1/auth/email-link', {
      email: 'Tran.Binh@Example.vn',
      returnTo: '/phan-anh/PA-2026-000123',
    });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ accepted: true, expiresInSeconds: 1800, resendAfterSeconds: 60 });
    const mail = await mailTo('tran.binh@example.vn');
    // The link opens the web app's page for it, and brings the person back to the page they came from.
    expect(mail.body).toMatch(
      /https:\/\/phananh\.bacgiang\.example\/#\/dang-nhap\/email\?ma=[A-Za-z0-9_-]{43}&ve=%2Fphan-anh%2FPA-2026-000123\s/,
    );
    const token = tokenIn(mail);
    const noConsent = await post('/api/v1/auth/email-link/verify', { token });
    expect(noConsent.json<{ error: { code: string } }>().error.code).toBe('privacy_consent_required');
    const none = await sql`select id from accounts where lower(email) = 'tran.binh@example.vn'`.execute(
      database.db,
    );
    expect(none.rows).toHaveLength(0);
    const ok = await post('/api/v1/auth/email-link/verify', { token, acceptPrivacyVersion: '2026-11' });
    expect(ok.json()).toEqual({ state: 'signed_in', created: true });
    // The consent is on the account (which version, when) and in the audit log.
    const account = await sql<{ id: string; privacy_version: string; accepted: boolean; verified: boolean }>`
      select id, privacy_version, privacy_accepted_at is not null as accepted, email_verified_at is not null as verified
      from accounts where lower(email) = 'tran.binh@example.vn'`.execute(database.db);
    expect(account.rows.map(({ id: _id, ...consent }) => consent)).toEqual([
      { privacy_version: '2026-11', accepted: true, verified: true },
    ]);
    const audit = await sql<{ detail: unknown }>`
      select detail from audit_log where action = 'account.registered' and subject_id = ${account.rows[0]!.id}`.execute(
      database.db,
    );
    expect(audit.rows).toEqual([{ detail: { privacyVersion: '2026-11', via: 'email' } }]);
    const again = await post('/api/v1/auth/email-link/verify', { token, acceptPrivacyVersion: '2026-11' });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('invalid_code');

    // Another link to the same address waits a minute after the last one, and says how long.
    const tooSoon = await post('/api/v1/auth/email-link', { email: 'tran.binh@example.vn' });
    expect(tooSoon.statusCode).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(tooSoon.headers['retry-after'])).toBeLessThanOrEqual(60);
    await sql`update one_time_codes set created_at = created_at - interval '2 minutes'
      where purpose = 'sign_in_email'`.execute(database.db);
    expect((await post('/api/v1/auth/email-link', { email: 'tran.binh@example.vn' })).statusCode).toBe(202);
    const second = await post('/api/v1/auth/email-link/verify', {
      token: tokenIn(await mailTo('tran.binh@example.vn', 2)),
    });
    expect(second.json()).toEqual({ state: 'signed_in', created: false });
    const kept = await sql<{
      n: number;
    }>`select count(*)::int as n from one_time_codes where destination is not null and consumed_at is not null`.execute(
      database.db,
    );
    expect(kept.rows[0]!.n).toBe(0);

    expect((await post('/api/v1/auth/email-link', { email: 'khong-phai-email' })).statusCode).toBe(400);
  });

  it('puts no page of another site in a link: a return address that is not a path here is refused', async () => {
    const before = smtp.received.length;
    for (const returnTo of [
      'https://lua-dao.example/',
      '//lua-dao.example/',
      '/\\lua-dao.example',
      'javascript:alert(1)',
      '/phan-anh/<script>',
      'phan-anh/PA-2026-000123',
    ]) {
      const res = await post('/api/v1/auth/email-link', { email: 'le.cuong@example.vn', returnTo });
      expect(res.statusCode, returnTo).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
    // No link went out, and the address may still ask for one at once.
    const ok = await post('/api/v1/auth/email-link', { email: 'le.cuong@example.vn', returnTo: '/' });
    expect(ok.statusCode).toBe(202);
    const mail = await mailTo('le.cuong@example.vn');
    expect(smtp.received.length).toBe(before + 1);
    // Home is where a sign-in ends anyway: no `ve` for it.
    expect(mail.body).toMatch(/#\/dang-nhap\/email\?ma=[A-Za-z0-9_-]{43}\s/);
  });

  it('tells the sign-in page whether single sign-on is offered', async () => {
    const res = await testApp.app.inject({ url: '/api/v1/auth/methods' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sso: null });
    const withSso = await startTestApp(database, {
      env: { OIDC_ISSUER: 'https://sso.bacgiang.example', OIDC_CLIENT_ID: 'pakn' },
    });
    try {
      const offered = await withSso.app.inject({ url: '/api/v1/auth/methods' });
      expect(offered.json()).toEqual({ sso: { accountKind: 'citizen' } });
    } finally {
      await withSso.close();
    }
  });
});
