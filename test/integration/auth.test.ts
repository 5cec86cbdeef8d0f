// Officer sign-in: sessions rotated at sign-in and revocable, throttling that never locks the owner
// out from elsewhere, TOTP (required for administrators, each code accepted once), disabling an account.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/modules/auth/service.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let app: FastifyInstance;
let testApp: TestApp;
const ids: Record<string, string> = {};
const PASSWORD = 'Mật-khẩu-đủ-dài-2026';

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  const rows = await sql<{ id: string; username: string }>`select id, username from accounts`.execute(
    database.db,
  );
  for (const r of rows.rows) ids[r.username] = r.id;
  for (const u of ['xuly.sogtvt', 'xuly.lucngan', 'admin', 'canbo.tiepnhan1'])
    await setPassword(database.db, ids[u]!, PASSWORD);
  testApp = await startTestApp(database);
  app = testApp.app;
  await app.ready();
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

function cookieOf(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'pakn_session');
  if (!c) throw new Error('no session cookie');
  return `pakn_session=${c.value}`;
}

async function signIn(username: string, password = PASSWORD, remoteAddress = '10.0.0.1', cookie?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
    remoteAddress,
    headers: cookie ? { cookie } : {},
  });
}

const me = (cookie: string) => app.inject({ url: '/api/v1/auth/me', headers: { cookie } });

function totpCode(secret: string, offsetSteps = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

describe(`officer sign-in on ${backend}`, () => {
  it('signs a handler in with a fresh session, and ends the old session of that browser', async () => {
    const first = await signIn('xuly.sogtvt');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ state: 'signed_in' });
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie1 = cookieOf(first);
    expect((await me(cookie1)).json()).toMatchObject({
      accountId: ids['xuly.sogtvt'],
      kind: 'officer',
      roles: ['handler'],
    });

    const second = await signIn('xuly.sogtvt', PASSWORD, '10.0.0.1', cookie1);
    const cookie2 = cookieOf(second);
    expect(cookie2).not.toBe(cookie1);
    expect((await me(cookie1)).statusCode).toBe(401);
    expect((await me(cookie2)).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await signIn('xuly.lucngan', 'sai-mat-khau', '10.0.0.9');
    const unknown = await signIn('khong.ton.tai', 'sai-mat-khau', '10.0.0.9');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: { error: { requestId: string } }) => ({ ...b.error, requestId: '' });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json<{ error: { message: string } }>().error.message).toBe(
      'Tên đăng nhập hoặc mật khẩu không đúng.',
    );
  });

  it('makes one client wait after repeated failures, without locking the owner out from elsewhere', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn('canbo.tiepnhan1', `sai-${i}`, '203.0.113.7')).statusCode).toBe(401);
    const blocked = await signIn('canbo.tiepnhan1', PASSWORD, '203.0.113.7');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    const owner = await signIn('canbo.tiepnhan1', PASSWORD, '198.51.100.20');
    expect(owner.statusCode).toBe(200);
  });

  it('signs out of one session, or of every session', async () => {
    const a = cookieOf(await signIn('xuly.lucngan', PASSWORD, '10.0.0.2'));
    const b = cookieOf(await signIn('xuly.lucngan', PASSWORD, '10.0.0.3'));
    const c = cookieOf(await signIn('xuly.lucngan', PASSWORD, '10.0.0.4'));
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: a } })).statusCode,
    ).toBe(204);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
    const everywhere = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: { cookie: b },
    });
    expect(everywhere.json()).toEqual({ sessions: 2 });
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(c)).statusCode).toBe(401);
  });

  it('requires an administrator to enrol in TOTP, accepts each code once, and lets them disable an account', async () => {
    const signedIn = await signIn('admin');
    expect(signedIn.json()).toEqual({ state: 'second_factor_setup_required' });
    const admin = cookieOf(signedIn);
    expect((await me(admin)).statusCode).toBe(401);
    const disableUrl = `/api/v1/admin/accounts/${ids['xuly.sogtvt']}/disable`;
    expect(
      (await app.inject({ method: 'POST', url: disableUrl, headers: { cookie: admin } })).statusCode,
    ).toBe(401);

    const setup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/setup',
      headers: { cookie: admin },
    });
    const { secret, uri } = setup.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\/PAKN:admin\?/);
    // A code outside the accepted window (previous, current and next step), so it is surely wrong.
    const window = [-1, 0, 1].map((step) => totpCode(secret, step));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !window.includes(c))!;
    const wrongCode = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/verify',
      headers: { cookie: admin },
      payload: { code: wrong },
    });
    expect(wrongCode.statusCode).toBe(400);
    const code = totpCode(secret);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/totp/verify',
          headers: { cookie: admin },
          payload: { code },
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(admin)).json()).toMatchObject({ roles: ['admin'] });

    // The next sign-in needs a code, and the one just used is refused.
    const again = cookieOf(await signIn('admin'));
    expect((await me(again)).statusCode).toBe(401);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/verify',
      headers: { cookie: again },
      payload: { code },
    });
    expect(replay.statusCode).toBe(400);
    const next = totpCode(secret, 1);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/totp/verify',
          headers: { cookie: again },
          payload: { code: next },
        })
      ).statusCode,
    ).toBe(204);

    // Disabling ends the handler's sessions at once and stops sign-in; others may not do it.
    const handler = cookieOf(await signIn('xuly.sogtvt', PASSWORD, '10.0.0.5'));
    expect(
      (await app.inject({ method: 'POST', url: disableUrl, headers: { cookie: handler } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'POST', url: disableUrl })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: disableUrl, headers: { cookie: admin } })).statusCode,
    ).toBe(204);
    expect((await me(handler)).statusCode).toBe(401);
    expect((await signIn('xuly.sogtvt', PASSWORD, '10.0.0.5')).statusCode).toBe(401);
    const enableUrl = `/api/v1/admin/accounts/${ids['xuly.sogtvt']}/enable`;
    expect(
      (await app.inject({ method: 'POST', url: enableUrl, headers: { cookie: admin } })).statusCode,
    ).toBe(204);
    expect((await signIn('xuly.sogtvt', PASSWORD, '10.0.0.5')).statusCode).toBe(200);

    const audit = await sql<{
      action: string;
    }>`select action from audit_log where actor_id = ${ids.admin!}`.execute(database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'auth.sign_in',
        'auth.totp_enabled',
        'auth.second_factor',
        'account.disabled',
        'account.enabled',
      ]),
    );
  });

  it('refuses a state change sent from another site', async () => {
    const cookie = cookieOf(await signIn('xuly.lucngan', PASSWORD, '10.0.0.6'));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect((await me(cookie)).statusCode).toBe(200);
  });
});

