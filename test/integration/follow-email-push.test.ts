// Following without an account by e-mail (double opt-in through a real SMTP server, one-time links, the
// unsubscribe link of every update mail, limits), a browser linked to a citizen's account for all their
// reports (a real push service on 127.0.0.1; each message decrypted as the browser would), and the place of a
// public report in words. No reply and no log line ever holds an address, a contact or an endpoint.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIRM_HOURS,
  purgeEmailFollowRequests,
  REQUESTS_PER_ADDRESS_PER_DAY,
} from '../../src/modules/reports/email-follow.js';
import { NOTIFY_JOB } from '../../src/modules/reports/notify.js';
import type { PushPayload, VapidKeys } from '../../src/modules/reports/push.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { citizenCookie, cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';
import { newBrowser, startPushService, type Browser, type PushService } from '../support/push-service.js';
import { startSmtpServer, type ReceivedMail } from '../support/smtp.js';

const PUBLIC_URL = 'https://phananh.bacgiang.example';
const FOLLOWER_EMAIL = 'le.thi.hoa@pakn.test';
const REPORTER_EMAIL = 'pham.van.duc@pakn.test';
/** A citizen with only a verified phone (told by SMS until they turn on this browser). */
const DEVICE_CITIZEN_PHONE = '0966555777';
const DEVICE_CITIZEN_E164 = '+84966555777';

let database: Database;
let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let push: PushService;
let vapid: VapidKeys;
let cookies: Record<Role, string>;
let deviceCitizen: string;
let categoryId: string;
let areaId: string;
const logLines: string[] = [];
/** What no reply and no log line may hold. */
const secrets = new Set<string>([FOLLOWER_EMAIL, REPORTER_EMAIL, DEVICE_CITIZEN_E164]);

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  const ids = await sql<{ table: string; id: string }>`
    select 'category' as table, id from categories where slug = 've-sinh-moi-truong-rac-thai'
    union all select 'area', id from areas where slug = 'bac-giang.luc-ngan.chu'`.execute(database.db);
  categoryId = ids.rows.find((r) => r.table === 'category')!.id;
  areaId = ids.rows.find((r) => r.table === 'area')!.id;
  smtp = await startSmtpServer();
  push = await startPushService();
  vapid = { ...webPush.generateVAPIDKeys(), subject: 'mailto:vanhanh@pakn.test' };
  secrets.add(vapid.privateKey);
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  testApp = await startTestApp(database, {
    logger,
    smtpUrl: smtp.url,
    env: {
      PUBLIC_URL,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: vapid.subject,
    },
  });
  cookies = await cookiesForEveryRole(testApp, database);
  deviceCitizen = await citizenCookie(testApp, DEVICE_CITIZEN_PHONE);
});
afterAll(async () => {
  await queueIdle();
  await testApp.close();
  await push.close();
  await smtp.close();
  await database.close();
});

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Reply {
  code?: string;
  following?: boolean;
  supporters?: number;
  enabled?: boolean;
  confirmationSent?: boolean;
  error?: {
    code: string;
    messages: { vi: string; en: string };
    details?: { field: string; messages?: { vi: string; en: string } }[];
  };
}

let client = 0;
/** Every request of these tests, each from its own client address unless one is given; no reply may hold a secret. */
async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
  options: { cookie?: string; ip?: string } = {},
) {
  client += 1;
  const res = await testApp.app.inject({
    method,
    url,
    remoteAddress: options.ip ?? `10.13.${Math.floor(client / 250)}.${client % 250}`,
    ...(payload !== undefined ? { payload } : {}),
    ...(options.cookie !== undefined ? { headers: { cookie: options.cookie } } : {}),
  });
  for (const secret of secrets) expect(res.body, `${url} shows a secret`).not.toContain(secret);
  return { status: res.statusCode, body: res.json<Reply>(), headers: res.headers };
}

