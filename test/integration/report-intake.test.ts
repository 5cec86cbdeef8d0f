// Sending a report: validation against the category, the place (inside the province, which commune),
// routing by the jurisdiction rules for every demo category × area, idempotency under concurrent retries,
// and what the reporter gets back.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeReport } from '../../src/modules/org/jurisdiction.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
const ids = new Map<string, string>();

const idOf = (table: 'areas' | 'agencies' | 'categories', slug: string): string => {
  const id = ids.get(`${table}:${slug}`);
  if (!id) throw new Error(`no ${table} ${slug}`);
  return id;
};

/** A square of ±0.2° around a point, as a GeoJSON polygon (counter-clockwise). */
const square = (lat: number, lon: number, d = 0.2) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['areas', 'agencies', 'categories'] as const) {
    const rows = await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(
      database.db,
    );
    for (const r of rows.rows) ids.set(`${table}:${r.slug}`, r.id);
  }
  // Geometry owned by this test, independent of the demo's boundary file: the province is a 1.2° × 0.8°
  // box, Lục Ngạn a smaller box in it, and its commune Chũ known only by its centre.
  await sql`update areas set boundary = null, center_lat = null, center_lon = null`.execute(database.db);
  await sql`update areas set boundary = ${JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [105.8, 21.0],
        [107.0, 21.0],
        [107.0, 21.8],
        [105.8, 21.8],
        [105.8, 21.0],
      ],
    ],
  })}::jsonb where slug = 'bac-giang'`.execute(database.db);
  await sql`update areas set boundary = ${JSON.stringify(square(21.4, 106.6))}::jsonb where slug = 'bac-giang.luc-ngan'`.execute(
    database.db,
  );
  await sql`update areas set center_lat = 21.37, center_lon = 106.58 where slug = 'bac-giang.luc-ngan.chu'`.execute(
    database.db,
  );
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

/** The fields of the replies these tests read. */
interface Reply {
  id: string;
  code: string;
  status: string;
  trackUrl: string;
  error: {
    code: string;
    messages: { vi: string; en: string };
    details: { field: string; messages?: { vi: string; en: string } }[];
  };
}
const json = (res: { json: () => unknown }) => res.json() as Reply;

const submit = (payload: object, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload, headers });

/** A valid report in "Môi trường" (no photo rule, no questions) at a commune. */
const basic = (extra: object = {}) => ({
  categoryId: idOf('categories', 've-sinh-moi-truong-rac-thai'),
  description: 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.',
  location: { areaId: idOf('areas', 'bac-giang.luc-ngan.chu'), address: 'Đầu ngõ 12, phố Thanh Xuân' },
  ...extra,
});

