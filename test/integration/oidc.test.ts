// Single sign-on through a real OpenID Connect provider: a citizen's first sign-in waits for consent and
// creates the account, the next one reuses it; answers that are not this browser's, tampered, replayed
// or refused are turned away; officers are only linked to existing accounts, never created.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcRoutes } from '../../src/modules/auth/oidc-routes.js';
import { oidcProvider, startOidcSignIn, type OidcSettings } from '../../src/modules/auth/oidc.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';
import { startOidcProvider, TestBrowser, type TestOidcProvider } from '../support/oidc-provider.js';

// The apps are reached through inject, so their origins need not resolve; the provider is real.
const CITIZEN_SITE = 'http://pakn.test';
const OFFICER_SITE = 'http://canbo.pakn.test';
const CALLBACK = '/api/v1/auth/oidc/callback';

let database: Database;
let op: TestOidcProvider;
const testApps: TestApp[] = [];
const apps: Record<string, FastifyInstance> = {};
const ids: Record<string, string> = {};

async function appFor(site: string, accountKind: OidcSettings['accountKind']): Promise<FastifyInstance> {
  const testApp = await startTestApp(database);
  testApps.push(testApp);
  await testApp.app.register(oidcRoutes, {
    db: database.db,
    secureCookies: false,
    settings: {
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      redirectUrl: `${site}${CALLBACK}`,
      accountKind,
      scope: 'openid profile email phone',
    },
  });
  await testApp.app.ready();
  return testApp.app;
}

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  const rows = await sql<{ id: string; username: string }>`select id, username from accounts`.execute(
    database.db,
  );
  for (const r of rows.rows) ids[r.username] = r.id;
  op = await startOidcProvider({
    redirectUris: [`${CITIZEN_SITE}${CALLBACK}`, `${OFFICER_SITE}${CALLBACK}`],
  });
  apps[CITIZEN_SITE] = await appFor(CITIZEN_SITE, 'citizen');
  apps[OFFICER_SITE] = await appFor(OFFICER_SITE, 'officer');
});
afterAll(async () => {
  for (const testApp of testApps) await testApp.close();
  await op.close();
  await database.close();
});

