// Administration of the organisation over HTTP: lists in force on a date, edits of agencies, categories
// and routing rules, and the four tables as XLSX/CSV files (round trip, all-or-nothing refusal).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  testApp.app.inject({ method, url, headers: { cookie: cookies.admin }, ...(payload ? { payload } : {}) });

const upload = (table: string, data: Buffer | string, contentType: string, dryRun = false) =>
  testApp.app.inject({
    method: 'POST',
    url: `/api/v1/admin/org/${table}/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { cookie: cookies.admin, 'content-type': contentType },
    payload: data,
  });

/** Everything an import could touch, as text, to compare before and after. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['areas', 'area_codes', 'agencies', 'categories', 'jurisdictions'])
    parts.push(
      (await sql`select * from ${sql.table(table)} order by 1, 2`.execute(database.db)).rows.map((r) =>
        JSON.stringify(r),
      ),
    );
  return JSON.stringify(parts);
}

const idOf = async (table: 'areas' | 'agencies' | 'categories', slug: string) =>
  (await sql<{ id: string }>`select id from ${sql.table(table)} where slug = ${slug}`.execute(database.db))
    .rows[0]!.id;

describe(`organisation lists on ${backend}`, () => {
  it('lists areas, agencies and rules in force on a date for officers', async () => {
    const areas = await testApp.app.inject({
      url: '/api/v1/org/areas?on=2024-01-01',
      headers: { cookie: cookies.handler },
    });
    expect(areas.statusCode).toBe(200);
    const list = areas.json<{ slug: string; parentId: string | null; codes: Record<string, string> }[]>();
    expect(list.find((a) => a.slug === 'bac-giang')).toMatchObject({
      parentId: null,
      codes: { QD124_2004: '24' },
    });
    const agencies = await testApp.app.inject({
      url: '/api/v1/org/agencies',
      headers: { cookie: cookies.handler },
    });
    expect(agencies.json<unknown[]>().length).toBeGreaterThan(5);
    const rules = await testApp.app.inject({
      url: '/api/v1/org/jurisdictions?on=2024-01-01',
      headers: { cookie: cookies.handler },
    });
    expect(
      rules.json<{ agencySlug: string }[]>().some((r) => r.agencySlug === 'ubnd-bac-giang.so-gtvt'),
    ).toBe(true);
    const old = await asAdmin('GET', '/api/v1/org/jurisdictions?on=2000-01-01');
    expect(old.json<unknown[]>()).toEqual([]);
  });
});

describe(`organisation edits on ${backend}`, () => {
  it('creates and renames an agency, refusing moves, duplicates and unknown ids', async () => {
    const parentId = await idOf('agencies', 'ubnd-bac-giang');
    const areaId = await idOf('areas', 'bac-giang');
    const body = { slug: 'ubnd-bac-giang.ban-moi', parentId, kind: 'department', name: 'Ban Mới', areaId };
    const created = await asAdmin('POST', '/api/v1/admin/org/agencies', body);
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect((await asAdmin('POST', '/api/v1/admin/org/agencies', body)).statusCode).toBe(409);
    const renamed = await asAdmin('PATCH', `/api/v1/admin/org/agencies/${id}`, { name: 'Ban Đổi Tên' });
    expect(renamed.json()).toMatchObject({ name: 'Ban Đổi Tên', parentId });
    const moved = await asAdmin('PATCH', `/api/v1/admin/org/agencies/${id}`, { parentId: null });
    expect(moved.statusCode).toBe(400);
    expect(moved.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    expect(
      (
        await asAdmin('PATCH', '/api/v1/admin/org/agencies/00000000-0000-4000-8000-000000000000', {
          name: 'X',
        })
      ).statusCode,
    ).toBe(404);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where subject_id = ${id} order by id`.execute(database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['org.agency.create', 'org.agency.update']);
  });

  it('creates and edits a category, checking deadlines and questions', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/org/categories', {
      slug: 'cay-xanh-moi',
      nameVi: 'Cây xanh mới',
      nameEn: 'New trees',
      questions: [
        {
          code: 'loai',
          datatype: 'string',
          required: false,
          order: 1,
          descriptionVi: 'Loại',
          descriptionEn: 'Kind',
        },
      ],
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const badPolicy = structuredClone(created.json<{ deadlines: Record<string, unknown> }>().deadlines) as {
      normal: { acknowledge: { amount: number; unit: string } };
    };
    badPolicy.normal.acknowledge = { amount: 100, unit: 'working_days' };
    const refused = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, { deadlines: badPolicy });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe(
      '/body/deadlines',
    );
    const edited = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, {
      active: false,
      sortOrder: 99,
    });
    expect(edited.json()).toMatchObject({ active: false, sortOrder: 99 });
    const cycle = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, { parentId: id });
    expect(cycle.statusCode).toBe(400);
  });

  it('gives each category an icon and an emergency stop, edited by the administrator and shown to citizens', async () => {
    const publicOf = async (slug: string) =>
      (await testApp.app.inject({ method: 'GET', url: '/api/v1/public/categories' }))
        .json<{ slug: string; icon: string | null; emergency: unknown }[]>()
        .find((c) => c.slug === slug);
    // The demo data: disaster relief stops at 114 with its own notice; trees have an icon and no stop.
    const rescue = await publicOf('thien-tai-cuu-ho');
    expect(rescue).toMatchObject({ icon: 'disaster', emergency: { hotline: '114' } });
    expect(JSON.stringify(rescue?.emergency)).toContain('gọi ngay 114');
    expect(await publicOf('cay-xanh')).toMatchObject({ icon: 'tree', emergency: null });

    const id = await idOf('categories', 'cay-xanh');
    const stop = { hotline: '115', notice: null };
    const edited = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, {
      icon: 'health',
      emergency: stop,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ icon: 'health', emergency: stop });
    expect(await publicOf('cay-xanh')).toMatchObject({ icon: 'health', emergency: stop });

    for (const bad of [
      { icon: 'rocket' },
      { emergency: { hotline: 'gọi ngay', notice: null } },
      { emergency: { hotline: '115', notice: { vi: 'Gọi 115.' } } },
    ]) {
      const refused = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const cleared = await asAdmin('PATCH', `/api/v1/admin/org/categories/${id}`, {
      icon: null,
      emergency: null,
    });
    expect(cleared.json()).toMatchObject({ icon: null, emergency: null });

    // The same through a file: columns absent keep the values, an empty number removes the stop.
    const header = 'slug,name_vi,name_en,icon,emergency_hotline,emergency_notice_vi,emergency_notice_en\n';
    const imported = await upload(
      'categories',
      `${header}cay-xanh,Cây xanh,Trees,tree,113,Gọi 113 nếu cây đổ đè người.,Call 113 if a tree fell on someone.\n`,
      'text/csv',
    );
    expect(imported.statusCode).toBe(200);
    expect(await publicOf('cay-xanh')).toMatchObject({
      icon: 'tree',
      emergency: {
        hotline: '113',
        notice: { vi: 'Gọi 113 nếu cây đổ đè người.', en: 'Call 113 if a tree fell on someone.' },
      },
    });
    const kept = await upload('categories', 'slug,name_vi,name_en\ncay-xanh,Cây xanh,Trees\n', 'text/csv');
    expect(kept.json()).toMatchObject({ unchanged: 1 });
    const halfNotice = await upload(
      'categories',
      `${header}cay-xanh,Cây xanh,Trees,tree,113,Chỉ tiếng Việt,\n`,
      'text/csv',
    );
    expect(halfNotice.statusCode).toBe(400);
    expect(halfNotice.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe(
      '/file/rows/2/emergency_notice_en',
    );
    const removed = await upload('categories', `${header}cay-xanh,Cây xanh,Trees,,,,\n`, 'text/csv');
    expect(removed.json()).toMatchObject({ updated: 1 });
    expect(await publicOf('cay-xanh')).toMatchObject({ icon: null, emergency: null });
  });

  it('creates, edits and ends a routing rule', async () => {
    const body = {
      agencyId: await idOf('agencies', 'ubnd-bac-giang.so-gtvt'),
      categoryId: await idOf('categories', 'chieu-sang-cong-cong'),
      areaId: await idOf('areas', 'bac-giang.luc-ngan'),
      includeSubareas: true,
      priority: 5,
      validFrom: '2024-01-01',
    };
    const created = await asAdmin('POST', '/api/v1/admin/org/jurisdictions', body);
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect((await asAdmin('POST', '/api/v1/admin/org/jurisdictions', body)).statusCode).toBe(409);
    expect(
      (await asAdmin('PATCH', `/api/v1/admin/org/jurisdictions/${id}`, { priority: 7 })).json(),
    ).toMatchObject({
      priority: 7,
    });
    const ended = await asAdmin('POST', `/api/v1/admin/org/jurisdictions/${id}/end`, { on: '2025-01-01' });
    expect(ended.json()).toMatchObject({ validTo: '2025-01-01' });
    expect(
      (await asAdmin('POST', `/api/v1/admin/org/jurisdictions/${id}/end`, { on: '2023-01-01' })).statusCode,
    ).toBe(400);
    const early = await asAdmin('POST', '/api/v1/admin/org/jurisdictions', {
      ...body,
      validFrom: '1900-01-01',
    });
    expect(early.statusCode).toBe(400);
  });
});

