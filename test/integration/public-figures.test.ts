// The public figures the statistics page and the home page read: the counts behind each rate (so a rate over a
// handful can be flagged), late reports, satisfaction on the home figures, periods and their validation.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import { refreshReportViews } from '../../src/modules/reports/views.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
const ids = new Map<string, string>();
const idOf = (table: string, slug: string) => {
  const id = ids.get(`${table}:${slug}`);
  if (!id) throw new Error(`no ${table} ${slug}`);
  return id;
};

interface Figures {
  received: number;
  handled: number;
  rejected: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  cameDue: number;
  late: number;
  rated: number;
}
interface Reply {
  total: Figures;
  groups: (Figures & { key: string | null; nameVi: string; nameEn: string })[];
  asOf: string | null;
}

async function get<T>(url: string): Promise<T> {
  const res = await testApp.app.inject({ url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
}

let n = 0;
/** One report straight into the table, with its dates in Vietnam time. */
async function report(r: {
  agency: string;
  status: string;
  submitted: string;
  due?: string;
  originalDue?: string;
  resolved?: string;
  rating?: 'satisfied' | 'unsatisfied';
}) {
  n++;
  const at = (day: string | undefined) => (day === undefined ? null : new Date(`${day}T09:00:00+07:00`));
  await sql`insert into reports (code, status, agency_id, category_id, submitted_at, due_at, original_due_at,
                                 resolved_at, rating)
            values (${`PA-FIG-${n}`}, ${r.status}, ${idOf('agencies', r.agency)},
                    ${idOf('categories', 'an-toan-giao-thong')}, ${at(r.submitted)}, ${at(r.due)},
                    ${at(r.originalDue)}, ${at(r.resolved)}, ${r.rating ?? null})`.execute(database.db);
}

const TRANSPORT = 'ubnd-bac-giang.so-gtvt';
const ENVIRONMENT = 'ubnd-bac-giang.so-tnmt';

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['agencies', 'categories'])
    for (const r of (
      await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
    ).rows)
      ids.set(`${table}:${r.slug}`, r.id);
  testApp = await startTestApp(database);
});

afterAll(async () => {
  await testApp.close();
  await database.close();
});

describe(`public figures on ${backend}`, () => {
  it('report no rate, and no satisfaction on the home figures, before anything came due or was rated', async () => {
    expect(await get('/api/v1/public/stats')).toMatchObject({
      received: 0,
      handled: 0,
      onTimePercent: null,
      satisfactionPercent: null,
    });
    const empty = await get<Reply>('/api/v1/public/figures?groupBy=agency');
    expect(empty.total).toEqual({
      received: 0,
      handled: 0,
      rejected: 0,
      onTimeRate: null,
      satisfactionRate: null,
      cameDue: 0,
      late: 0,
      rated: 0,
    });
    expect(empty.groups).toEqual([]);
  });

  it('count what each rate is a share of, late reports, and satisfaction, overall, by agency and by month', async () => {
    // March 2025, transport: on time (satisfied), late (unsatisfied), still open past its deadline, and answered
    // within an approved extension — late against its first deadline (satisfied).
    await report({
      agency: TRANSPORT,
      status: 'answered',
      submitted: '2025-03-10',
      due: '2025-03-20',
      resolved: '2025-03-15',
      rating: 'satisfied',
    });
    await report({
      agency: TRANSPORT,
      status: 'answered',
      submitted: '2025-03-10',
      due: '2025-03-20',
      resolved: '2025-03-25',
      rating: 'unsatisfied',
    });
    await report({ agency: TRANSPORT, status: 'in_progress', submitted: '2025-03-11', due: '2025-03-20' });
    await report({
      agency: TRANSPORT,
      status: 'answered',
      submitted: '2025-03-12',
      originalDue: '2025-03-20',
      due: '2025-03-30',
      resolved: '2025-03-28',
      rating: 'satisfied',
    });
    // April 2025, environment: on time (satisfied), and one not yet due.
    await report({
      agency: ENVIRONMENT,
      status: 'answered',
      submitted: '2025-04-02',
      due: '2025-04-10',
      resolved: '2025-04-05',
      rating: 'satisfied',
    });
    await report({ agency: ENVIRONMENT, status: 'submitted', submitted: '2025-04-03' });
    await refreshReportViews(database.db);

    const byAgency = await get<Reply>('/api/v1/public/figures?groupBy=agency');
    expect(byAgency.total).toEqual({
      received: 6,
      handled: 4,
      rejected: 0,
      onTimeRate: 0.4,
      satisfactionRate: 0.75,
      cameDue: 5,
      late: 3,
      rated: 4,
    });
    expect(byAgency.groups).toEqual([
      {
        key: idOf('agencies', TRANSPORT),
        nameVi: expect.stringContaining('Giao thông vận tải') as unknown,
        nameEn: expect.any(String) as unknown,
        received: 4,
        handled: 3,
        rejected: 0,
        onTimeRate: 0.25,
        satisfactionRate: 0.667,
        cameDue: 4,
        late: 3,
        rated: 3,
      },
      {
        key: idOf('agencies', ENVIRONMENT),
        nameVi: expect.stringContaining('Tài nguyên và Môi trường') as unknown,
        nameEn: expect.any(String) as unknown,
        received: 2,
        handled: 1,
        rejected: 0,
        onTimeRate: 1,
        satisfactionRate: 1,
        cameDue: 1,
        late: 0,
        rated: 1,
      },
    ]);

    const april = await get<Reply>('/api/v1/public/figures?groupBy=month&from=2025-04&to=2025-04');
    expect(april.total).toMatchObject({ received: 2, cameDue: 1, late: 0, rated: 1 });
    expect(april.groups.map((g) => [g.key, g.nameVi, g.received])).toEqual([
      ['2025-04-01', 'Tháng 04/2025', 2],
    ]);

    // The home page's figures: the same rates, as percentages.
    expect(await get('/api/v1/public/stats')).toMatchObject({
      received: 6,
      handled: 4,
      onTimePercent: 40,
      satisfactionPercent: 75,
    });
  });

  it('refuses a period that ends before it starts, or a month that does not exist, with a message in Vietnamese or English', async () => {
    const backwards = await testApp.app.inject({
      url: '/api/v1/public/figures?from=2025-05&to=2025-04',
      headers: { 'accept-language': 'vi' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      error: {
        code: 'validation_failed',
        details: [
          {
            field: '/querystring/to',
            messages: { vi: 'Tháng kết thúc không được trước tháng bắt đầu.' },
          },
        ],
      },
    });

    const noSuchMonth = await testApp.app.inject({
      url: '/api/v1/public/figures?from=2025-13',
      headers: { 'accept-language': 'en' },
    });
    expect(noSuchMonth.statusCode).toBe(400);
    expect(noSuchMonth.json()).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('not valid') as unknown },
    });
    const badGrouping = await testApp.app.inject({ url: '/api/v1/public/figures?groupBy=ward' });
    expect(badGrouping.statusCode).toBe(400);
  });
});
