// Every protected route × every role: who gets through and who is refused (401 without a session,
// 403 without the permission). Rows are added here as routes are added.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

const ROLES: Role[] = [
  'citizen',
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
  'admin',
];
const EVERYONE = ROLES;
const OFFICERS = ROLES.filter((r) => r !== 'citizen');

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | ((ids: Record<string, string>) => string);
  payload?: object | string | ((ids: Record<string, string>) => object);
  contentType?: string;
  allowed: readonly Role[];
  /** What an allowed role gets when it is not a 2xx (e.g. a plan refused on its merits after the check). */
  allowedStatus?: number;
}

const REFUSED_PLAN = {
  effectiveOn: '2030-01-01',
  note: 'Kiểm tra quyền',
  areas: [],
  agencies: [],
  areaEvents: [{ kind: 'rename', from: ['khong-ton-tai'], to: ['khong-ton-tai-2'], note: null }],
  agencyEvents: [],
  agencyMoves: [],
  jurisdictions: [],
};

const NO_ID = '00000000-0000-4000-8000-000000000000';
/** One valid row per organisation table (dry runs: nothing is written). */
const ORG_FILES = {
  areas: 'slug,level,kind,name\nbac-giang,province,tỉnh,Bắc Giang\n',
  agencies:
    'slug,kind,name,area\nubnd-bac-giang,provincial_committee,Ủy ban nhân dân tỉnh Bắc Giang,bac-giang\n',
  categories: 'slug,name_vi,name_en\nkiem-tra,Kiểm tra,Check\n',
  jurisdictions: 'agency,area,valid_from\nubnd-bac-giang.so-gtvt,bac-giang,2024-01-01\n',
};

/** Who may read a report assigned to the handler's and leader's own agency, and one assigned elsewhere. */
const READ_OWN_REPORT: Role[] = ['receiver', 'handler', 'agency_leader', 'provincial_leader', 'auditor'];
const READ_ANY_REPORT: Role[] = ['receiver', 'provincial_leader', 'auditor'];
const STATS_READERS: Role[] = ['receiver', 'agency_leader', 'provincial_leader', 'auditor', 'admin'];
const HOTLINE_REPORT = {
  categoryId: '',
  description: 'Người dân gọi điện báo rác ùn ứ ở chợ.',
  location: { areaId: '' },
};

