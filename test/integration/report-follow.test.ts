// Following a report and hearing about it: a signed-in citizen (e-mail through a real SMTP server, or SMS)
// and a browser with a Web Push subscription (a real push service on 127.0.0.1 that checks the VAPID
// signature; the test decrypts each message as the browser would). Supporters under the row lock, idempotent
// follows and fan-outs, a subscription gone (410), who may follow what, and no personal data in any reply.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_JOB } from '../../src/modules/reports/notify.js';
import { resolveVapidKeys, type PushPayload, type VapidKeys } from '../../src/modules/reports/push.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';
import { newBrowser, startPushService, type Browser, type PushService } from '../support/push-service.js';
import { startSmtpServer } from '../support/smtp.js';

const PUBLIC_URL = 'https://phananh.bacgiang.example';
/** The signed-in citizen of cookiesForEveryRole, given a verified e-mail here. */
const CITIZEN_PHONE = '+84988111222';
const CITIZEN_EMAIL = 'tran.van.binh@pakn.test';
/** A second citizen with only a verified phone: told by SMS. */
const SMS_CITIZEN_PHONE = '0977333444';
const SMS_CITIZEN_E164 = '+84977333444';
const REPORTER_EMAIL = 'nguyen.thi.lan@pakn.test';

let database: Database;
let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let push: PushService;
let vapid: VapidKeys;
let cookies: Record<Role, string>;
let smsCitizen: string;
let categoryId: string;
let areaId: string;
/** Personal data no reply may contain: contacts and subscription endpoints. */
const secrets = new Set<string>([CITIZEN_EMAIL, CITIZEN_PHONE, SMS_CITIZEN_E164, REPORTER_EMAIL]);

/** The test app with a real SMTP server and VAPID keys (which give the push job and the push key route). */
function startApp(): Promise<TestApp> {
  return startTestApp(database, {
    smtpUrl: smtp.url,
    env: {
      PUBLIC_URL,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: vapid.subject,
    },
  });
}

/** A citizen signed in by SMS code (the code is read from the development SMS provider). */
async function citizenByPhone(phone: string, e164: string): Promise<string> {
  await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/auth/code',
    payload: { phone },
    remoteAddress: '10.9.2.1',
  });
  const code = await until('sign-in code', () => {
    const m = testApp.sms.messages().find((x) => x.to === e164);
    return m ? /\b(\d{6})\b/.exec(m.text)?.[1] : undefined;
  });
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/auth/code/verify',
    payload: { phone, code, acceptPrivacyVersion: '2026-11' },
  });
  const cookie = res.cookies.find((c) => c.name === 'pakn_session');
  if (!cookie) throw new Error('no session cookie');
  return `pakn_session=${cookie.value}`;
}

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
  testApp = await startApp();
  cookies = await cookiesForEveryRole(testApp, database);
  await sql`update accounts set email = ${CITIZEN_EMAIL}, email_verified_at = now()
             where phone = ${CITIZEN_PHONE}`.execute(database.db);
  smsCitizen = await citizenByPhone(SMS_CITIZEN_PHONE, SMS_CITIZEN_E164);
});
afterAll(async () => {
  // Receipts of the last reports may still be on their way: let them finish before the database closes.
  await queueIdle();
  await testApp.close();
  await push.close();
  await smtp.close();
  await database.close();
});

/** Polls `probe` until it gives a value; fails after `ms`. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface FollowReply {
  following: boolean;
  supporters: number;
  error: { code: string; messages: { vi: string; en: string }; details?: { field: string }[] };
}

/** Every request of these tests; no reply may carry a contact, an endpoint or a key that is not public. */
async function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, cookie?: string) {
  const res = await testApp.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload } : {}),
    ...(cookie !== undefined ? { headers: { cookie } } : {}),
  });
  for (const secret of secrets) expect(res.body).not.toContain(secret);
  return { status: res.statusCode, body: res.json<FollowReply>(), headers: res.headers };
}

const follow = (code: string, body: object, cookie?: string) =>
  call('POST', `/api/v1/public/reports/${code}/followers`, body, cookie);

function browser(name: string): Browser {
  const b = newBrowser(push.endpointFor(`${name}-${Math.random().toString(36).slice(2, 8)}`));
  secrets.add(b.subscription.endpoint);
  return b;
}