describe(`organisation spreadsheets on ${backend}`, () => {
  for (const table of ['areas', 'agencies', 'categories', 'jurisdictions'])
    for (const format of ['xlsx', 'csv'] as const)
      it(`${table}: ${format} export then import changes nothing`, async () => {
        const exported = await asAdmin('GET', `/api/v1/admin/org/${table}/export?format=${format}`);
        expect(exported.statusCode).toBe(200);
        const before = await snapshot();
        const res = await upload(table, exported.rawPayload, format === 'xlsx' ? XLSX : 'text/csv');
        expect(res.statusCode).toBe(200);
        const result = res.json<{ created: number; updated: number; unchanged: number; rows: number }>();
        expect(result).toMatchObject({ created: 0, updated: 0 });
        expect(result.unchanged).toBe(result.rows);
        expect(await snapshot()).toBe(before);
      });

  it('imports English headers, creates and updates, and is idempotent', async () => {
    const csv =
      'slug,parent,level,kind,name,codes\n' +
      'bac-giang.luc-ngan.thon-moi,bac-giang.luc-ngan,hamlet,thôn,Thôn Mới,\n' +
      'bac-giang,,province,tỉnh,Bắc Giang,QD124_2004=24\n';
    const dry = await upload('areas', csv, 'text/csv', true);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1, unchanged: 1 });
    expect(await idOf('areas', 'bac-giang').then(() => true)).toBe(true);
    const first = await upload('areas', csv, 'text/csv');
    expect(first.json()).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
    const again = await upload('areas', csv, 'text/csv');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const renamed = await upload('areas', csv.replace('Thôn Mới', 'Thôn Mới Đổi'), 'text/csv');
    expect(renamed.json()).toMatchObject({ updated: 1 });
    // Without the parent column the parent stays; a new parent is a restructuring, named in the error.
    const noParent = await upload(
      'areas',
      'slug,level,kind,name\nbac-giang.luc-ngan,legacy_district,huyện,Lục Ngạn\n',
      'text/csv',
    );
    expect(noParent.json()).toMatchObject({ unchanged: 1 });
    const moved = await upload(
      'areas',
      'slug,parent,level,kind,name\nbac-giang.luc-ngan,bac-giang.tp-bac-giang,legacy_district,huyện,Lục Ngạn\n',
      'text/csv',
    );
    expect(moved.statusCode).toBe(400);
    expect(moved.json<{ error: { details: { field: string }[] } }>().error.details[0]!.field).toBe(
      '/file/rows/2/parent',
    );
  });

  it('refuses a bad file whole, with row numbers in both languages, and changes nothing', async () => {
    const before = await snapshot();
    const csv =
      'Mã cơ quan,Mã cơ quan cấp trên,Loại cơ quan,Tên cơ quan,Mã địa bàn phụ trách,Từ ngày,Đến ngày\n' +
      'ubnd-bac-giang.so-moi,ubnd-bac-giang,department,Sở Mới,bac-giang,,\n' +
      'ubnd-bac-giang.so-gtvt,ubnd-bac-giang,department,Sở Giao thông vận tải tỉnh Bắc Giang,bac-giang,,01/01/2030\n' +
      'ubnd-bac-giang.so-khac,khong-co,khong-biet,Sở Khác,bac-giang,,\n';
    const res = await upload('agencies', csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    const details = res.json<{
      error: { code: string; details: { field: string; messages: { vi: string; en: string } }[] };
    }>().error;
    expect(details.code).toBe('validation_failed');
    const rows = details.details.map((d) => d.field);
    expect(rows.some((f) => f.startsWith('/file/rows/3'))).toBe(true);
    expect(rows.some((f) => f.startsWith('/file/rows/4'))).toBe(true);
    expect(rows.some((f) => f.startsWith('/file/rows/2'))).toBe(false);
    const ending = details.details.find((d) => d.field.startsWith('/file/rows/3'))!;
    expect(ending.messages.vi).toMatch(/^Dòng 3, cột “Đến ngày”: .*phương án sắp xếp/);
    expect(ending.messages.en).toMatch(/^Row 3, column "Đến ngày": .*restructuring plan/);
    expect(await snapshot()).toBe(before);
    const rule = await upload(
      'jurisdictions',
      'agency,category,area,valid_from\nubnd-bac-giang.so-gtvt,khong-co,bac-giang,2024-01-01\n',
      'text/csv',
    );
    expect(rule.statusCode).toBe(400);
    const category = await upload(
      'categories',
      'slug,name_vi,name_en,questions\nmoi,Mới,New,"[{""code"":1}]"\n',
      'text/csv',
    );
    expect(category.statusCode).toBe(400);
    expect(await snapshot()).toBe(before);
    expect((await upload('areas', Buffer.from('not a zip'), XLSX)).statusCode).toBe(400);
  });
});