const ROUTES: RouteCase[] = [
  { method: 'GET', url: '/api/v1/auth/me', allowed: EVERYONE },
  { method: 'GET', url: '/api/v1/me/reports', allowed: EVERYONE },
  { method: 'GET', url: (ids) => `/api/v1/reports/${ids.ownReport}`, allowed: READ_OWN_REPORT },
  { method: 'GET', url: (ids) => `/api/v1/reports/${ids.foreignReport}`, allowed: READ_ANY_REPORT },
  {
    method: 'POST',
    url: (ids) => `/api/v1/reports/${ids.ownReport}/reporter`,
    payload: { reason: 'Kiểm tra quyền xem người phản ánh' },
    allowed: ['receiver'],
  },
  {
    method: 'POST',
    url: (ids) => `/api/v1/reports/${ids.ownReport}/identity-grants`,
    payload: (ids) => ({ agencyId: ids.ownAgency, reason: 'Kiểm tra quyền cho phép' }),
    allowed: ['receiver'],
  },
  {
    method: 'PUT',
    url: (ids) => `/api/v1/reports/${ids.unassignedReport}/suggested-agency`,
    payload: (ids) => ({ agencyId: ids.ownAgency, reason: 'Kiểm tra quyền' }),
    allowed: ['receiver'],
  },
  { method: 'GET', url: '/api/v1/me/alerts', allowed: OFFICERS },
  { method: 'GET', url: (ids) => `/api/v1/reports/${ids.ownReport}/workflow`, allowed: READ_OWN_REPORT },
  { method: 'GET', url: (ids) => `/api/v1/reports/${ids.foreignReport}/workflow`, allowed: READ_ANY_REPORT },
  {
    method: 'POST',
    url: (ids) => `/api/v1/reports/${ids.ownReport}/workflow/note`,
    payload: { input: { text: 'Kiểm tra quyền ghi chú' } },
    allowed: ['receiver', 'handler', 'agency_leader', 'provincial_leader'],
  },
  {
    method: 'POST',
    url: (ids) => `/api/v1/reports/${ids.foreignReport}/workflow/note`,
    payload: { input: { text: 'Kiểm tra quyền ghi chú' } },
    allowed: ['receiver', 'provincial_leader'],
  },
  {
    method: 'POST',
    url: (ids) => `/api/v1/reports/${ids.unassignedReport}/workflow/accept`,
    payload: { input: {} },
    allowed: ['receiver'],
  },
  {
    method: 'POST',
    url: '/api/v1/reports/hotline',
    payload: (ids) => ({ ...HOTLINE_REPORT, categoryId: ids.reportCategory, location: { areaId: ids.area } }),
    allowed: ['receiver'],
  },
  { method: 'GET', url: '/api/v1/me/profile', allowed: EVERYONE },
  { method: 'PATCH', url: '/api/v1/me/profile', payload: { displayName: 'Tên mới' }, allowed: EVERYONE },
  { method: 'GET', url: '/api/v1/me/data', allowed: EVERYONE },
  // This browser told about all my reports: citizens only (Web Push is off in this app, so linking is refused
  // on its merits after the check).
  {
    method: 'POST',
    url: '/api/v1/me/push-subscriptions',
    payload: {
      subscription: {
        endpoint: 'https://fcm.googleapis.com/fcm/send/kiem-tra-quyen',
        keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
      },
    },
    allowed: ['citizen'],
    allowedStatus: 400,
  },
  {
    method: 'POST',
    url: '/api/v1/me/push-subscriptions/state',
    payload: { endpoint: 'https://fcm.googleapis.com/fcm/send/kiem-tra-quyen' },
    allowed: ['citizen'],
  },
  {
    method: 'POST',
    url: '/api/v1/me/push-subscriptions/remove',
    payload: { endpoint: 'https://fcm.googleapis.com/fcm/send/kiem-tra-quyen' },
    allowed: ['citizen'],
  },
  { method: 'POST', url: (ids) => `/api/v1/admin/accounts/${ids.other}/enable`, allowed: ['admin'] },
  {
    method: 'GET',
    url: (ids) => `/api/v1/org/route?categoryId=${ids.category}&areaId=${ids.area}`,
    allowed: OFFICERS,
  },
  { method: 'GET', url: '/api/v1/admin/officers/export?format=csv', allowed: ['admin'] },
  {
    method: 'POST',
    url: '/api/v1/admin/officers/import?dryRun=true',
    contentType: 'text/csv',
    payload: 'username,display_name,role,agency\nxuly.moi,Nguyễn Văn Mới,handler,ubnd-bac-giang.so-gtvt\n',
    allowed: ['admin'],
  },
  // The officers' statistics: not handlers; an agency leader within their agency (Sở GTVT), not another.
  { method: 'GET', url: '/api/v1/stats/leader', allowed: STATS_READERS },
  { method: 'GET', url: '/api/v1/stats/leader/export.xlsx', allowed: STATS_READERS },
  { method: 'GET', url: '/api/v1/stats/leader/export.csv', allowed: STATS_READERS },
  { method: 'GET', url: '/api/v1/stats/leader/agencies', allowed: STATS_READERS },
  {
    method: 'GET',
    url: (ids) => `/api/v1/stats/leader?agencyId=${ids.ownAgency ?? ':own-agency'}`,
    allowed: STATS_READERS,
  },
  {
    method: 'GET',
    url: (ids) => `/api/v1/stats/leader?agencyId=${ids.foreignAgency ?? ':other-agency'}`,
    allowed: STATS_READERS.filter((r) => r !== 'agency_leader'),
  },
  { method: 'GET', url: '/api/v1/org/areas?on=2024-01-01', allowed: OFFICERS },
  { method: 'GET', url: '/api/v1/org/agencies', allowed: OFFICERS },
  { method: 'GET', url: '/api/v1/org/jurisdictions', allowed: OFFICERS },
  { method: 'GET', url: '/api/v1/org/categories', allowed: OFFICERS },
  {
    method: 'POST',
    url: '/api/v1/admin/org/agencies',
    payload: { slug: 'kiem-tra', parentId: NO_ID, kind: 'department', name: 'Kiểm tra', areaId: null },
    allowed: ['admin'],
    allowedStatus: 400,
  },
  {
    method: 'PATCH',
    url: `/api/v1/admin/org/agencies/${NO_ID}`,
    payload: { name: 'Kiểm tra' },
    allowed: ['admin'],
    allowedStatus: 404,
  },
  {
    method: 'POST',
    url: '/api/v1/admin/org/categories',
    payload: { slug: 'kiem-tra', parentId: NO_ID, nameVi: 'Kiểm tra', nameEn: 'Check' },
    allowed: ['admin'],
    allowedStatus: 400,
  },
  {
    method: 'PATCH',
    url: `/api/v1/admin/org/categories/${NO_ID}`,
    payload: { active: false },
    allowed: ['admin'],
    allowedStatus: 404,
  },
  {
    method: 'POST',
    url: '/api/v1/admin/org/jurisdictions',
    payload: {
      agencyId: NO_ID,
      categoryId: null,
      areaId: NO_ID,
      includeSubareas: true,
      priority: 0,
      validFrom: '2024-01-01',
    },
    allowed: ['admin'],
    allowedStatus: 400,
  },
  {
    method: 'PATCH',
    url: `/api/v1/admin/org/jurisdictions/${NO_ID}`,
    payload: { priority: 1 },
    allowed: ['admin'],
    allowedStatus: 404,
  },
  {
    method: 'POST',
    url: `/api/v1/admin/org/jurisdictions/${NO_ID}/end`,
    payload: { on: '2030-01-01' },
    allowed: ['admin'],
    allowedStatus: 404,
  },
  ...(['areas', 'agencies', 'categories', 'jurisdictions'] as const).flatMap((table): RouteCase[] => [
    { method: 'GET', url: `/api/v1/admin/org/${table}/export?format=csv`, allowed: ['admin'] },
    {
      method: 'POST',
      url: `/api/v1/admin/org/${table}/import?dryRun=true`,
      contentType: 'text/csv',
      payload: ORG_FILES[table],
      allowed: ['admin'],
    },
  ]),
  {
    method: 'POST',
    url: '/api/v1/admin/restructurings',
    payload: REFUSED_PLAN,
    allowed: ['admin'],
    allowedStatus: 422,
  },
];

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
  const other = await database.db
    .withTables<{ accounts: { id: string; username: string | null } }>()
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', 'xuly.lucngan')
    .executeTakeFirstOrThrow();
  ids.other = other.id;
  const idOf = (table: 'categories' | 'areas', slug: string) =>
    database.db
      .withTables<Record<'categories' | 'areas', { id: string; slug: string }>>()
      .selectFrom(table)
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
  ids.category = (await idOf('categories', 'chieu-sang-cong-cong')).id;
  ids.area = (await idOf('areas', 'bac-giang.luc-ngan')).id;
  ids.reportCategory = (await idOf('categories', 've-sinh-moi-truong-rac-thai')).id;
  // Three reports: assigned to the demo handler's agency (Sở GTVT), assigned elsewhere, not yet assigned.
  const agency = async (slug: string) =>
    (await sql<{ id: string }>`select id from agencies where slug = ${slug}`.execute(database.db)).rows[0]!
      .id;
  ids.ownAgency = await agency('ubnd-bac-giang.so-gtvt');
  const report = async (agencyId: string | null) => {
    const sent = await testApp.reports.submit(null, {
      categoryId: ids.reportCategory!,
      description: 'Rác thải ùn ứ ven đường.',
      location: { areaId: ids.area! },
      contact: { name: 'Người Kiểm Tra' },
      channel: 'web',
    });
    await sql`update reports set status = 'assigned', agency_id = ${agencyId} where id = ${sent.body.id}`.execute(
      database.db,
    );
    return sent.body.id;
  };
  ids.ownReport = await report(ids.ownAgency);
  ids.foreignAgency = await agency('ubnd-bac-giang.so-tnmt');
  ids.foreignReport = await report(ids.foreignAgency);
  ids.unassignedReport = await report(null);
  await sql`update reports set status = 'submitted' where id = ${ids.unassignedReport}`.execute(database.db);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

