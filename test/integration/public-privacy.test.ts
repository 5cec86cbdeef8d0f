// No personal data in public: reporters with known names, phones and e-mails send reports (some listed,
// some not, one with its phone number typed into the text); then every public endpoint in the OpenAPI
// description is called and its responses, and every log line the app wrote, are searched for them.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import sharp from 'sharp';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import { refreshReportViews } from '../../src/modules/reports/views.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

const REPORTERS = [
  { name: 'Hoàng Thị Bích Ngọc', phone: '0912 000 111', email: 'bichngoc.hoang@example.vn' },
  { name: 'Trịnh Văn Quyết', phone: '0987 222 333', email: 'quyet.trinh@example.vn' },
  { name: 'Lò Văn Páo', phone: '0356 444 555', email: 'pao.lo@example.vn' },
];

/** Every way the secrets could appear in a response body or a log line. */
function needles(): string[] {
  const out: string[] = [];
  for (const r of REPORTERS) {
    const digits = r.phone.replace(/\D/g, '');
    out.push(r.name, r.name.toLowerCase(), r.email, r.email.split('@')[0]!);
    out.push(digits, digits.slice(1), `+84${digits.slice(1)}`, `84${digits.slice(1)}`, r.phone);
    out.push(digits.replace(/(\d{4})(\d{3})(\d{3})/, '$1.$2.$3'));
  }
  return out;
}

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
const logLines: string[] = [];
const codes: string[] = [];
let categoryId = '';
let mediaId = '';

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const vapid = webPush.generateVAPIDKeys();
  testApp = await startTestApp(database, {
    logger,
    env: { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
  });
  cookies = await cookiesForEveryRole(testApp, database);
  categoryId = (
    await sql<{ id: string }>`select id from categories where slug = 've-sinh-moi-truong-rac-thai'`.execute(
      database.db,
    )
  ).rows[0]!.id;

  // A photo on the first report, so that the media endpoint is walked too.
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
  const uploaded = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/uploads',
    headers: { 'content-type': 'image/jpeg' },
    payload: jpeg,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  mediaId = uploaded.json<{ id: string }>().id;

  for (const [i, r] of REPORTERS.entries()) {
    const res = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'idempotency-key': `privacy-test-${i}-${backend}` },
      payload: {
        categoryId,
        // The second reporter also typed their number and address into the text.
        description:
          i === 1
            ? `Rác ùn ứ đầu ngõ nhà tôi, liên hệ ${r.phone} hoặc ${r.email}.`
            : `Rác thải tập kết sai nơi quy định, số ${i}.`,
        location: { latitude: 21.2731 + i / 1000, longitude: 106.1946 },
        contact: r,
        ...(i === 0 ? { mediaIds: [mediaId] } : {}),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    codes.push(res.json<{ code: string }>().code);
  }
  // A signed-in citizen's report carries their account, whose name and contacts are personal data too.
  const own = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { cookie: cookies.citizen },
    payload: {
      categoryId,
      description: 'Cống thoát nước bị tắc.',
      location: { latitude: 21.28, longitude: 106.2 },
    },
  });
  expect(own.statusCode).toBe(201);
  codes.push(own.json<{ code: string }>().code);
  // Two listed (one answered and rated), the others still waiting or confidential.
  await sql`update reports set status = 'published', resolved_at = now(), due_at = now() + interval '1 day',
             rating = 'satisfied' where code = ${codes[0]!}`.execute(database.db);
  await sql`update reports set status = 'accepted' where code = ${codes[1]!}`.execute(database.db);
  await sql`update reports set status = 'accepted' where code = ${codes[3]!}`.execute(database.db);
  await refreshReportViews(database.db);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

interface Operation {
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: { enum?: string[] } }[];
}

/** Values to try for a parameter by its name; enums are tried value by value. */
function valuesFor(name: string, enumValues: string[] | undefined): string[] {
  if (enumValues) return enumValues;
  const fixed: Record<string, string[]> = {
    code: codes,
    bbox: ['106.0,21.1,106.4,21.4'],
    zoom: ['8', '12', '15'],
    categoryId: [categoryId],
    latitude: ['21.2731'],
    longitude: ['106.1946'],
    // Searching for a reporter's name or number must find nothing that shows it.
    q: ['rác', REPORTERS[1]!.name, REPORTERS[1]!.phone],
    description: ['rác thải'],
    groupBy: ['agency', 'area', 'category', 'month'],
    id: [mediaId],
    variant: ['large', 'thumb', 'original'],
  };
  return fixed[name] ?? [];
}