const askByEmail = (code: string, email: string, ip?: string) =>
  call('POST', `/api/v1/public/reports/${code}/email-followers`, { email }, ip ? { ip } : {});
const confirm = (token: string) => call('POST', '/api/v1/public/email-follows/confirm', { token });
const unsubscribe = (token: string) => call('POST', '/api/v1/public/email-follows/unsubscribe', { token });

function browser(name: string): Browser {
  const b = newBrowser(push.endpointFor(`${name}-${Math.random().toString(36).slice(2, 8)}`));
  secrets.add(b.subscription.endpoint);
  return b;
}

/** A report; anonymous with a contact e-mail unless sent by `cookie`; `listed` makes it accepted (public). */
async function newReport(options: { listed?: boolean; cookie?: string; address?: string } = {}) {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    remoteAddress: '10.14.0.1',
    payload: {
      categoryId,
      description: 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.',
      location: { areaId, ...(options.address !== undefined ? { address: options.address } : {}) },
      ...(options.cookie ? {} : { contact: { email: REPORTER_EMAIL } }),
    },
    ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id, code } = res.json<{ id: string; code: string }>();
  if (options.listed ?? true)
    await sql`update reports set status = 'accepted' where id = ${id}`.execute(database.db);
  return { id, code };
}

async function publicEvent(reportId: string, kind: string): Promise<void> {
  const row = await sql<{ id: string }>`insert into report_events (report_id, kind, public)
      values (${reportId}, ${kind}, true) returning id`.execute(database.db);
  const eventId = row.rows[0]!.id;
  await testApp.jobs.enqueue(NOTIFY_JOB, { reportId, eventId }, { key: `event:${eventId}` });
}

async function queueIdle(): Promise<void> {
  await until('the queue to be idle', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where name in ('mail.send', 'sms.send', 'push.send', ${NOTIFY_JOB})
          and state in ('created', 'retry', 'active')`.execute(database.db);
    return r.rows[0]!.n === 0 ? true : undefined;
  });
}

const mailsTo = (address: string, code: string): ReceivedMail[] =>
  smtp.received.filter((m) => m.to.includes(address) && m.body.includes(code));
const pushesTo = (b: Browser) =>
  push.received.filter((p) => b.subscription.endpoint.endsWith(`/push/${p.id}`));
const smsTo = (e164: string, code: string) =>
  testApp.sms.messages().filter((m) => m.to === e164 && m.text.includes(code));

/** The one-time token of the newest confirmation mail to `address` about `code`. */
async function confirmationToken(address: string, code: string, count = 1): Promise<string> {
  const mails = await until('the confirmation mail', () => {
    const m = mailsTo(address, code).filter((x) => x.subject.startsWith('Xác nhận theo dõi'));
    return m.length >= count ? m : undefined;
  });
  const token = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/#/xac-nhan-theo-doi/([0-9a-f]{64})`).exec(
    mails.at(-1)!.body,
  )?.[1];
  expect(token).toBeDefined();
  return token!;
}

async function followerRows(code: string) {
  const r = await sql<{ role: string; email: string | null }>`select f.role, f.email from report_followers f
      join reports r on r.id = f.report_id where r.code = ${code} order by f.created_at`.execute(database.db);
  return r.rows;
}

async function supportersOf(code: string): Promise<number> {
  const r = await sql<{ supporters: number }>`select supporters from reports where code = ${code}`.execute(
    database.db,
  );
  return r.rows[0]!.supporters;
}

