// The public record: what is listed and what is not, filters and diacritics-insensitive search, keyset
// pages, the map (points and clusters), one report by code, nearby duplicates, and figures by group.
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

interface Summary {
  code: string;
  status: string;
  description: string;
  supporters: number;
  category: { id: string } | null;
  area: { id: string } | null;
  latitude: number | null;
}
const get = async <T>(url: string): Promise<T> => {
  const res = await testApp.app.inject({ url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

/** Codes of the seeded reports by name. */
const code = new Map<string, string>();

async function file(
  name: string,
  category: string,
  description: string,
  place: { latitude: number; longitude: number } | { area: string },
  extra: object = {},
) {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    payload: {
      categoryId: idOf('categories', category),
      description,
      location: 'area' in place ? { areaId: idOf('areas', place.area) } : place,
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  code.set(name, res.json<{ code: string }>().code);
}

const setState = (name: string, status: string, extra = sql``) =>
  sql`update reports set status = ${status} ${extra} where code = ${code.get(name)!}`.execute(database.db);

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['areas', 'agencies', 'categories'])
    for (const r of (
      await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
    ).rows)
      ids.set(`${table}:${r.slug}`, r.id);
  testApp = await startTestApp(database);

  const city = { latitude: 21.2731, longitude: 106.1946 };
  await file(
    'pothole',
    'an-toan-giao-thong',
    'Ổ gà lớn trên đường Hùng Vương, xe máy đi qua rất nguy hiểm.',
    city,
  );
  await file('rubbish', 've-sinh-moi-truong-rac-thai', 'Rác thải đổ trộm ven đê, bốc mùi.', {
    latitude: 21.274,
    longitude: 106.195,
  });
  await file('light', 'an-toan-giao-thong', 'Biển báo giao thông bị đổ ở ngã tư Lục Ngạn.', {
    area: 'bac-giang.luc-ngan.chu',
  });
  await file('secret', 've-sinh-moi-truong-rac-thai', 'Cơ sở chăn nuôi xả thải ra mương.', city, {
    confidential: true,
  });
  await file('fresh', 've-sinh-moi-truong-rac-thai', 'Rác ùn ứ trước chợ, chưa ai thu gom.', {
    latitude: 21.2733,
    longitude: 106.1948,
  });
  // Accepted and later: listed. "fresh" stays submitted, "secret" is confidential.
  await setState(
    'pothole',
    'published',
    sql`, resolved_at = submitted_at + interval '2 days', due_at = submitted_at + interval '3 days', rating = 'satisfied'`,
  );
  await setState('rubbish', 'in_progress', sql`, due_at = submitted_at - interval '1 hour'`);
  await setState('light', 'accepted');
  await setState('secret', 'accepted');
  await refreshReportViews(database.db);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

describe(`the public list on ${backend}`, () => {
  it('shows accepted-and-later public reports, newest first, never confidential or unchecked ones', async () => {
    const { items } = await get<{ items: Summary[] }>('/api/v1/public/reports');
    expect(items.map((i) => i.code)).toEqual([code.get('light'), code.get('rubbish'), code.get('pothole')]);
  });

  it('searches without diacritics and with them, by prefix, and by tracking code', async () => {
    const search = async (q: string) =>
      (await get<{ items: Summary[] }>(`/api/v1/public/reports?q=${encodeURIComponent(q)}`)).items.map(
        (i) => i.code,
      );
    expect(await search('o ga')).toEqual([code.get('pothole')]);
    expect(await search('Ổ GÀ hùng vương')).toEqual([code.get('pothole')]);
    expect(await search('nguy hi')).toEqual([code.get('pothole')]);
    expect(await search('rac')).toEqual([code.get('rubbish')]);
    expect(await search('chăn nuôi')).toEqual([]);
    expect(await search(code.get('light')!.toLowerCase())).toEqual([code.get('light')]);
  });

  it('filters by status, category, area (with its subareas) and dates', async () => {
    const codes = async (query: string) =>
      (await get<{ items: Summary[] }>(`/api/v1/public/reports?${query}`)).items.map((i) => i.code).sort();
    expect(await codes('status=published')).toEqual([code.get('pothole')]);
    expect(await codes(`categoryId=${idOf('categories', 'an-toan-giao-thong')}`)).toEqual(
      [code.get('pothole'), code.get('light')].sort(),
    );
    expect(await codes(`areaId=${idOf('areas', 'bac-giang.luc-ngan')}`)).toEqual([code.get('light')]);
    expect(await codes('from=2000-01-01&to=2000-12-31')).toEqual([]);
  });

  it('pages with a cursor without gaps or repeats, and refuses a forged cursor', async () => {
    const first = await get<{ items: Summary[]; nextCursor: string }>('/api/v1/public/reports?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await get<{ items: Summary[]; nextCursor: string | null }>(
      `/api/v1/public/reports?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((i) => i.code)).toEqual([code.get('pothole')]);
    expect(second.nextCursor).toBeNull();
    const forged = await testApp.app.inject({ url: '/api/v1/public/reports?cursor=bm90LWEtY3Vyc29y' });
    expect(forged.statusCode).toBe(400);
  });
});

describe(`one report by code on ${backend}`, () => {
  it('shows a public report with its public timeline', async () => {
    const detail = await get<Summary & { visibility: string; timeline: { kind: string }[] }>(
      `/api/v1/public/reports/${code.get('pothole')}`,
    );
    expect(detail.visibility).toBe('public');
    expect(detail.description).toContain('Ổ gà');
    expect(detail.timeline.map((t) => t.kind)).toEqual(['submitted']);
  });

  it('shows only the status of a confidential or unchecked report to whoever has its code', async () => {
    for (const name of ['secret', 'fresh']) {
      const detail = await get<Summary & { visibility: string }>(`/api/v1/public/reports/${code.get(name)}`);
      expect(detail.visibility).toBe('tracking_only');
      expect(detail.description).toBe('');
      expect(detail.latitude).toBeNull();
    }
  });

  it('answers 404 for an unknown code and 400 for something that is not a code', async () => {
    expect((await testApp.app.inject({ url: '/api/v1/public/reports/PA-1999-000001' })).statusCode).toBe(404);
    expect((await testApp.app.inject({ url: '/api/v1/public/reports/abc' })).statusCode).toBe(400);
  });
});

describe(`the map on ${backend}`, () => {
  it('gives points when zoomed in and clusters from the pre-computed cells when zoomed out', async () => {
    const points = await get<{ mode: string; points: { code: string }[] }>(
      '/api/v1/public/reports/map?bbox=106.18,21.26,106.21,21.29&zoom=15',
    );
    expect(points.mode).toBe('points');
    expect(points.points.map((p) => p.code).sort()).toEqual(
      [code.get('pothole'), code.get('rubbish')].sort(),
    );
    const clusters = await get<{ mode: string; clusters: { count: number }[] }>(
      '/api/v1/public/reports/map?bbox=105.8,21.0,107.1,21.7&zoom=8',
    );
    expect(clusters.mode).toBe('clusters');
    expect(clusters.clusters.reduce((n, c) => n + c.count, 0)).toBe(2);
    const bad = await testApp.app.inject({ url: '/api/v1/public/reports/map?bbox=107,21,106,22&zoom=10' });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`nearby open reports (duplicates) on ${backend}`, () => {
  it('offers open public reports of the same category nearby, never confidential ones', async () => {
    const { items } = await get<{ items: (Summary & { distanceMetres: number })[] }>(
      `/api/v1/public/reports/nearby?categoryId=${idOf('categories', 've-sinh-moi-truong-rac-thai')}` +
        '&latitude=21.2732&longitude=106.1947&description=' +
        encodeURIComponent('rác trước chợ'),
    );
    // "fresh" (submitted, 15 m away, similar words) before "rubbish" (in progress, ~95 m); not "secret".
    expect(items.map((i) => i.code)).toEqual([code.get('fresh'), code.get('rubbish')]);
    // An unchecked report is offered without its text.
    expect(items[0]!.description).toBe('');
    expect(items[0]!.distanceMetres).toBeLessThan(30);
  });
});

describe(`figures on ${backend}`, () => {
  interface Figures {
    received: number;
    handled: number;
    onTimeRate: number | null;
    satisfactionRate: number | null;
  }
  it('counts received, handled, on time and satisfied, overall and by category', async () => {
    const all = await get<{ total: Figures; groups: (Figures & { key: string; nameVi: string })[] }>(
      '/api/v1/public/figures?groupBy=category',
    );
    expect(all.total).toMatchObject({ received: 5, handled: 1, onTimeRate: 0.5, satisfactionRate: 1 });
    const traffic = all.groups.find((g) => g.key === idOf('categories', 'an-toan-giao-thong'))!;
    expect(traffic).toMatchObject({ received: 2, handled: 1, nameVi: 'An toàn giao thông' });
  });

  it('rolls areas up to the units just below the province, or below the area asked for', async () => {
    const byArea = await get<{ groups: (Figures & { key: string | null; nameVi: string })[] }>(
      '/api/v1/public/figures?groupBy=area',
    );
    const names = Object.fromEntries(byArea.groups.map((g) => [g.nameVi, g.received]));
    // Points in the city lie in no district outline (the demo has only the province rectangle): they count on the province.
    expect(names['Lục Ngạn']).toBe(1);
    const inDistrict = await get<{ groups: { nameVi: string; received: number }[] }>(
      `/api/v1/public/figures?groupBy=area&areaId=${idOf('areas', 'bac-giang.luc-ngan')}`,
    );
    expect(inDistrict.groups).toEqual([expect.objectContaining({ nameVi: 'Chũ', received: 1 })]);
  });
});

describe(`a dense map on ${backend}`, () => {
  it('gives the finest clusters instead of more than a thousand points when zoomed in', async () => {
    await sql`insert into reports (code, status, category_id, latitude, longitude, description, public_description)
              select 'PA-2020-' || lpad(g::text, 6, '0'), 'accepted', ${idOf('categories', 'cay-xanh')}::uuid,
                     21.30 + (g % 40) * 0.0001, 106.30 + (g / 40) * 0.0001, 'Cây đổ', 'Cây đổ'
                from generate_series(1, 1200) as g`.execute(database.db);
    await refreshReportViews(database.db);
    const dense = await get<{ mode: string; clusters: { count: number }[] }>(
      '/api/v1/public/reports/map?bbox=106.29,21.29,106.32,21.31&zoom=16',
    );
    expect(dense.mode).toBe('clusters');
    expect(dense.clusters.reduce((n, c) => n + c.count, 0)).toBe(1200);
    await sql`delete from reports where code like 'PA-2020-%'`.execute(database.db);
    await refreshReportViews(database.db);
  });
});

describe(`most recently answered first on ${backend}`, () => {
  it('orders answered reports by the answer’s time, a page at a time, and leaves out the unanswered', async () => {
    // Sent in one order, answered in the reverse one.
    const names = ['ans-1', 'ans-2', 'ans-3'] as const;
    for (const name of names)
      await file(name, 'an-toan-giao-thong', `Phản ánh ${name}.`, { latitude: 21.2731, longitude: 106.1946 });
    await file('not-yet', 'an-toan-giao-thong', 'Chưa có kết quả.', {
      latitude: 21.2731,
      longitude: 106.1946,
    });
    await setState('not-yet', 'accepted');
    for (const [i, name] of names.entries())
      await setState(
        name,
        'published',
        sql`, resolved_at = now() + interval '10 days' - ${`${i} minutes`}::interval`,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await get(
        `/api/v1/public/reports?sort=answered&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.code));
      cursor = page.nextCursor;
    } while (cursor);
    // Those answered "in ten days" come first (the others here are answered two days after they were sent).
    expect(seen.slice(0, 3)).toEqual(names.map((n) => code.get(n)));
    expect(seen).not.toContain(code.get('not-yet'));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await testApp.app.inject({ url: '/api/v1/public/reports?sort=oldest' });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`search pages on ${backend}`, () => {
  it('keeps one way of matching the last word on every page: whole words when they fill a page, else a prefix', async () => {
    // The oldest first: "123" sorts after every "12" on the last page, where a change of reading would show.
    for (const [name, text] of [
      ['lane-d', 'Ngõ 123 có ổ gà.'],
      ['lane-a', 'Ngõ 12 phố Chợ ngập nước sau mưa.'],
      ['lane-b', 'Cống ngõ 12 bị tắc.'],
      ['lane-c', 'Đèn ngõ 12 không sáng.'],
    ] as const) {
      await file(name, 'an-toan-giao-thong', text, { latitude: 21.2731, longitude: 106.1946 });
      await setState(name, 'accepted');
    }
    const pages = async (q: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Summary[]; nextCursor: string | null } = await get(
          `/api/v1/public/reports?limit=2&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((i) => i.code));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const lanes = (...names: string[]) => names.map((n) => code.get(n));
    // "12" is a whole word in three reports: more than a page, so every page matches whole words only.
    expect(await pages('ngo 12')).toEqual(lanes('lane-c', 'lane-b', 'lane-a'));
    // "ngõ 1" is being typed: no whole word "1", so "1…" as a prefix, on every page.
    expect(await pages('ngõ 1')).toEqual(lanes('lane-c', 'lane-b', 'lane-a', 'lane-d'));
    // One page is enough for whole words "123": the prefix reading gives the same.
    expect(await pages('ngo 123')).toEqual(lanes('lane-d'));
  });
});
