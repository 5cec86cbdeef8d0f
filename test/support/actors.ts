// Signed-in sessions for every role, for access tests: officers by password (administrators through
// TOTP enrolment), a citizen by SMS code.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { setPassword } from '../../src/modules/auth/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import type { TestApp } from './app.js';

export const DEMO_USER_OF: Record<Exclude<Role, 'citizen'>, string> = {
  receiver: 'canbo.tiepnhan1',
  handler: 'xuly.sogtvt',
  agency_leader: 'lanhdao.sogtvt',
  provincial_leader: 'lanhdao.ubndtinh',
  auditor: 'giamsat',
  admin: 'admin',
};

function sessionCookie(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'pakn_session');
  if (!c) throw new Error('no session cookie');
  return `pakn_session=${c.value}`;
}

export async function officerCookie(
  app: FastifyInstance,
  database: Database,
  username: string,
  n: number,
): Promise<string> {
  const password = `mat-khau-thu-nghiem-${n}`;
  const rows = await sql<{ id: string }>`select id from accounts where username = ${username}`.execute(
    database.db,
  );
  await setPassword(database.db, rows.rows[0]!.id, password);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
    remoteAddress: `10.9.0.${n}`,
  });
  const cookie = sessionCookie(res);
  const { state } = res.json<{ state: string }>();
  if (state === 'second_factor_setup_required') {
    const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: { cookie } });
    const { secret } = setup.json<{ secret: string }>();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
    const verified = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/verify',
      headers: { cookie },
      payload: { code },
    });
    if (verified.statusCode !== 204) throw new Error(`TOTP enrolment failed for ${username}`);
  }
  return cookie;
}

export async function citizenCookie(testApp: TestApp, phone: string): Promise<string> {
  await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/auth/code',
    payload: { phone },
    remoteAddress: '10.9.1.1',
  });
  const e164 = `+84${phone.slice(1)}`;
  const deadline = Date.now() + 15_000;
  let code: string | undefined;
  while (code === undefined && Date.now() < deadline) {
    const m = testApp.sms.messages().find((x) => x.to === e164);
    code = m ? /\b(\d{6})\b/.exec(m.text)?.[1] : undefined;
    if (code === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/auth/code/verify',
    payload: { phone, code: code ?? '', acceptPrivacyVersion: '2026-11' },
  });
  return sessionCookie(res);
}

/** One signed-in cookie per role; demo data must be loaded. */
export async function cookiesForEveryRole(
  testApp: TestApp,
  database: Database,
): Promise<Record<Role, string>> {
  const result = { citizen: await citizenCookie(testApp, '0988111222') } as Record<Role, string>;
  let n = 1;
  for (const [role, username] of Object.entries(DEMO_USER_OF))
    result[role as Role] = await officerCookie(testApp.app, database, username, n++);
  return result;
}