describe(`citizen sign-in with a phone code on ${backend}`, () => {
  async function smsCodeFor(phone: string): Promise<string> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const message = testApp.sms.messages().find((m) => m.to === phone);
      const code = message ? /\b(\d{6})\b/.exec(message.text)?.[1] : undefined;
      if (code !== undefined) return code;
      if (Date.now() > deadline) throw new Error(`no SMS to ${phone}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const requestCode = (phone: string, remoteAddress = '10.1.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/code', payload: { phone }, remoteAddress });
  const verify = (payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/code/verify', payload });

  it('creates the account on first sign-in, after consent, and sends the code through the job queue', async () => {
    const sent = await requestCode('0987 654 321');
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ sentTo: '+84••••••321', expiresInSeconds: 600, resendAfterSeconds: 60 });
    const code = await smsCodeFor('+84987654321');
    expect(code).toMatch(/^\d{6}$/);
    // Vietnamese with its diacritics, and still one SMS segment (70 UTF-16 units in Unicode).
    const text = testApp.sms.messages().find((m) => m.to === '+84987654321')!.text;
    expect(text).toContain('Mã xác thực PAKN');
    expect(text.length).toBeLessThanOrEqual(70);

    const noConsent = await verify({ phone: '0987654321', code });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json<{ error: { code: string } }>().error.code).toBe('privacy_consent_required');

    const signedIn = await verify({ phone: '+84 987 654 321', code, acceptPrivacyVersion: '2026-11' });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toEqual({ state: 'signed_in', created: true });
    expect((await me(cookieOf(signedIn))).json()).toMatchObject({ kind: 'citizen', roles: ['citizen'] });

    // The code works once.
    const again = await verify({ phone: '0987654321', code, acceptPrivacyVersion: '2026-11' });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('invalid_code');

    const page = await app.inject('/dev/sms');
    expect(page.body).toContain('+84987654321');
  });

  it('answers the same whether or not the number is registered, and limits how often codes are sent', async () => {
    const registered = await requestCode('0912000001', '10.1.0.2'); // a demo citizen
    const unknown = await requestCode('0912000999', '10.1.0.2');
    expect(registered.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(registered.json<object>())).toEqual(Object.keys(unknown.json<object>()));
    expect((await requestCode('0912000001', '10.1.0.3')).statusCode).toBe(429);

    const code = await smsCodeFor('+84912000001');
    const existing = await verify({ phone: '0912000001', code });
    expect(existing.json()).toEqual({ state: 'signed_in', created: false });

    expect((await requestCode('12345')).statusCode).toBe(400);
  });

  it('lets a citizen edit the profile, download their data, and erase the account', async () => {
    expect((await requestCode('0966000333', '10.1.0.5')).statusCode).toBe(202);
    const first = await verify({
      phone: '0966000333',
      code: await smsCodeFor('+84966000333'),
      acceptPrivacyVersion: '2026-11',
    });
    const cookie = cookieOf(first);
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me/profile',
      headers: { cookie },
      payload: { displayName: '  Lê   Thị Hoa ' },
    });
    expect(patched.json()).toMatchObject({
      kind: 'citizen',
      displayName: 'Lê Thị Hoa',
      phone: '+84966000333',
      privacyVersion: '2026-11',
    });

    const data = await app.inject({ url: '/api/v1/me/data', headers: { cookie } });
    expect(data.headers['content-disposition']).toContain('attachment');
    const body = data.json<{ profile: { displayName: string }; sessions: unknown[] }>();
    expect(body.profile.displayName).toBe('Lê Thị Hoa');
    expect(body.sessions).toHaveLength(1);

    expect((await app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
      204,
    );
    expect((await me(cookie)).statusCode).toBe(401);
    const erased = await sql<{ display_name: string; phone: string | null; deleted_at: Date | null }>`
      select display_name, phone, deleted_at from accounts where privacy_version = '2026-11' and deleted_at is not null`.execute(
      database.db,
    );
    expect(erased.rows).toEqual([{ display_name: '', phone: null, deleted_at: expect.any(Date) as unknown }]);

    // The number is free again: a new sign-in creates a new, empty account.
    await new Promise((r) => setTimeout(r, 10));
    const { requestSignInCode } = await import('../../src/modules/auth/citizen.js');
    await requestSignInCode(
      database.db,
      testApp.jobs,
      { phone: '0966000333', client: 'test-2', requestId: 'r' },
      new Date(Date.now() + 61_000),
    );
    const deadline = Date.now() + 15_000;
    while (testApp.sms.messages().filter((m) => m.to === '+84966000333').length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const newest = testApp.sms.messages().find((m) => m.to === '+84966000333')!;
    const code = /\b(\d{6})\b/.exec(newest.text)![1]!;
    const again = await verify({ phone: '0966000333', code, acceptPrivacyVersion: '2026-11' });
    expect(again.json()).toEqual({ state: 'signed_in', created: true });
    expect(
      (await app.inject({ url: '/api/v1/me/profile', headers: { cookie: cookieOf(again) } })).json(),
    ).toMatchObject({ displayName: '' });

    const officer = cookieOf(await signIn('xuly.lucngan', PASSWORD, '10.0.0.7'));
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie: officer } })).statusCode,
    ).toBe(403);
  });

  it('refuses a code after five wrong tries, and an expired code', async () => {
    expect((await requestCode('0977000111', '10.1.0.4')).statusCode).toBe(202);
    const code = await smsCodeFor('+84977000111');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await verify({ phone: '0977000111', code: wrong })).statusCode).toBe(400);
    const tooLate = await verify({ phone: '0977000111', code, acceptPrivacyVersion: '2026-11' });
    expect(tooLate.json<{ error: { code: string } }>().error.code).toBe('invalid_code');

    const { requestSignInCode, signInWithCode } = await import('../../src/modules/auth/citizen.js');
    const past = new Date(Date.now() - 11 * 60_000);
    await requestSignInCode(
      database.db,
      testApp.jobs,
      { phone: '0977000222', client: 'test', requestId: 'r' },
      past,
    );
    const oldCode = await smsCodeFor('+84977000222');
    await expect(
      signInWithCode(database.db, {
        phone: '0977000222',
        code: oldCode,
        acceptPrivacyVersion: '2026-11',
        requestId: 'r',
      }),
    ).rejects.toThrow('invalid_code');
  });
});