describe(`access to every protected route on ${backend}`, () => {
  for (const route of ROUTES) {
    const label = typeof route.url === 'string' ? route.url : route.url({ other: ':id' });
    it(`${route.method} ${label}`, async () => {
      const url = typeof route.url === 'string' ? route.url : route.url(ids);
      const given = route.payload;
      const payload = given instanceof Function ? given(ids) : given;
      const send = (cookie?: string) =>
        testApp.app.inject({
          method: route.method,
          url,
          ...(payload !== undefined ? { payload } : {}),
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(route.contentType ? { 'content-type': route.contentType } : {}),
          },
        });
      expect((await send()).statusCode).toBe(401);
      const outcome: Record<string, number> = {};
      for (const role of ROLES) outcome[role] = (await send(cookies[role])).statusCode;
      const expected = Object.fromEntries(ROLES.map((r) => [r, route.allowed.includes(r) ? 'allowed' : 403]));
      const seen = Object.fromEntries(
        ROLES.map((r) => [
          r,
          outcome[r]! < 300 || outcome[r] === route.allowedStatus ? 'allowed' : outcome[r],
        ]),
      );
      expect(seen).toEqual(expected);
    });
  }

  it('lists the report categories for everyone, signed in or not', async () => {
    const res = await testApp.app.inject('/api/v1/public/categories');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ name: { vi: string } }[]>().length).toBeGreaterThan(20);
  });

  it('lets only citizens delete their own account', async () => {
    for (const role of OFFICERS) {
      expect(
        (
          await testApp.app.inject({
            method: 'DELETE',
            url: '/api/v1/me',
            headers: { cookie: cookies[role] },
          })
        ).statusCode,
      ).toBe(403);
    }
  });
});