describe(`following by e-mail without an account on ${backend}`, () => {
  it('follows only once the link in the confirmation mail is opened; updates carry a working unsubscribe link', async () => {
    const { id, code } = await newReport();
    const asked = await askByEmail(code, `  ${FOLLOWER_EMAIL.toUpperCase()} `);
    expect(asked).toMatchObject({ status: 202, body: { confirmationSent: true } });
    expect(asked.headers['cache-control']).toBe('no-store');

    // The confirmation mail: Vietnamese first, then English, with a one-time link valid for two days.
    const token = await confirmationToken(FOLLOWER_EMAIL, code);
    const [mail] = mailsTo(FOLLOWER_EMAIL, code);
    expect(mail!.subject).toBe(`Xác nhận theo dõi phản ánh ${code} / Confirm following report ${code}`);
    expect(mail!.body).toContain(`đề nghị gửi thông báo về tiến độ xử lý phản ánh ${code}`);
    expect(mail!.body).toContain(`có hiệu lực trong ${CONFIRM_HOURS} giờ`);
    expect(mail!.body.indexOf('Xin chào')).toBeLessThan(mail!.body.indexOf('Hello'));
    expect(mail!.body).toContain('If it was not you, ignore this e-mail');
    // Nothing follows yet: not a row, not a supporter.
    expect(await followerRows(code)).toEqual([{ role: 'reporter', email: REPORTER_EMAIL }]);
    expect(await supportersOf(code)).toBe(1);
    // Only its hash is stored.
    const stored = await sql<{ token_hash: string }>`select token_hash from report_email_follow_requests
        where email = ${FOLLOWER_EMAIL}`.execute(database.db);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.token_hash).not.toBe(token);

    // Asking again at once sends no second mail, with the same answer.
    expect((await askByEmail(code, FOLLOWER_EMAIL)).status).toBe(202);
    await queueIdle();
    expect(mailsTo(FOLLOWER_EMAIL, code)).toHaveLength(1);

    // A wrong link changes nothing.
    const wrong = await confirm('0'.repeat(64));
    expect(wrong.status).toBe(404);
    expect(wrong.body.error?.details?.[0]?.messages?.vi).toContain(
      'Liên kết xác nhận không đúng hoặc đã hết hạn',
    );
    expect((await confirm('không-phải-mã')).status).toBe(400);

    const confirmed = await confirm(token);
    expect(confirmed).toMatchObject({ status: 200, body: { code, following: true, supporters: 2 } });
    expect(await followerRows(code)).toEqual([
      { role: 'reporter', email: REPORTER_EMAIL },
      { role: 'follower', email: FOLLOWER_EMAIL },
    ]);
    // The link works once: opened again it creates nothing and says the address follows.
    expect((await confirm(token)).body).toEqual({ code, following: true, supporters: 2 });
    expect(await supportersOf(code)).toBe(2);

    // An update reaches the follower, with a link that stops it without signing in.
    await publicEvent(id, 'assigned');
    const update = await until('the update mail', () =>
      mailsTo(FOLLOWER_EMAIL, code).find(
        (m) => m.subject === `Phản ánh ${code} đã được chuyển đến cơ quan xử lý`,
      ),
    );
    expect(update.body).toContain(`${PUBLIC_URL}/#/theo-doi/${code}`);
    expect(update.body).toContain('Để không nhận thư về phản ánh này nữa');
    expect(update.body).toContain('To stop e-mails about it');
    expect(update.body).not.toContain(REPORTER_EMAIL);
    const stop = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/#/huy-theo-doi/([0-9a-f]{64})`).exec(
      update.body,
    )?.[1];
    expect(stop).toBeDefined();
    // The reporter's own mail has no such link: the answer is owed to them.
    const reporterMail = await until('the reporter’s update', () =>
      mailsTo(REPORTER_EMAIL, code).find((m) => m.subject.includes('đã được chuyển')),
    );
    expect(reporterMail.body).not.toContain('/#/huy-theo-doi/');

    const stopped = await unsubscribe(stop!);
    expect(stopped).toMatchObject({ status: 200, body: { code, following: false, supporters: 1 } });
    const again = await unsubscribe(stop!);
    expect(again.status).toBe(404);
    expect(again.body.error?.details?.[0]?.messages?.vi).toContain('có thể bạn đã bỏ theo dõi');
    expect(await followerRows(code)).toEqual([{ role: 'reporter', email: REPORTER_EMAIL }]);
    // The used confirmation link does not bring it back.
    expect((await confirm(token)).body).toEqual({ code, following: false, supporters: 1 });

    await publicEvent(id, 'published');
    await until('the reporter’s second update', () =>
      mailsTo(REPORTER_EMAIL, code).some((m) => m.subject === `Phản ánh ${code} đã có kết quả xử lý`)
        ? true
        : undefined,
    );
    await queueIdle();
    expect(mailsTo(FOLLOWER_EMAIL, code).map((m) => m.subject)).toEqual([
      `Xác nhận theo dõi phản ánh ${code} / Confirm following report ${code}`,
      `Phản ánh ${code} đã được chuyển đến cơ quan xử lý`,
    ]);
  });

  it('refuses an expired link, the reporter’s own unsubscribe, a report that is not public and a bad address', async () => {
    const { code } = await newReport();
    const address = 'het.han@pakn.test';
    secrets.add(address);
    await askByEmail(code, address);
    const token = await confirmationToken(address, code);
    await sql`update report_email_follow_requests set requested_at = now() - interval '3 days',
               expires_at = now() - interval '1 hour' where email = ${address}`.execute(database.db);
    expect((await confirm(token)).status).toBe(404);
    expect(await supportersOf(code)).toBe(1);
    // The hourly purge deletes it (the address with it); requests still valid stay.
    const pending = async () =>
      (
        await sql<{ email: string }>`select email from report_email_follow_requests
            where email in (${address}, ${FOLLOWER_EMAIL})`.execute(database.db)
      ).rows.map((r) => r.email);
    expect(await pending()).toEqual(expect.arrayContaining([address, FOLLOWER_EMAIL]));
    expect(await purgeEmailFollowRequests(database.db)).toBeGreaterThanOrEqual(1);
    expect(await pending()).toEqual([FOLLOWER_EMAIL]);

    // The reporter's follow has a token too (a merged report's followers carry theirs), but cannot be stopped.
    const reporterToken = (
      await sql<{ unsubscribe_token: string }>`select f.unsubscribe_token from report_followers f
          join reports r on r.id = f.report_id where r.code = ${code} and f.role = 'reporter'`.execute(
        database.db,
      )
    ).rows[0]!.unsubscribe_token;
    const refused = await unsubscribe(reporterToken);
    expect(refused.status).toBe(409);
    expect(await followerRows(code)).toHaveLength(1);

    const waiting = await newReport({ listed: false });
    await sql`update reports set confidential = true, is_public = false where code = ${waiting.code}`.execute(
      database.db,
    );
    const hidden = await askByEmail(waiting.code, 'an.danh@pakn.test');
    expect(hidden.status).toBe(403);
    expect(hidden.body.error?.details?.[0]?.field).toBe('/params/code');

    for (const bad of ['khong-co-a-cong', 'a@b', 'hai@dia.chi, ba@dia.chi', 'x@y.vn\r\nBcc: z@y.vn']) {
      const res = await askByEmail(code, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error?.details?.[0]).toMatchObject({
        field: '/body/email',
        messages: { vi: 'Địa chỉ thư điện tử không đúng (ví dụ: ten@example.com).' },
      });
    }
    expect((await askByEmail('PA-2020-999999', 'ai.do@pakn.test')).status).toBe(404);
    expect(
      (await call('POST', `/api/v1/public/reports/${code}/email-followers`, { email: address, name: 'x' }))
        .status,
    ).toBe(400);
  });

  it('limits confirmation mails per address and requests per client, in both languages', async () => {
    const address = 'bi.lam.phien@pakn.test';
    secrets.add(address);
    const reports = await Promise.all(
      Array.from({ length: REQUESTS_PER_ADDRESS_PER_DAY + 1 }, () => newReport()),
    );
    for (const r of reports.slice(0, REQUESTS_PER_ADDRESS_PER_DAY))
      expect((await askByEmail(r.code, address)).status).toBe(202);
    const limited = await askByEmail(reports.at(-1)!.code, address);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body.error?.details?.[0]?.messages?.vi).toContain('đã được gửi nhiều thư xác nhận');
    await queueIdle();
    expect(smtp.received.filter((m) => m.to.includes(address))).toHaveLength(REQUESTS_PER_ADDRESS_PER_DAY);

    // One client asking for many addresses is stopped too.
    const ip = '10.15.0.9';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const email = `nguoi.${i}@pakn.test`;
      secrets.add(email);
      statuses.push((await askByEmail(reports[0]!.code, email, ip)).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe(`notifications on this browser for all my reports on ${backend}`, () => {
  it('are sent for reports the account sent and follows, instead of SMS, until turned off', async () => {
    const own = await newReport({ cookie: deviceCitizen });
    // The receipt of the citizen's own report, by SMS.
    await until('the receipt', () => (smsTo(DEVICE_CITIZEN_E164, own.code).length === 1 ? true : undefined));
    const followed = await newReport();
    expect(
      (await call('POST', `/api/v1/public/reports/${followed.code}/followers`, {}, { cookie: deviceCitizen }))
        .status,
    ).toBe(200);
    const phone = browser('cua-toi');

    // Signed out or as an officer: refused.
    expect(
      (await call('POST', '/api/v1/me/push-subscriptions', { subscription: phone.subscription })).status,
    ).toBe(401);
    expect(
      (
        await call(
          'POST',
          '/api/v1/me/push-subscriptions',
          { subscription: phone.subscription },
          { cookie: cookies.receiver },
        )
      ).status,
    ).toBe(403);
    const state = () =>
      call(
        'POST',
        '/api/v1/me/push-subscriptions/state',
        { endpoint: phone.subscription.endpoint },
        { cookie: deviceCitizen },
      );
    expect((await state()).body).toEqual({ enabled: false });

    // Before: the account's verified phone is told by SMS.
    await publicEvent(followed.id, 'assigned');
    await until('the SMS', () => (smsTo(DEVICE_CITIZEN_E164, followed.code).length === 1 ? true : undefined));

    const on = await call(
      'POST',
      '/api/v1/me/push-subscriptions',
      { subscription: phone.subscription },
      { cookie: deviceCitizen },
    );
    expect(on).toMatchObject({ status: 200, body: { enabled: true } });
    expect((await state()).body).toEqual({ enabled: true });
    // Another citizen does not see it as theirs.
    expect(
      (
        await call(
          'POST',
          '/api/v1/me/push-subscriptions/state',
          { endpoint: phone.subscription.endpoint },
          { cookie: cookies.citizen },
        )
      ).body,
    ).toEqual({ enabled: false });

    await publicEvent(own.id, 'accepted');
    await publicEvent(followed.id, 'published');
    const messages = await until('two push messages', () => {
      const p = pushesTo(phone);
      return p.length === 2 ? p : undefined;
    });
    const payloads = messages.map((m) => JSON.parse(phone.decrypt(m.body)) as PushPayload);
    expect(payloads).toEqual(
      expect.arrayContaining([
        {
          code: own.code,
          kind: 'accepted',
          title: `Phản ánh ${own.code} đã được tiếp nhận`,
          body: 'Phản ánh đã được tiếp nhận và sẽ được chuyển đến cơ quan có thẩm quyền xử lý.',
          url: `${PUBLIC_URL}/#/theo-doi/${own.code}`,
        },
        expect.objectContaining({ code: followed.code, kind: 'published' }),
      ]),
    );
    await queueIdle();
    // The browser replaced the SMS.
    expect(smsTo(DEVICE_CITIZEN_E164, followed.code)).toHaveLength(1);
    expect(smsTo(DEVICE_CITIZEN_E164, own.code).map((m) => m.text)).toEqual([
      `PAKN: Hệ thống đã nhận phản ánh ${own.code}. Xem: ${PUBLIC_URL}/#/theo-doi/${own.code}`,
    ]);

    // The same browser also following the report itself is sent one message per event, not two.
    expect(
      (
        await call(
          'POST',
          `/api/v1/public/reports/${own.code}/followers`,
          { subscription: phone.subscription },
          { cookie: deviceCitizen },
        )
      ).body,
    ).toMatchObject({ following: true });
    const device = await call('POST', `/api/v1/public/reports/${own.code}/followers/device`, {
      endpoint: phone.subscription.endpoint,
    });
    expect(device.body).toEqual({ following: true, supporters: 1 });
    await publicEvent(own.id, 'assigned');
    await until('the third message', () => (pushesTo(phone).length === 3 ? true : undefined));
    await queueIdle();
    expect(pushesTo(phone)).toHaveLength(3);

    // Turned off: the SMS comes back, the browser hears only of the report it follows itself.
    const off = await call(
      'POST',
      '/api/v1/me/push-subscriptions/remove',
      { endpoint: phone.subscription.endpoint },
      { cookie: deviceCitizen },
    );
    expect(off.body).toEqual({ enabled: false });
    expect((await state()).body).toEqual({ enabled: false });
    await publicEvent(followed.id, 'reopened');
    await until('the SMS again', () =>
      smsTo(DEVICE_CITIZEN_E164, followed.code).length === 2 ? true : undefined,
    );
    await queueIdle();
    expect(pushesTo(phone)).toHaveLength(3);
    expect(push.refused).toEqual([]);
  });

  it('says whether a browser follows a report, and refuses subscriptions it must', async () => {
    const { code } = await newReport();
    const b = browser('trang-thai');
    const device = () =>
      call('POST', `/api/v1/public/reports/${code}/followers/device`, { endpoint: b.subscription.endpoint });
    expect((await device()).body).toEqual({ following: false, supporters: 1 });
    await call('POST', `/api/v1/public/reports/${code}/followers`, { subscription: b.subscription });
    expect((await device()).body).toEqual({ following: true, supporters: 2 });
    await call('POST', `/api/v1/public/reports/${code}/followers/unsubscribe`, {
      endpoint: b.subscription.endpoint,
    });
    expect((await device()).body).toEqual({ following: false, supporters: 1 });
    expect(
      (
        await call('POST', '/api/v1/public/reports/PA-2020-999999/followers/device', {
          endpoint: b.subscription.endpoint,
        })
      ).status,
    ).toBe(404);

    const bad = await call(
      'POST',
      '/api/v1/me/push-subscriptions',
      { subscription: { ...b.subscription, endpoint: 'https://10.0.0.1/push/1' } },
      { cookie: deviceCitizen },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.field)).toContain('/body/subscription/endpoint');
  });
});

describe(`a public report's place in words on ${backend}`, () => {
  it('gives the address with contacts masked and the area’s full name, only once the report is public', async () => {
    const { code } = await newReport({
      listed: false,
      address: 'Đầu ngõ 12, phố Thanh Xuân (gọi 0912 345 678)',
    });
    const detail = async () =>
      (await testApp.app.inject({ url: `/api/v1/public/reports/${code}` })).json<{
        place: { address: string | null; areaName: string | null };
        visibility: string;
      }>();
    expect((await detail()).place).toEqual({ address: null, areaName: null });
    await sql`update reports set status = 'accepted' where code = ${code}`.execute(database.db);
    const shown = await detail();
    expect(shown.visibility).toBe('public');
    expect(shown.place).toEqual({
      address: 'Đầu ngõ 12, phố Thanh Xuân (gọi [đã ẩn])',
      areaName: 'Thị trấn Chũ, huyện Lục Ngạn, tỉnh Bắc Giang',
    });
  });
});

describe('log lines', () => {
  it('never hold an address, a phone number or an endpoint of these tests', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const all = logLines.join('');
    for (const secret of secrets) expect(all, `a log line holds "${secret}"`).not.toContain(secret);
  });
});