/** Every combination worth calling for one operation: each parameter's values in turn, others at their first. */
function requestsFor(path: string, op: Operation): string[] {
  const params = op.parameters ?? [];
  const base = new Map<string, string>();
  for (const p of params) {
    const first = valuesFor(p.name, p.schema?.enum)[0];
    if (first !== undefined && (p.required || p.in === 'path')) base.set(p.name, first);
  }
  const build = (values: Map<string, string>) => {
    let url = path;
    const query = new URLSearchParams();
    for (const p of params) {
      const v = values.get(p.name);
      if (v === undefined) continue;
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
      else query.set(p.name, v);
    }
    const qs = query.toString();
    return qs ? `${url}?${qs}` : url;
  };
  const urls = new Set([build(base)]);
  for (const p of params)
    for (const v of valuesFor(p.name, p.schema?.enum)) urls.add(build(new Map([...base, [p.name, v]])));
  return [...urls];
}

describe(`personal data in public on ${backend}`, () => {
  it('is in no response of any public endpoint of the OpenAPI description, nor on the home page', async () => {
    const spec = (await testApp.app.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const secrets = needles();
    const answered = new Set<string>();
    const publicGets: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(spec.paths))
      for (const [method, op] of Object.entries(methods)) {
        if (!op.tags?.includes('public') || method !== 'get') continue;
        publicGets.push(path);
        for (const url of requestsFor(path, op))
          for (const headers of [{}, { 'accept-language': 'en' }, { cookie: cookies.citizen }]) {
            const res = await testApp.app.inject({ url, headers });
            calls += 1;
            if (res.statusCode < 300) answered.add(path);
            for (const secret of secrets) expect(res.body, `${url} shows "${secret}"`).not.toContain(secret);
          }
      }
    // Every public GET was called successfully at least once (a new endpoint needs values above).
    expect(publicGets.filter((p) => !answered.has(p))).toEqual([]);
    expect(publicGets.length).toBeGreaterThanOrEqual(6);
    expect(calls).toBeGreaterThan(30);
    const home = await testApp.app.inject('/');
    for (const secret of secrets) expect(home.body).not.toContain(secret);
  });

  it('is not in what a submission answers', async () => {
    const res = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: {
        categoryId,
        description: 'Đèn chiếu sáng ngõ tắt.',
        location: { latitude: 21.27, longitude: 106.19 },
        contact: REPORTERS[2],
      },
    });
    expect(res.statusCode).toBe(201);
    for (const secret of needles()) expect(res.body).not.toContain(secret);
  });

  it('is in no log line the app wrote', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const all = logLines.join('');
    for (const secret of needles()) expect(all, `a log line holds "${secret}"`).not.toContain(secret);
  });

  it('is shown to a receiver who gives a reason, and the view is audited; a handler is refused', async () => {
    const id = (
      await sql<{ id: string }>`select id from reports where code = ${codes[0]!}`.execute(database.db)
    ).rows[0]!.id;
    const refused = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/reporter`,
      headers: { cookie: cookies.handler },
      payload: { reason: 'Cần liên hệ xác minh hiện trường' },
    });
    expect(refused.statusCode).toBe(403);
    const noReason = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/reporter`,
      headers: { cookie: cookies.receiver },
      payload: { reason: 'x' },
    });
    expect(noReason.statusCode).toBe(400);
    const shown = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/reporter`,
      headers: { cookie: cookies.receiver },
      payload: { reason: 'Cần liên hệ xác minh hiện trường' },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ name: REPORTERS[0]!.name, phone: '+84912000111' });
    const audit = await sql<{
      action: string;
      detail: { reason: string };
    }>`select action, detail from audit_log
        where subject_id = ${id} and action = 'report.identity_viewed'`.execute(database.db);
    expect(audit.rows).toEqual([
      { action: 'report.identity_viewed', detail: { reason: 'Cần liên hệ xác minh hiện trường' } },
    ]);
    // The officer's view of the report itself has no identity.
    const view = await testApp.app.inject({
      url: `/api/v1/reports/${id}`,
      headers: { cookie: cookies.receiver },
    });
    expect(view.statusCode).toBe(200);
    expect(view.body).not.toContain(REPORTERS[0]!.name);
    expect(view.json()).toMatchObject({ hasReporterIdentity: true });
  });
});