const newBrowser = () => new TestBrowser(apps);
const startUrl = (site: string, returnTo?: string) =>
  `${site}/api/v1/auth/oidc/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;

async function me(browser: TestBrowser, site = CITIZEN_SITE) {
  const res = await browser.request(new URL(`${site}/api/v1/auth/me`));
  return {
    status: res.status,
    body: JSON.parse(res.body) as { accountId?: string; kind?: string; roles?: string[] },
  };
}

/** Runs the sign-in as far as the redirect to our callback, and returns that URL unvisited. */
async function untilCallback(browser: TestBrowser, site: string): Promise<URL> {
  const { next } = await browser.navigate(startUrl(site), (url) => url.pathname === CALLBACK);
  if (!next) throw new Error('the provider did not send the browser back');
  return next;
}

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

async function identitiesOf(accountId: string) {
  const { rows } = await sql<{ issuer: string; subject: string }>`
    select issuer, subject from account_identities where account_id = ${accountId}`.execute(database.db);
  return rows;
}

describe(`single sign-on (OpenID Connect) for citizens on ${backend}`, () => {
  it('creates the account only after the privacy notice is accepted, and reuses it at the next sign-in', async () => {
    op.loginAs({
      sub: 'vneid-0001',
      claims: {
        name: 'Phạm  Thị Lan',
        email: 'lan.pham@example.vn',
        email_verified: true,
        phone_number: '0988 111 222',
        phone_number_verified: false,
      },
    });
    const browser = newBrowser();
    const { visited, response } = await browser.navigate(startUrl(CITIZEN_SITE, '/#/gui-phan-anh'));
    // To the provider (PKCE, state, nonce), its login page, back to our callback, then the consent page.
    const authorize = visited.find((u) => u.origin === op.issuer && u.pathname === '/auth')!;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(visited.some((u) => u.origin === op.issuer && u.pathname.startsWith('/interaction/'))).toBe(true);
    expect(visited.at(-1)!.href).toBe(`${CITIZEN_SITE}/#/dang-nhap/dong-y`);
    expect(response.status).toBe(200);
    expect((await me(browser)).status).toBe(401);
    const before = await sql`select id from accounts where lower(email) = 'lan.pham@example.vn'`.execute(
      database.db,
    );
    expect(before.rows).toHaveLength(0);

    // The consent step shows what will be kept: no phone, as the provider did not verify it.
    const registration = new URL(`${CITIZEN_SITE}/api/v1/auth/oidc/registration`);
    const pending = await browser.request(registration);
    expect(JSON.parse(pending.body)).toEqual({
      displayName: 'Phạm Thị Lan',
      email: 'lan.pham@example.vn',
      phone: null,
      privacyVersion: '2026-11',
    });
    expect((await newBrowser().request(registration)).status).toBe(400);

    const refused = await browser.request(registration, {
      method: 'POST',
      json: { acceptPrivacyVersion: '2020-01' },
    });
    expect(refused.status).toBe(400);
    expect(errorCode(refused.body)).toBe('privacy_consent_required');
    const accepted = await browser.request(registration, {
      method: 'POST',
      json: { acceptPrivacyVersion: '2026-11' },
    });
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body)).toEqual({
      state: 'signed_in',
      created: true,
      returnTo: '/#/gui-phan-anh',
    });
    const first = await me(browser);
    expect(first.body).toMatchObject({ kind: 'citizen', roles: ['citizen'] });
    const accountId = first.body.accountId!;
    const profile = await browser.request(new URL(`${CITIZEN_SITE}/api/v1/me/profile`));
    expect(JSON.parse(profile.body)).toMatchObject({
      kind: 'citizen',
      displayName: 'Phạm Thị Lan',
      email: 'lan.pham@example.vn',
      phone: null,
      privacyVersion: '2026-11',
    });
    expect(await identitiesOf(accountId)).toEqual([{ issuer: op.issuer, subject: 'vneid-0001' }]);
    // The consent step is used once.
    const again = await browser.request(registration, {
      method: 'POST',
      json: { acceptPrivacyVersion: '2026-11' },
    });
    expect(again.status).toBe(400);

    // Next time, in another browser: straight back to where the person was going, same account.
    op.loginAs({ sub: 'vneid-0001', claims: { name: 'Phạm Thị Lan' } });
    const other = newBrowser();
    const second = await other.navigate(startUrl(CITIZEN_SITE, '/#/gui-phan-anh'));
    expect(second.visited.at(-1)!.href).toBe(`${CITIZEN_SITE}/#/gui-phan-anh`);
    expect((await me(other)).body.accountId).toBe(accountId);
    const count = await sql<{
      n: string;
    }>`select count(*) as n from accounts where lower(email) = 'lan.pham@example.vn'`.execute(database.db);
    expect(count.rows[0]!.n).toBe('1');
    // The flow cookie is gone and so are the flows: nothing of the sign-in is left behind.
    expect(other.cookie('pakn.test', 'pakn_oidc')).toBeUndefined();
    const flows = await sql<{ n: string }>`select count(*) as n from oidc_sign_in_flows`.execute(database.db);
    expect(flows.rows[0]!.n).toBe('0');

    const audit = await sql<{ action: string; detail: { method?: string } | null }>`
      select action, detail from audit_log where actor_id = ${accountId} order by id`.execute(database.db);
    expect(audit.rows).toEqual([
      {
        action: 'account.registered',
        detail: expect.objectContaining({ method: 'oidc', privacyVersion: '2026-11' }) as unknown,
      },
      { action: 'auth.sign_in', detail: { method: 'oidc' } },
      { action: 'auth.sign_in', detail: { method: 'oidc' } },
    ]);
  });

  it('links a citizen who already has an account by the phone number the provider verified', async () => {
    op.loginAs({
      sub: 'vneid-0002',
      claims: { name: 'Nguyễn Văn Hùng', phone_number: '+84912000001', phone_number_verified: true },
    });
    const browser = newBrowser();
    const { visited } = await browser.navigate(startUrl(CITIZEN_SITE));
    expect(visited.at(-1)!.href).toBe(`${CITIZEN_SITE}/`);
    expect((await me(browser)).body).toMatchObject({ accountId: ids.nguoidan1, kind: 'citizen' });
    expect(await identitiesOf(ids.nguoidan1!)).toEqual([{ issuer: op.issuer, subject: 'vneid-0002' }]);
  });

  it('refuses an answer with a tampered state, from another browser, replayed, or with a forged code', async () => {
    op.loginAs({ sub: 'vneid-0003', claims: { name: 'Đỗ Minh Châu' } });
    const browser = newBrowser();
    const callback = await untilCallback(browser, CITIZEN_SITE);

    const tampered = new URL(callback);
    // Change the last character (to one it is not: a fixed 'A' would be no change one time in 64).
    const state = callback.searchParams.get('state')!;
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const res1 = await browser.request(tampered);
    expect(res1.status).toBe(400);
    expect(errorCode(res1.body)).toBe('bad_request');
    expect(JSON.parse(res1.body)).toMatchObject({
      error: { messages: { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' } },
    });

    // Login CSRF: someone else's answer, pasted into a browser that did not start this sign-in.
    const stranger = newBrowser();
    expect((await stranger.request(callback)).status).toBe(400);
    expect((await me(stranger)).status).toBe(401);

    // The right browser still gets in (refusals above consumed nothing)…
    const ok = await browser.request(callback);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/#/dang-nhap/dong-y');

    // …once: the same answer again, even with the cookie it had, is refused.
    const replay = new TestBrowser(apps);
    replay.setCookie(callback, 'pakn_oidc', callback.searchParams.get('state')!, '/api/v1/auth/oidc');
    const res2 = await replay.request(callback);
    expect(res2.status).toBe(400);

    // A code the provider never issued, with this browser's own state: the token endpoint refuses it.
    op.loginAs({ sub: 'vneid-0003', claims: { name: 'Đỗ Minh Châu' } });
    const third = newBrowser();
    const forged = await untilCallback(third, CITIZEN_SITE);
    forged.searchParams.set('code', 'not-a-code-the-provider-issued');
    const res3 = await third.request(forged);
    expect(res3.status).toBe(401);
    expect(errorCode(res3.body)).toBe('unauthenticated');
    expect((await me(third)).status).toBe(401);
  });

  it('answers 401 when the person cancels at the provider', async () => {
    op.refuseNext();
    const browser = newBrowser();
    const callback = await untilCallback(browser, CITIZEN_SITE);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.request(callback);
    expect(res.status).toBe(401);
    expect(errorCode(res.body)).toBe('unauthenticated');
  });

  it('answers 503, and tries again next time, when the provider cannot be reached', async () => {
    const closed = await startOidcProvider({ redirectUris: [`${CITIZEN_SITE}${CALLBACK}`] });
    await closed.close();
    const provider = oidcProvider({
      issuer: closed.issuer,
      clientId: 'x',
      clientSecret: undefined,
      redirectUrl: `${CITIZEN_SITE}${CALLBACK}`,
      accountKind: 'citizen',
      scope: 'openid',
    });
    for (let i = 0; i < 2; i++)
      await expect(
        startOidcSignIn(database.db, provider, { returnTo: undefined, client: 'test' }),
      ).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });

  it('sends the person back only to a path on this site', async () => {
    op.loginAs({ sub: 'vneid-0002', claims: {} });
    const browser = newBrowser();
    const { visited } = await browser.navigate(startUrl(CITIZEN_SITE, '//evil.example/phish'));
    expect(visited.at(-1)!.href).toBe(`${CITIZEN_SITE}/`);
  });
});