describe(`submitting a report on ${backend}`, () => {
  it('answers 201 with a tracking code, records the report, its timeline and the routing suggestion', async () => {
    const res = await submit(basic({ contact: { name: 'Nguyễn Thị Lan', phone: '0912 345 678' } }));
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body.code).toMatch(/^PA-\d{4}-\d{6}$/);
    expect(body.status).toBe('submitted');
    expect(body.trackUrl).toContain(body.code);
    const row = (
      await sql<Record<string, unknown>>`select * from reports where id = ${body.id}`.execute(database.db)
    ).rows[0]!;
    expect(row).toMatchObject({
      channel: 'web',
      report_type: 'field',
      priority: 'normal',
      status: 'submitted',
      listed: false,
      area_id: idOf('areas', 'bac-giang.luc-ngan.chu'),
    });
    expect(row.intake_due_at).not.toBeNull();
    // The suggestion is the province-wide rule for the environment, not the catch-all.
    const expected = expectedAgency('ve-sinh-moi-truong-rac-thai', 'bac-giang.luc-ngan.chu');
    expect(row.suggested_agency_id).toBe(idOf('agencies', expected));
    const reporter = await sql`select name, phone from report_reporters where report_id = ${body.id}`.execute(
      database.db,
    );
    expect(reporter.rows).toEqual([{ name: 'Nguyễn Thị Lan', phone: '+84912345678' }]);
    const events = await sql`select kind, public from report_events where report_id = ${body.id}`.execute(
      database.db,
    );
    expect(events.rows).toEqual([{ kind: 'submitted', public: true }]);
  });

  it('masks phone numbers and e-mail addresses in the public text and keeps the original for officers', async () => {
    const res = await submit(
      basic({ description: 'Liên hệ tôi qua 0987.654.321 hoặc lan.nguyen@example.com khi xử lý xong.' }),
    );
    expect(res.statusCode).toBe(201);
    const row = (
      await sql<{ description: string; public_description: string }>`select description, public_description
        from reports where id = ${json(res).id}`.execute(database.db)
    ).rows[0]!;
    expect(row.description).toContain('0987.654.321');
    expect(row.public_description).not.toContain('654');
    expect(row.public_description).not.toContain('lan.nguyen');
    expect(row.public_description).toContain('[đã ẩn]');
  });

  it('refuses a point outside the province with a clear message, in Vietnamese and English', async () => {
    const res = await submit(basic({ location: { latitude: 21.0285, longitude: 105.6542 } }));
    expect(res.statusCode).toBe(422);
    const error = json(res).error;
    expect(error.code).toBe('outside_province');
    expect(error.messages.vi).toContain('ngoài địa bàn tỉnh');
    expect(error.messages.en).toContain('outside the province');
  });

  it('finds the commune of a point: by the boundary, then the nearest commune centre inside it', async () => {
    const inDistrict = await submit(basic({ location: { latitude: 21.36, longitude: 106.57 } }));
    expect(inDistrict.statusCode).toBe(201);
    const chu = await sql<{
      area_id: string;
      route: { locatedBy: string };
    }>`select area_id, route from reports
        where id = ${json(inDistrict).id}`.execute(database.db);
    expect(chu.rows[0]).toMatchObject({
      area_id: idOf('areas', 'bac-giang.luc-ngan.chu'),
      route: { locatedBy: 'nearest_centre' },
    });
    // Inside the province but outside every district outline: the province itself.
    const elsewhere = await submit(basic({ location: { latitude: 21.05, longitude: 105.9 } }));
    expect(elsewhere.statusCode).toBe(201);
    const row = await sql<{
      area_id: string;
    }>`select area_id from reports where id = ${json(elsewhere).id}`.execute(database.db);
    expect(row.rows[0]?.area_id).toBe(idOf('areas', 'bac-giang'));
  });

  it('lists every problem at once, field by field', async () => {
    const res = await submit({
      categoryId: idOf('categories', 'giao-thong-ha-tang.den-tin-hieu'),
      description: '   ',
      location: {},
      answers: { colour: 'red' },
      contact: { phone: '12345', email: 'not-an-address' },
    });
    expect(res.statusCode).toBe(422);
    const error = json(res).error;
    expect(error.code).toBe('report_invalid');
    const fields = error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(
      [
        '/body/answers/colour',
        '/body/answers/fault',
        '/body/contact/email',
        '/body/contact/phone',
        '/body/description',
        '/body/location',
        '/body/mediaIds',
      ].sort(),
    );
    expect(error.details.find((d) => d.field === '/body/answers/fault')!.messages!.vi).toContain(
      'Vui lòng trả lời',
    );
  });

  it('requires a photo where the category says so, on the web and the app', async () => {
    const res = await submit(basic({ categoryId: idOf('categories', 'trat-tu-do-thi') }));
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0]!.field).toBe('/body/mediaIds');
  });

  it('refuses unknown categories, schema violations and a description over 4,000 characters with 4xx', async () => {
    expect((await submit(basic({ categoryId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(
      422,
    );
    expect((await submit(basic({ description: 'x'.repeat(4001) }))).statusCode).toBe(400);
    expect((await submit(basic({ location: { latitude: 91, longitude: 106 } }))).statusCode).toBe(400);
    expect((await submit(basic({ unexpected: true }))).statusCode).toBe(400);
    expect((await submit(basic({ mediaIds: ['00000000-0000-4000-8000-000000000000'] }))).statusCode).toBe(
      422,
    );
  });
});

describe(`idempotent submission on ${backend}`, () => {
  it('turns 20 concurrent retries of one key into one report, all with the same answer', async () => {
    const key = `test-${crypto.randomUUID()}`;
    const payload = basic({ description: `Đèn đường hỏng ${key}` });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => submit(payload, { 'idempotency-key': key })),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const codes = new Set(replies.map((r) => json(r).code));
    expect(codes.size).toBe(1);
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from reports where description = ${payload.description}`.execute(
      database.db,
    );
    expect(count.rows[0]?.n).toBe(1);
    expect(replies.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
  });

  it('refuses the same key with another body, and keys differ per account', async () => {
    const key = `test-${crypto.randomUUID()}`;
    expect((await submit(basic(), { 'idempotency-key': key })).statusCode).toBe(201);
    const other = await submit(basic({ description: 'Một nội dung khác hẳn.' }), { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(json(other).error.code).toBe('idempotency_key_reused');
    // The same key from a signed-in citizen is another scope: a new report.
    const citizen = await submit(basic(), { 'idempotency-key': key, cookie: cookies.citizen });
    expect(citizen.statusCode).toBe(201);
  });

  it('writes concurrent submissions together, and a bad one or a reused key fails alone', async () => {
    const run = crypto.randomUUID();
    const good = Array.from({ length: 36 }, (_, i) => ({
      payload: basic({
        description: `Ổ gà số ${i} trên đường tỉnh ${run}`,
        ...(i % 3 === 0
          ? { contact: { name: `Người gửi ${i}`, phone: `09123456${String(i).padStart(2, '0')}` } }
          : {}),
      }),
      key: `batch-${run}-${i}`,
    }));
    const sharedKey = `batch-${run}-shared`;
    const replies = await Promise.all([
      ...good.map((g) => submit(g.payload, { 'idempotency-key': g.key })),
      // A photo that was never uploaded: this report is refused, the others in its batch are written.
      submit(basic({ description: `Ảnh lạ ${run}`, mediaIds: [crypto.randomUUID()] }), {
        'idempotency-key': `batch-${run}-bad`,
      }),
      // One key, two different bodies at the same time: one is written, the other refused.
      submit(basic({ description: `Khóa chung A ${run}` }), { 'idempotency-key': sharedKey }),
      submit(basic({ description: `Khóa chung B ${run}` }), { 'idempotency-key': sharedKey }),
    ]);
    const goodReplies = replies.slice(0, good.length);
    expect(goodReplies.map((r) => r.statusCode)).toEqual(Array(good.length).fill(201));
    expect(new Set(goodReplies.map((r) => json(r).code)).size).toBe(good.length);
    const [bad, shareA, shareB] = replies.slice(good.length);
    expect(bad?.statusCode).toBe(422);
    expect(json(bad as never).error.details[0]?.field).toBe('/body/mediaIds');
    expect([shareA?.statusCode, shareB?.statusCode].sort()).toEqual([201, 422]);

    const written = await sql<{ code: string; tx: string; events: number; reporters: number; jobs: number }>`
      select r.code, r.xmin::text as tx,
             (select count(*)::int from report_events e where e.report_id = r.id and e.kind = 'submitted') as events,
             (select count(*)::int from report_reporters p where p.report_id = r.id) as reporters,
             (select count(*)::int from pgboss.job j where j.name = 'reports.notify' and j.data->>'reportId' = r.id::text) as jobs
        from reports r where r.description like ${`%${run}`}`.execute(database.db);
    // Every acknowledged report exists once, with its first event, its receipt job and (when given) its reporter.
    expect(written.rows.map((r) => r.code).sort()).toEqual(
      [...goodReplies, shareA?.statusCode === 201 ? shareA : shareB].map((r) => json(r as never).code).sort(),
    );
    expect(written.rows.every((r) => r.events === 1 && r.jobs === 1)).toBe(true);
    expect(written.rows.filter((r) => r.reporters === 1)).toHaveLength(12);
    // Group commit happened on the server: several reports share one transaction. (Embedded PGlite runs each
    // query to its end inside the event loop's current turn, so requests never wait together there.)
    if (backend === 'postgres')
      expect(new Set(written.rows.map((r) => r.tx)).size).toBeLessThan(written.rows.length);
    // The winner of the shared key keeps its answer on a retry.
    const winner = shareA?.statusCode === 201 ? 'A' : 'B';
    const retry = await submit(basic({ description: `Khóa chung ${winner} ${run}` }), {
      'idempotency-key': sharedKey,
    });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses a malformed key', async () => {
    const res = await submit(basic(), { 'idempotency-key': 'short' });
    expect(res.statusCode).toBe(400);
  });
});

interface RuleRecord {
  agency: string;
  category: string | null;
  area: string;
  includeSubareas: boolean;
  priority: number;
  validFrom: string;
  validTo: string | null;
}
const rules = JSON.parse(
  fs.readFileSync(path.join(DEMO_DATA_DIR, 'jurisdictions.json'), 'utf8'),
) as RuleRecord[];
const areaSlugs = (
  JSON.parse(fs.readFileSync(path.join(DEMO_DATA_DIR, 'areas.json'), 'utf8')) as { slug: string }[]
).map((a) => a.slug);
const categorySlugs = (
  JSON.parse(fs.readFileSync(path.join(DEMO_DATA_DIR, 'categories.json'), 'utf8')) as { slug: string }[]
).map((c) => c.slug);

/**
 * The test's own reading of the demo rules, from the files alone: slugs spell the trees (a.b is inside a),
 * so a rule applies to an area when its area is the same slug or (with includeSubareas) a prefix; the most
 * specific category wins, then the deepest area, then the priority.
 */
function expectedAgency(category: string, area: string): string {
  const depth = (slug: string) => slug.split('.').length;
  const candidates = rules
    .filter((r) => r.validTo === null)
    .filter((r) => r.area === area || (r.includeSubareas && area.startsWith(`${r.area}.`)))
    .filter((r) => r.category === null || r.category === category || category.startsWith(`${r.category}.`))
    .sort(
      (a, b) =>
        (b.category ? depth(b.category) : 0) - (a.category ? depth(a.category) : 0) ||
        depth(b.area) - depth(a.area) ||
        b.priority - a.priority,
    );
  const first = candidates[0];
  if (!first) throw new Error(`no rule for ${category} in ${area}`);
  return first.agency;
}

describe(`routing on ${backend}`, () => {
  it('picks the agency the demo rules name, for every demo category × area pair', async () => {
    const on = new Date('2024-06-03T03:00:00Z');
    let checked = 0;
    for (const category of categorySlugs)
      for (const area of areaSlugs) {
        const route = await routeReport(database.db, {
          categoryId: idOf('categories', category),
          areaId: idOf('areas', area),
          on,
        });
        expect({ category, area, agency: route?.agencySlug }).toEqual({
          category,
          area,
          agency: expectedAgency(category, area),
        });
        checked += 1;
      }
    expect(checked).toBe(categorySlugs.length * areaSlugs.length);
  });

  it('records the suggestion on submitted reports, including a commune-level rule', async () => {
    const area = 'bac-giang.tp-bac-giang.tran-phu';
    const res = await submit(
      basic({
        categoryId: idOf('categories', 'trat-tu-do-thi'),
        location: { areaId: idOf('areas', area) },
        channel: 'app',
        mediaIds: [],
      }),
    );
    // Urban order needs a photo on the app: refused; the same through the hotline entry is accepted.
    expect(res.statusCode).toBe(422);
    const hotline = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/reports/hotline',
      headers: { cookie: cookies.receiver },
      payload: basic({
        categoryId: idOf('categories', 'trat-tu-do-thi'),
        location: { areaId: idOf('areas', area) },
      }),
    });
    expect(hotline.statusCode).toBe(201);
    const row = await sql<{
      suggested_agency_id: string;
      channel: string;
    }>`select suggested_agency_id, channel
        from reports where id = ${json(hotline).id}`.execute(database.db);
    expect(row.rows[0]).toEqual({
      suggested_agency_id: idOf('agencies', expectedAgency('trat-tu-do-thi', area)),
      channel: 'hotline',
    });
    // Only receivers enter hotline reports.
    const handler = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/reports/hotline',
      headers: { cookie: cookies.handler },
      payload: basic(),
    });
    expect(handler.statusCode).toBe(403);
  });
});

describe(`a citizen's own reports on ${backend}`, () => {
  it('lists them, includes them in "download my data", and erases the identity when the account is deleted', async () => {
    const sent = await submit(basic({ contact: { name: 'Đỗ Minh Châu', email: 'chau.do@example.vn' } }), {
      cookie: cookies.citizen,
    });
    expect(sent.statusCode).toBe(201);
    const mine = await testApp.app.inject({
      url: '/api/v1/me/reports',
      headers: { cookie: cookies.citizen },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json<{ code: string; role: string }[]>()).toContainEqual(
      expect.objectContaining({ code: json(sent).code, role: 'reporter' }),
    );
    expect((await testApp.app.inject({ url: '/api/v1/me/reports' })).statusCode).toBe(401);
    const data = await testApp.app.inject({ url: '/api/v1/me/data', headers: { cookie: cookies.citizen } });
    expect(data.json<{ reports: { code: string; contactName: string }[] }>().reports).toContainEqual(
      expect.objectContaining({ code: json(sent).code, contactName: 'Đỗ Minh Châu' }),
    );

    const deleted = await testApp.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { cookie: cookies.citizen },
    });
    expect(deleted.statusCode).toBeLessThan(300);
    const after = await sql<
      Record<string, unknown>
    >`select r.status, r.reporter_account_id, p.name, p.email, p.account_id,
        p.erased_at is not null as erased from reports r join report_reporters p on p.report_id = r.id
        where r.id = ${json(sent).id}`.execute(database.db);
    expect(after.rows).toEqual([
      {
        status: 'submitted',
        reporter_account_id: null,
        name: null,
        email: null,
        account_id: null,
        erased: true,
      },
    ]);
  });
});

describe(`tracking codes on ${backend}`, () => {
  it('keep every digit past 999,999', async () => {
    await sql`select setval('report_code_seq', 999999)`.execute(database.db);
    const first = json(await submit(basic()));
    const second = json(await submit(basic()));
    expect(first.code).toMatch(/^PA-\d{4}-1000000$/);
    expect(second.code).toMatch(/^PA-\d{4}-1000001$/);
    expect((await testApp.app.inject(`/api/v1/public/reports/${second.code}`)).statusCode).toBe(200);
  });
});

describe(`limits on ${backend}`, () => {
  it('refuses a flood of reports from one address with 429 and Retry-After, in both languages', async () => {
    const limited = await startTestApp(database, { env: { REPORTS_PER_HOUR: '2' } });
    try {
      const send = () =>
        limited.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: basic() });
      expect((await send()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(201);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(json(third).error.messages.vi).toContain('quá nhiều');
    } finally {
      await limited.close();
    }
  });
});