/** A report sent anonymously with a contact e-mail; `listed` makes it accepted (public). */
async function newReport(options: { listed?: boolean; confidential?: boolean; cookie?: string } = {}) {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    payload: {
      categoryId,
      description: 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.',
      location: { areaId },
      ...(options.cookie ? {} : { contact: { email: REPORTER_EMAIL } }),
      ...(options.confidential ? { confidential: true } : {}),
    },
    ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
  });
  expect(res.statusCode).toBe(201);
  const { id, code } = res.json<{ id: string; code: string }>();
  if (options.listed ?? true)
    await sql`update reports set status = 'accepted' where id = ${id}`.execute(database.db);
  return { id, code };
}

/** A public timeline event, and its fan-out enqueued the way a workflow change does. */
async function publicEvent(reportId: string, kind: string): Promise<string> {
  const row = await sql<{ id: string }>`insert into report_events (report_id, kind, public)
      values (${reportId}, ${kind}, true) returning id`.execute(database.db);
  const eventId = row.rows[0]!.id;
  await testApp.jobs.enqueue(NOTIFY_JOB, { reportId, eventId }, { key: `event:${eventId}` });
  return eventId;
}

const MESSAGE_JOBS = ['mail.send', 'sms.send', 'push.send'];

/** Message jobs ever enqueued (any state): a retried fan-out must not add any. */
async function messageJobCount(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name in (${sql.join(MESSAGE_JOBS)})`.execute(database.db);
  return r.rows[0]!.n;
}

/** Waits until no fan-out or message job is waiting or running. */
async function queueIdle(): Promise<void> {
  await until('the queue to be idle', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where name in (${sql.join([...MESSAGE_JOBS, NOTIFY_JOB])}) and state in ('created', 'retry', 'active')`.execute(
      database.db,
    );
    return r.rows[0]!.n === 0 ? true : undefined;
  });
}

const mailsTo = (address: string, code: string) =>
  smtp.received.filter((m) => m.to.includes(address) && m.body.includes(code));
const pushesTo = (b: Browser) =>
  push.received.filter((p) => b.subscription.endpoint.endsWith(`/push/${p.id}`));
const smsTo = (e164: string, code: string) =>
  testApp.sms.messages().filter((m) => m.to === e164 && m.text.includes(code));

async function supportersOf(code: string): Promise<number> {
  const r = await sql<{ supporters: number }>`select supporters from reports where code = ${code}`.execute(
    database.db,
  );
  return r.rows[0]!.supporters;
}