describe(`single sign-on (OpenID Connect) for officers on ${backend}`, () => {
  const accountCount = async () =>
    (await sql<{ n: string }>`select count(*) as n from accounts`.execute(database.db)).rows[0]!.n;

  it('never creates an officer: an identity with no officer account is refused', async () => {
    const before = await accountCount();
    op.loginAs({
      sub: 'sso-9001',
      claims: { name: 'Người lạ', email: 'nguoi.la@bacgiang.gov.vn', email_verified: true },
    });
    const browser = newBrowser();
    const { response } = await browser.navigate(startUrl(OFFICER_SITE));
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe('forbidden');
    expect((await me(browser, OFFICER_SITE)).status).toBe(401);
    expect(await accountCount()).toBe(before);
    const links = await sql`select 1 from account_identities where subject = 'sso-9001'`.execute(database.db);
    expect(links.rows).toHaveLength(0);

    // An officer's address that the provider has not verified links nothing either.
    op.loginAs({
      sub: 'sso-9002',
      claims: { email: 'xuly.sogtvt@demo.pakn.invalid', email_verified: false },
    });
    expect((await newBrowser().navigate(startUrl(OFFICER_SITE))).response.status).toBe(403);
    expect(await identitiesOf(ids['xuly.sogtvt']!)).toEqual([]);
  });

  it('links an officer by a verified e-mail, then by the identity', async () => {
    op.loginAs({
      sub: 'sso-1001',
      claims: { name: 'Cán bộ xử lý', email: 'XuLy.SoGTVT@demo.pakn.invalid', email_verified: true },
    });
    const browser = newBrowser();
    const { visited } = await browser.navigate(startUrl(OFFICER_SITE, '/#/can-bo'));
    expect(visited.at(-1)!.href).toBe(`${OFFICER_SITE}/#/can-bo`);
    expect((await me(browser, OFFICER_SITE)).body).toEqual({
      accountId: ids['xuly.sogtvt'],
      kind: 'officer',
      roles: ['handler'],
    });
    expect(await identitiesOf(ids['xuly.sogtvt']!)).toEqual([{ issuer: op.issuer, subject: 'sso-1001' }]);

    // The address changed at the provider: the identity alone now signs the officer in.
    op.loginAs({ sub: 'sso-1001', claims: { email: 'moi@bacgiang.gov.vn', email_verified: true } });
    const later = newBrowser();
    await later.navigate(startUrl(OFFICER_SITE));
    expect((await me(later, OFFICER_SITE)).body.accountId).toBe(ids['xuly.sogtvt']);

    // A disabled account stays shut, whatever the provider says.
    await sql`update accounts set disabled_at = now() where id = ${ids['xuly.sogtvt']!}`.execute(database.db);
    op.loginAs({ sub: 'sso-1001', claims: {} });
    const disabled = await newBrowser().navigate(startUrl(OFFICER_SITE));
    expect(disabled.response.status).toBe(403);
    await sql`update accounts set disabled_at = null where id = ${ids['xuly.sogtvt']!}`.execute(database.db);
  });

  it('signs in a pre-registered identity, which still has to pass the second factor its role requires', async () => {
    await sql`insert into account_identities (account_id, issuer, subject)
              values (${ids.admin!}, ${op.issuer}, 'sso-admin')`.execute(database.db);
    op.loginAs({ sub: 'sso-admin', claims: { name: 'Quản trị' } });
    const browser = newBrowser();
    const { visited } = await browser.navigate(startUrl(OFFICER_SITE));
    expect(visited.at(-1)!.href).toBe(`${OFFICER_SITE}/`);
    // A session exists, waiting for TOTP enrolment: not yet an actor.
    expect(browser.cookie('canbo.pakn.test', 'pakn_session')).toBeDefined();
    expect((await me(browser, OFFICER_SITE)).status).toBe(401);
    const setup = await browser.request(new URL(`${OFFICER_SITE}/api/v1/auth/totp/setup`), {
      method: 'POST',
    });
    expect(setup.status).toBe(200);
  });
});