describe(`following a report on ${backend}`, () => {
  it('gives browsers the VAPID public key', async () => {
    const res = await call('GET', '/api/v1/public/push/key');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ publicKey: vapid.publicKey });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('follows with an account and a browser, idempotently, and counts supporters 1 → 2 → 3 → 4', async () => {
    const { code } = await newReport();
    expect(await supportersOf(code)).toBe(1);
    const b = browser('theo-doi');

    const byAccount = await follow(code, {}, cookies.citizen);
    expect(byAccount).toMatchObject({ status: 200, body: { following: true, supporters: 2 } });
    expect((await follow(code, {}, cookies.citizen)).body).toEqual({ following: true, supporters: 2 });
    const byBrowser = await follow(code.toLowerCase(), { subscription: b.subscription });
    expect(byBrowser).toMatchObject({ status: 200, body: { following: true, supporters: 3 } });
    expect((await follow(code, { subscription: b.subscription })).body).toEqual({
      following: true,
      supporters: 3,
    });
    expect((await follow(code, {}, smsCitizen)).body).toEqual({ following: true, supporters: 4 });
    expect(await supportersOf(code)).toBe(4);
    expect(
      (await call('GET', `/api/v1/public/reports/${code}/followers/me`, undefined, cookies.citizen)).body,
    ).toEqual({ following: true, supporters: 4 });
    // The public page shows the same count.
    const page = await testApp.app.inject({ method: 'GET', url: `/api/v1/public/reports/${code}` });
    expect(page.json<{ supporters: number }>().supporters).toBe(4);
  });

  it('tells each follower once, on their channel, through the job queue; a retried fan-out sends nothing twice', async () => {
    const { id, code } = await newReport();
    const b = browser('thong-bao');
    expect((await follow(code, {}, cookies.citizen)).status).toBe(200);
    expect((await follow(code, {}, smsCitizen)).status).toBe(200);
    expect((await follow(code, { subscription: b.subscription })).status).toBe(200);
    // The receipt (sent at submission) is the reporter's alone.
    await until('the receipt', () => (mailsTo(REPORTER_EMAIL, code).length === 1 ? true : undefined));

    const eventId = await publicEvent(id, 'accepted');
    const [mail] = await until('the follower’s e-mail', () => {
      const m = mailsTo(CITIZEN_EMAIL, code);
      return m.length > 0 ? m : undefined;
    });
    expect(mail!.subject).toBe(`Phản ánh ${code} đã được tiếp nhận`);
    expect(mail!.body).toContain(`Mã phản ánh: ${code}`);
    expect(mail!.body).toContain(`${PUBLIC_URL}/#/theo-doi/${code}`);
    expect(mail!.body).toContain('đã đăng ký theo dõi');
    expect(mail!.body).not.toContain(REPORTER_EMAIL);

    const [message] = await until('the push message', () => {
      const p = pushesTo(b);
      return p.length > 0 ? p : undefined;
    });
    expect(message!.status).toBe(201);
    expect(message!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(message!.headers.ttl)).toBeGreaterThan(0);
    expect(message!.vapidKey).toBe(vapid.publicKey);
    expect(message!.claims).toMatchObject({ aud: push.origin, sub: vapid.subject });
    const payload = JSON.parse(b.decrypt(message!.body)) as PushPayload;
    expect(payload).toEqual({
      code,
      kind: 'accepted',
      title: `Phản ánh ${code} đã được tiếp nhận`,
      body: 'Phản ánh đã được tiếp nhận và sẽ được chuyển đến cơ quan có thẩm quyền xử lý.',
      url: `${PUBLIC_URL}/#/theo-doi/${code}`,
    });
    // Another browser's keys cannot read it.
    expect(() => browser('khac').decrypt(message!.body)).toThrow();

    const [text] = await until('the SMS', () => {
      const s = smsTo(SMS_CITIZEN_E164, code);
      return s.length > 0 ? s : undefined;
    });
    expect(text!.text).toBe(
      `PAKN: Phản ánh ${code} đã được tiếp nhận. Xem: ${PUBLIC_URL}/#/theo-doi/${code}`,
    );
    await until('the reporter’s e-mail', () =>
      mailsTo(REPORTER_EMAIL, code).length === 2 ? true : undefined,
    );
    await queueIdle();

    // The fan-out runs again, as pg-boss retries it after a crash: every message job collides with its key.
    const before = await messageJobCount();
    const retry = await testApp.jobs.enqueue(
      NOTIFY_JOB,
      { reportId: id, eventId },
      { key: `retry:${eventId}` },
    );
    await until('the retried fan-out', async () =>
      (await testApp.jobs.getJob(NOTIFY_JOB, retry!))?.state === 'completed' ? true : undefined,
    );
    await queueIdle();
    expect(await messageJobCount()).toBe(before);
    // A receipt-only event for the same report: again only the reporter hears of it.
    await publicEvent(id, 'submitted');
    await until('the second receipt', () => (mailsTo(REPORTER_EMAIL, code).length === 3 ? true : undefined));
    await queueIdle();

    expect(mailsTo(CITIZEN_EMAIL, code)).toHaveLength(1);
    expect(pushesTo(b)).toHaveLength(1);
    expect(smsTo(SMS_CITIZEN_E164, code)).toHaveLength(1);
    expect(mailsTo(REPORTER_EMAIL, code).map((m) => m.subject)).toEqual([
      `Hệ thống đã nhận phản ánh ${code}`,
      `Phản ánh ${code} đã được tiếp nhận`,
      `Hệ thống đã nhận phản ánh ${code}`,
    ]);
    expect(push.refused).toEqual([]);
  });

  it('marks a subscription gone when the push service answers 410, and sends it nothing more', async () => {
    const { id, code } = await newReport();
    const gone = browser('da-huy');
    const alive = browser('con-dung');
    push.answer.set(gone.subscription.endpoint.split('/').pop()!, 410);
    await follow(code, { subscription: gone.subscription });
    await follow(code, { subscription: alive.subscription });

    await publicEvent(id, 'assigned');
    await until('the subscription to be marked gone', async () => {
      const r = await sql<{ gone_at: Date | null }>`select gone_at from push_subscriptions
          where endpoint = ${gone.subscription.endpoint}`.execute(database.db);
      return r.rows[0]?.gone_at ? true : undefined;
    });
    await until('the live browser’s message', () => (pushesTo(alive).length === 1 ? true : undefined));

    await publicEvent(id, 'published');
    const latest = await until('the second message', () => pushesTo(alive)[1]);
    expect(JSON.parse(alive.decrypt(latest.body))).toMatchObject({
      kind: 'published',
      title: `Phản ánh ${code} đã có kết quả xử lý`,
    });
    await queueIdle();
    // One attempt, answered 410, and nothing after it.
    expect(pushesTo(gone).map((p) => p.status)).toEqual([410]);
    const failed = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where name = 'push.send' and state = 'failed'`.execute(database.db);
    expect(failed.rows[0]!.n).toBe(0);
    // It still counts: the person was affected. Subscribing again revives it.
    expect(await supportersOf(code)).toBe(3);
    await follow(code, { subscription: gone.subscription });
    const revived = await sql<{ gone_at: Date | null }>`select gone_at from push_subscriptions
        where endpoint = ${gone.subscription.endpoint}`.execute(database.db);
    expect(revived.rows[0]!.gone_at).toBeNull();
  });

  it('unfollows with the account and by subscription endpoint, back to the reporter alone', async () => {
    const { code } = await newReport();
    const b = browser('bo-theo-doi');
    await follow(code, {}, cookies.citizen);
    await follow(code, { subscription: b.subscription });
    expect(await supportersOf(code)).toBe(3);

    const byAccount = await call(
      'DELETE',
      `/api/v1/public/reports/${code}/followers/me`,
      undefined,
      cookies.citizen,
    );
    expect(byAccount).toMatchObject({ status: 200, body: { following: false, supporters: 2 } });
    expect(
      (await call('DELETE', `/api/v1/public/reports/${code}/followers/me`, undefined, cookies.citizen)).body,
    ).toEqual({ following: false, supporters: 2 });
    const unsubscribe = (endpoint: string) =>
      call('POST', `/api/v1/public/reports/${code}/followers/unsubscribe`, { endpoint });
    expect((await unsubscribe(b.subscription.endpoint)).body).toEqual({ following: false, supporters: 1 });
    expect((await unsubscribe(b.subscription.endpoint)).body).toEqual({ following: false, supporters: 1 });
    // An endpoint that never followed gets the same answer: nothing is revealed.
    expect((await unsubscribe(push.endpointFor('khong-ton-tai'))).body).toEqual({
      following: false,
      supporters: 1,
    });
    expect(await supportersOf(code)).toBe(1);
    expect(
      (await call('GET', `/api/v1/public/reports/${code}/followers/me`, undefined, cookies.citizen)).body,
    ).toEqual({ following: false, supporters: 1 });
  });

  it('counts every one of many simultaneous follows exactly once', async () => {
    const { code } = await newReport();
    const browsers = Array.from({ length: 12 }, (_, i) => browser(`cung-luc-${i}`));
    // Each browser twice, all at once: 12 new followers, whatever the interleaving.
    const replies = await Promise.all(
      [...browsers, ...browsers].map((b) => follow(code, { subscription: b.subscription })),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(await supportersOf(code)).toBe(13);
    const rows = await sql<{ n: number }>`select count(*)::int as n from report_followers f
        join reports r on r.id = f.report_id where r.code = ${code}`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(13);
  });

  it('refuses what it must, with the error shape: unknown code, no account or subscription, officers, bad subscriptions', async () => {
    const { code } = await newReport();
    const unknown = await follow('PA-2020-999999', {}, cookies.citizen);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect(
      (await call('POST', '/api/v1/public/reports/PA-2020-999999/followers/unsubscribe', { endpoint: 'x' }))
        .status,
    ).toBe(404);

    const anonymous = await follow(code, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
    expect((await call('DELETE', `/api/v1/public/reports/${code}/followers/me`)).status).toBe(401);
    const officer = await follow(code, {}, cookies.receiver);
    expect(officer.status).toBe(403);
    expect(officer.body.error.code).toBe('forbidden');

    const good = browser('kiem-tra').subscription;
    const bad = async (subscription: object, field: string) => {
      const res = await follow(code, { subscription });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details?.map((d) => d.field)).toContain(field);
    };
    await bad({ ...good, endpoint: 'http://push.example.com/push/1' }, '/body/subscription/endpoint');
    await bad({ ...good, endpoint: 'https://10.0.0.1/push/1' }, '/body/subscription/endpoint');
    await bad(
      { ...good, endpoint: 'https://user:pw@fcm.googleapis.com/fcm/send/1' },
      '/body/subscription/endpoint',
    );
    await bad(
      { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(1) } },
      '/body/subscription/keys/p256dh',
    );
    // The right length, but not a point on the curve.
    await bad(
      { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } },
      '/body/subscription/keys/p256dh',
    );
    await bad({ ...good, keys: { ...good.keys, auth: 'c2hvcnQ' } }, '/body/subscription/keys/auth');
    await bad({ endpoint: good.endpoint }, '/body/subscription/keys');
    const extra = await follow(code, { subscription: good, email: CITIZEN_EMAIL });
    expect(extra.status).toBe(400);
    // A known push service is accepted (nothing is sent until an event).
    const fcm = { ...good, endpoint: `https://fcm.googleapis.com/fcm/send/${'a'.repeat(20)}` };
    secrets.add(fcm.endpoint);
    expect((await follow(code, { subscription: fcm })).status).toBe(200);
    expect(await supportersOf(code)).toBe(2);
  });

  it('lets only its reporter follow a report that is not public; a just-submitted public one is open', async () => {
    const confidential = await newReport({ confidential: true });
    const denied = await follow(confidential.code, {}, smsCitizen);
    expect(denied.status).toBe(403);
    expect(denied.body.error.details?.[0]?.field).toBe('/params/code');
    expect((await follow(confidential.code, { subscription: browser('bi-mat').subscription })).status).toBe(
      403,
    );

    // The citizen's own confidential report: they follow it already, as its reporter.
    const own = await newReport({ confidential: true, cookie: cookies.citizen });
    expect((await follow(own.code, {}, cookies.citizen)).body).toEqual({ following: true, supporters: 1 });
    expect(
      (await follow(own.code, { subscription: browser('cua-toi').subscription }, cookies.citizen)).body,
    ).toEqual({ following: true, supporters: 1 });
    const leave = await call(
      'DELETE',
      `/api/v1/public/reports/${own.code}/followers/me`,
      undefined,
      cookies.citizen,
    );
    expect(leave.status).toBe(409);
    expect(leave.body.error.code).toBe('conflict');
    expect(await supportersOf(own.code)).toBe(1);

    const waiting = await newReport({ listed: false });
    expect((await follow(waiting.code, {}, smsCitizen)).body).toEqual({ following: true, supporters: 2 });
    await sql`update reports set status = 'rejected' where code = ${waiting.code}`.execute(database.db);
    expect((await follow(waiting.code, {}, cookies.citizen)).status).toBe(403);
  });
});

describe('VAPID keys', () => {
  it('are generated once outside production and kept in DATA_DIR/vapid.json (0600); configured keys win', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-vapid-'));
    try {
      const subject = 'mailto:vanhanh@pakn.test';
      const dev = {
        dataDir: path.join(dataDir, 'data'),
        nodeEnv: 'development' as const,
        keys: undefined,
        subject,
      };
      const [first, concurrent] = await Promise.all([resolveVapidKeys(dev), resolveVapidKeys(dev)]);
      expect(first?.publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
      expect(concurrent).toEqual(first);
      expect(await resolveVapidKeys(dev)).toEqual(first);
      const file = path.join(dev.dataDir, 'vapid.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dev.dataDir)).toEqual(['vapid.json']);

      const configured = webPush.generateVAPIDKeys();
      expect(await resolveVapidKeys({ ...dev, keys: configured })).toEqual({ ...configured, subject });
      // Production never generates: keys must be the same in every process.
      expect(await resolveVapidKeys({ ...dev, nodeEnv: 'production' })).toBeUndefined();
      fs.writeFileSync(file, '{"publicKey":"nope"}');
      await expect(resolveVapidKeys(dev)).rejects.toThrow(/does not hold a VAPID key pair/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
