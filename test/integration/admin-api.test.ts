// The administration API beyond the organisation routes: the working calendar's exceptions, reply templates,
// officer accounts one at a time and the guides — each change checked, audited, and refused to every other role.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadGuidesIfNone } from '../../src/modules/guides/service.js';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import { DEFAULT_OFFICE_HOURS } from '../../src/platform/calendar/index.js';
import { loadWorkCalendar } from '../../src/platform/calendar/store.js';
import type { Database } from '../../src/platform/db/database.js';
import { CONTENT_DIR, DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole, officerCookie } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
const ROLES: Role[] = [
  'citizen',
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
  'admin',
];
const NO_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  await loadGuidesIfNone(database.db, path.join(CONTENT_DIR, 'guides.json'));
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (cookie: string | undefined, method: Method, url: string, payload?: object, lang = 'vi') =>
  testApp.app.inject({
    method,
    url,
    headers: { 'accept-language': lang, ...(cookie ? { cookie } : {}) },
    ...(payload ? { payload } : {}),
  });
const asAdmin = (method: Method, url: string, payload?: object, lang?: string) =>
  call(cookies.admin, method, url, payload, lang);

const idOf = async (table: 'categories' | 'agencies' | 'areas' | 'accounts', column: string, value: string) =>
  (
    await sql<{ id: string }>`select id from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(
      database.db,
    )
  ).rows[0]!.id;

const auditActions = async (subjectId: string) =>
  (
    await sql<{
      action: string;
    }>`select action from audit_log where subject_id = ${subjectId} order by id`.execute(database.db)
  ).rows.map((r) => r.action);

interface Problem {
  field: string;
  messages?: { vi: string; en: string };
}
const problemsOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; details?: Problem[] } }).error;

describe(`who may use the administration API on ${backend}`, () => {
  const cases: { method: Method; url: string; payload?: object; allowed: Role[] }[] = [
    { method: 'GET', url: '/api/v1/admin/calendar?year=2026', allowed: ['admin'] },
    {
      method: 'POST',
      url: '/api/v1/admin/calendar/exceptions',
      payload: { date: '2026-06-06', kind: 'day_off', note: null },
      allowed: [],
    },
    { method: 'DELETE', url: '/api/v1/admin/calendar/exceptions/2026-06-07', allowed: [] },
    { method: 'GET', url: '/api/v1/admin/reply-templates', allowed: ['admin'] },
    {
      method: 'POST',
      url: '/api/v1/admin/reply-templates',
      payload: { categoryId: null, title: ' ', body: ' ' },
      allowed: [],
    },
    { method: 'PATCH', url: `/api/v1/admin/reply-templates/${NO_ID}`, payload: { title: 'X' }, allowed: [] },
    { method: 'DELETE', url: `/api/v1/admin/reply-templates/${NO_ID}`, allowed: [] },
    {
      method: 'GET',
      url: '/api/v1/reply-templates',
      allowed: ['receiver', 'handler', 'agency_leader', 'provincial_leader', 'auditor', 'admin'],
    },
    { method: 'GET', url: '/api/v1/admin/accounts', allowed: ['admin'] },
    { method: 'GET', url: `/api/v1/admin/accounts/${NO_ID}`, allowed: [] },
    { method: 'PATCH', url: `/api/v1/admin/accounts/${NO_ID}`, payload: { displayName: 'X' }, allowed: [] },
    {
      method: 'POST',
      url: `/api/v1/admin/accounts/${NO_ID}/positions`,
      payload: { role: 'auditor', agencyId: null, areaId: null },
      allowed: [],
    },
    {
      method: 'POST',
      url: `/api/v1/admin/accounts/${NO_ID}/positions/${NO_ID}/end`,
      payload: { on: '2026-01-01' },
      allowed: [],
    },
    { method: 'GET', url: '/api/v1/admin/guides', allowed: ['admin'] },
    {
      method: 'PUT',
      url: '/api/v1/admin/guides/kiem-tra-quyen',
      payload: { kind: 'faq', title: { vi: ' ', en: ' ' }, body: { vi: ' ', en: ' ' } },
      allowed: [],
    },
    { method: 'DELETE', url: '/api/v1/admin/guides/khong-co', allowed: [] },
    { method: 'POST', url: '/api/v1/admin/guides/khong-co/move', payload: { direction: 'up' }, allowed: [] },
  ];

  it.each(cases)('$method $url', async ({ method, url, payload, allowed }) => {
    expect((await call(undefined, method, url, payload)).statusCode).toBe(401);
    for (const role of ROLES) {
      const res = await call(cookies[role], method, url, payload);
      // `allowed: []` cases are refused on their merits (400/404) once an administrator passes the check.
      if (allowed.includes(role)) expect(res.statusCode, role).toBe(200);
      else if (role === 'admin') expect([400, 404], role).toContain(res.statusCode);
      else expect(res.statusCode, role).toBe(403);
    }
  });
});

describe(`the working calendar on ${backend}`, () => {
  it('shows a year’s holidays and records, refuses and removes exceptions, which deadlines then use', async () => {
    const year = await asAdmin('GET', '/api/v1/admin/calendar?year=2026');
    expect(year.statusCode).toBe(200);
    const body = year.json<{ holidays: { date: string; name: { vi: string } }[]; exceptions: unknown[] }>();
    expect(body.holidays.map((h) => h.date)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-30', '2026-09-02']),
    );
    expect(body.holidays.find((h) => h.date === '2026-01-01')?.name.vi).toBe('Tết Dương lịch');
    expect(body.exceptions).toEqual([]);

    // Friday 2 January 2026 off, made up on Saturday 10 January.
    const off = await asAdmin('POST', '/api/v1/admin/calendar/exceptions', {
      date: '2026-01-02',
      kind: 'day_off',
      note: '  Nghỉ bù  Tết Dương lịch ',
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ date: '2026-01-02', kind: 'day_off', note: 'Nghỉ bù Tết Dương lịch' });
    expect(
      (
        await asAdmin('POST', '/api/v1/admin/calendar/exceptions', {
          date: '2026-01-10',
          kind: 'working_day',
          note: null,
        })
      ).statusCode,
    ).toBe(200);
    const calendar = await loadWorkCalendar(database.db, DEFAULT_OFFICE_HOURS);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);

    // A day off on a Sunday, or a working day on a Tuesday, would change nothing: refused in both languages.
    const sunday = await asAdmin('POST', '/api/v1/admin/calendar/exceptions', {
      date: '2026-01-04',
      kind: 'day_off',
      note: null,
    });
    expect(sunday.statusCode).toBe(400);
    expect(problemsOf(sunday).details?.[0]?.messages?.vi).toBe(
      'Chủ nhật, 04/01/2026 vốn là ngày nghỉ (cuối tuần hoặc ngày lễ); không cần ghi ngày nghỉ bù.',
    );
    const tuesday = await asAdmin(
      'POST',
      '/api/v1/admin/calendar/exceptions',
      { date: '2026-01-06', kind: 'working_day', note: null },
      'en',
    );
    expect(problemsOf(tuesday).details?.[0]?.messages?.en).toBe(
      'Tuesday 2026-01-06 is already a working day; a swapped working day falls on a weekend or a holiday.',
    );
    const bad = await asAdmin('POST', '/api/v1/admin/calendar/exceptions', {
      date: '2026-13-40',
      kind: 'day_off',
    });
    expect(bad.statusCode).toBe(400);

    const listed = await asAdmin('GET', '/api/v1/admin/calendar?year=2026');
    expect(listed.json<{ exceptions: { date: string }[] }>().exceptions.map((e) => e.date)).toEqual([
      '2026-01-02',
      '2026-01-10',
    ]);
    expect((await asAdmin('DELETE', '/api/v1/admin/calendar/exceptions/2026-01-10')).statusCode).toBe(204);
    expect((await asAdmin('DELETE', '/api/v1/admin/calendar/exceptions/2026-01-10')).statusCode).toBe(404);
    expect((await loadWorkCalendar(database.db, DEFAULT_OFFICE_HOURS)).isWorkingDay('2026-01-10')).toBe(
      false,
    );
    const audit = await sql<{
      action: string;
      detail: unknown;
    }>`select action, detail from audit_log where subject_type = 'calendar_exception' order by id`.execute(
      database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'calendar.exception.set',
      'calendar.exception.set',
      'calendar.exception.delete',
    ]);
    expect(audit.rows[0]?.detail).toEqual({ date: '2026-01-02', kind: 'day_off', replaced: null });
  });
});

describe(`reply templates on ${backend}`, () => {
  it('are kept by administrators and offered to officers by category, most specific first', async () => {
    const roads = await idOf('categories', 'slug', 'giao-thong-ha-tang');
    const lights = await idOf('categories', 'slug', 'giao-thong-ha-tang.den-tin-hieu');
    const trees = await idOf('categories', 'slug', 'cay-xanh');
    const create = (categoryId: string | null, title: string) =>
      asAdmin('POST', '/api/v1/admin/reply-templates', {
        categoryId,
        title,
        body: `Kính gửi Ông/Bà,\n\n${title}: cơ quan đã kiểm tra   và xử lý.`,
      });
    const general = await create(null, 'Cảm ơn phản ánh');
    expect(general.statusCode).toBe(201);
    expect(general.json()).toMatchObject({
      categoryId: null,
      categoryName: null,
      title: 'Cảm ơn phản ánh',
      body: 'Kính gửi Ông/Bà,\n\nCảm ơn phản ánh: cơ quan đã kiểm tra và xử lý.',
    });
    const parent = (await create(roads, 'Đã sửa mặt đường')).json<{ id: string }>();
    const own = (await create(lights, 'Đã thay đèn tín hiệu')).json<{ id: string; categoryName: unknown }>();
    expect(own.categoryName).toMatchObject({ vi: 'Đèn tín hiệu giao thông' });
    await create(trees, 'Đã cắt tỉa cây');

    const offered = await call(cookies.handler, 'GET', `/api/v1/reply-templates?categoryId=${lights}`);
    expect(offered.statusCode).toBe(200);
    expect(offered.json<{ title: string }[]>().map((t) => t.title)).toEqual([
      'Đã thay đèn tín hiệu',
      'Đã sửa mặt đường',
      'Cảm ơn phản ánh',
    ]);
    expect(
      (await call(cookies.handler, 'GET', `/api/v1/reply-templates?categoryId=${NO_ID}`)).statusCode,
    ).toBe(404);
    expect((await asAdmin('GET', '/api/v1/admin/reply-templates')).json<unknown[]>()).toHaveLength(4);

    const edited = await asAdmin('PATCH', `/api/v1/admin/reply-templates/${own.id}`, {
      title: 'Đã sửa đèn tín hiệu',
      categoryId: roads,
    });
    expect(edited.json()).toMatchObject({ title: 'Đã sửa đèn tín hiệu', categoryId: roads });
    const blank = await asAdmin('PATCH', `/api/v1/admin/reply-templates/${own.id}`, { title: ' \n ' }, 'en');
    expect(blank.statusCode).toBe(400);
    expect(problemsOf(blank).details).toMatchObject([
      { field: '/body/title', messages: { en: 'Please enter the template’s title.' } },
    ]);
    const unknown = await asAdmin('POST', '/api/v1/admin/reply-templates', {
      categoryId: NO_ID,
      title: 'X',
      body: 'Y',
    });
    expect(problemsOf(unknown).details?.[0]?.field).toBe('/body/categoryId');
    const tooLong = await asAdmin('POST', '/api/v1/admin/reply-templates', {
      categoryId: null,
      title: 'X',
      body: 'a'.repeat(5001),
    });
    expect(tooLong.statusCode).toBe(400);

    expect((await asAdmin('DELETE', `/api/v1/admin/reply-templates/${parent.id}`)).statusCode).toBe(204);
    expect((await asAdmin('DELETE', `/api/v1/admin/reply-templates/${parent.id}`)).statusCode).toBe(404);
    expect(await auditActions(own.id)).toEqual(['reply_template.create', 'reply_template.update']);
    expect(await auditActions(parent.id)).toEqual(['reply_template.create', 'reply_template.delete']);
  });
});

describe(`guides and FAQ on ${backend}`, () => {
  const entry = (vi: string) => ({
    kind: 'faq',
    title: { vi: 'Phản ánh có mất phí không?', en: 'Does reporting cost anything?' },
    body: { vi, en: 'No.\n\n- Sending a report is free.\n- Following it is free.' },
  });

  it('writes, checks the markup of, moves and removes an entry, which the portal then shows', async () => {
    const before = (await asAdmin('GET', '/api/v1/admin/guides')).json<{ slug: string; kind: string }[]>();
    const faqs = before.filter((g) => g.kind === 'faq').map((g) => g.slug);
    expect(faqs.length).toBeGreaterThan(1);

    const created = await asAdmin(
      'PUT',
      '/api/v1/admin/guides/mien-phi',
      entry('Không.\n\n1. Gửi phản ánh miễn phí.'),
    );
    expect(created.statusCode).toBe(201);
    let portal = (await call(undefined, 'GET', '/api/v1/public/guides')).json<{
      guides: { slug: string; body: { vi: string } }[];
    }>();
    expect(portal.guides.at(-1)).toMatchObject({
      slug: 'mien-phi',
      body: { vi: 'Không.\n\n1. Gửi phản ánh miễn phí.' },
    });

    const html = await asAdmin('PUT', '/api/v1/admin/guides/mien-phi', entry('Không <b>mất phí</b>.'));
    expect(html.statusCode).toBe(400);
    expect(problemsOf(html).details?.[0]).toMatchObject({ field: '/body/body/vi' });
    expect(problemsOf(html).details?.[0]?.messages?.vi).toMatch(/^Nội dung không được chứa mã HTML/);
    const picture = await asAdmin(
      'PUT',
      '/api/v1/admin/guides/mien-phi',
      entry('Xem ảnh ![ảnh](https://example.com/a.png) bên dưới.'),
    );
    expect(problemsOf(picture).details?.[0]?.messages?.en).toMatch(
      /^A picture must be a paragraph of its own/,
    );
    const ownPicture = await asAdmin(
      'PUT',
      '/api/v1/admin/guides/mien-phi',
      entry('Không.\n\n![Trang đăng nhập](/huong-dan/anh/dang-nhap.png)'),
    );
    expect(ownPicture.statusCode).toBe(200);

    const moved = await asAdmin('POST', '/api/v1/admin/guides/mien-phi/move', { direction: 'up' });
    const order = moved
      .json<{ slug: string; kind: string }[]>()
      .filter((g) => g.kind === 'faq')
      .map((g) => g.slug);
    expect(order).toEqual([...faqs.slice(0, -1), 'mien-phi', ...faqs.slice(-1)]);
    portal = (await call(undefined, 'GET', '/api/v1/public/guides')).json();
    expect(portal.guides.at(-2)?.slug).toBe('mien-phi');

    expect((await asAdmin('DELETE', '/api/v1/admin/guides/mien-phi')).statusCode).toBe(204);
    expect((await asAdmin('DELETE', '/api/v1/admin/guides/mien-phi')).statusCode).toBe(404);
    expect(await auditActions('mien-phi')).toEqual([
      'guide.create',
      'guide.update',
      'guide.move',
      'guide.delete',
    ]);
  });
});

describe(`officer accounts on ${backend}`, () => {
  it('lists officers by name whatever the accents, with their positions, and filters by role and agency', async () => {
    const found = await asAdmin('GET', `/api/v1/admin/accounts?q=${encodeURIComponent('le thi huong')}`);
    expect(found.statusCode).toBe(200);
    const list = found.json<{
      total: number;
      items: { username: string; positions: { role: string; agency: { name: string } | null }[] }[];
    }>();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ username: 'canbo.tiepnhan1', positions: [{ role: 'receiver' }] });
    expect(list.items[0]?.positions[0]?.agency?.name).toMatch(/\S/);

    const handlers = await asAdmin('GET', '/api/v1/admin/accounts?role=handler&limit=2');
    expect(handlers.json<{ total: number; items: unknown[] }>()).toMatchObject({ total: 4 });
    expect(handlers.json<{ items: unknown[] }>().items).toHaveLength(2);
    const gtvt = await idOf('agencies', 'slug', 'ubnd-bac-giang.so-gtvt');
    const ofAgency = await asAdmin('GET', `/api/v1/admin/accounts?agencyId=${gtvt}`);
    expect(ofAgency.json<{ items: { username: string }[] }>().items.map((o) => o.username)).toEqual([
      'lanhdao.sogtvt',
      'xuly.sogtvt',
    ]);
    // Citizens are not officers.
    expect((await asAdmin('GET', '/api/v1/admin/accounts?q=nguoidan1')).json<{ total: number }>().total).toBe(
      0,
    );
  });

  it('creates an officer, edits them, gives and ends positions', async () => {
    const gtvt = await idOf('agencies', 'slug', 'ubnd-bac-giang.so-gtvt');
    const unscoped = await asAdmin('POST', '/api/v1/admin/accounts', {
      username: 'Xuly.Moi',
      displayName: 'Nguyễn Văn Mới',
      position: { role: 'handler', agencyId: null, areaId: null },
    });
    expect(unscoped.statusCode).toBe(400);
    expect(problemsOf(unscoped).details?.[0]?.messages?.vi).toBe(
      'Vai trò “Cán bộ xử lý” phải gắn với một cơ quan hoặc một địa bàn.',
    );
    const taken = await asAdmin('POST', '/api/v1/admin/accounts', {
      username: 'XULY.SOGTVT',
      displayName: 'Trùng tên',
      position: { role: 'handler', agencyId: gtvt, areaId: null },
    });
    expect(problemsOf(taken).details?.map((d) => d.field)).toEqual(['/body/username']);

    const created = await asAdmin('POST', '/api/v1/admin/accounts', {
      username: 'Xuly.Moi',
      displayName: ' Nguyễn  Văn Mới ',
      email: 'XULY.MOI@bacgiang.gov.vn',
      phone: '0912 345 678',
      position: { role: 'handler', agencyId: gtvt, areaId: null, validFrom: '2026-01-05' },
    });
    expect(created.statusCode).toBe(201);
    const officer = created.json<{ id: string; positions: { id: string }[] }>();
    expect(created.json()).toMatchObject({
      username: 'xuly.moi',
      displayName: 'Nguyễn Văn Mới',
      email: 'xuly.moi@bacgiang.gov.vn',
      phone: '+84912345678',
      disabled: false,
      hasPassword: false,
      positions: [
        { role: 'handler', agency: { id: gtvt }, area: null, validFrom: '2026-01-05', validTo: null },
      ],
    });

    const badPhone = await asAdmin('PATCH', `/api/v1/admin/accounts/${officer.id}`, { phone: '12345' });
    expect(problemsOf(badPhone).details?.[0]?.field).toBe('/body/phone');
    const renamed = await asAdmin('PATCH', `/api/v1/admin/accounts/${officer.id}`, {
      displayName: 'Nguyễn Văn Mới Đổi',
      email: null,
    });
    expect(renamed.json()).toMatchObject({ displayName: 'Nguyễn Văn Mới Đổi', email: null });

    const leader = await asAdmin('POST', `/api/v1/admin/accounts/${officer.id}/positions`, {
      role: 'agency_leader',
      agencyId: gtvt,
      areaId: null,
      validFrom: '2026-03-01',
    });
    expect(leader.statusCode).toBe(200);
    const positions = leader.json<{ positions: { id: string; role: string }[] }>().positions;
    expect(positions.map((p) => p.role)).toEqual(['handler', 'agency_leader']);
    const again = await asAdmin('POST', `/api/v1/admin/accounts/${officer.id}/positions`, {
      role: 'agency_leader',
      agencyId: gtvt,
      areaId: null,
      validFrom: '2026-04-01',
    });
    expect(problemsOf(again).details?.[0]?.messages?.vi).toBe('Cán bộ đã giữ vị trí công tác này.');

    const handlerPosition = positions[0]!.id;
    const ended = await asAdmin(
      'POST',
      `/api/v1/admin/accounts/${officer.id}/positions/${handlerPosition}/end`,
      {
        on: '2026-03-01',
      },
    );
    expect(ended.json<{ positions: { id: string; validTo: string | null }[] }>().positions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: handlerPosition, validTo: '2026-03-01' })]),
    );
    const twice = await asAdmin(
      'POST',
      `/api/v1/admin/accounts/${officer.id}/positions/${handlerPosition}/end`,
      {
        on: '2026-04-01',
      },
    );
    expect(twice.statusCode).toBe(400);
    // A position not begun by its end is removed.
    const leaderPosition = positions[1]!.id;
    const removed = await asAdmin(
      'POST',
      `/api/v1/admin/accounts/${officer.id}/positions/${leaderPosition}/end`,
      {
        on: '2026-02-01',
      },
    );
    expect(removed.json<{ positions: { id: string }[] }>().positions.map((p) => p.id)).toEqual([
      handlerPosition,
    ]);

    expect(await auditActions(officer.id)).toEqual([
      'account.create',
      'account.update',
      'account.position.add',
      'account.position.end',
      'account.position.end',
    ]);
  });

  it('disables an officer, ending their sessions, and never the administrator’s own account', async () => {
    const cookie = await officerCookie(testApp.app, database, 'xuly.lucngan', 41);
    expect((await call(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const id = await idOf('accounts', 'username', 'xuly.lucngan');
    expect((await asAdmin('POST', `/api/v1/admin/accounts/${id}/disable`)).statusCode).toBe(204);
    expect((await asAdmin('GET', `/api/v1/admin/accounts/${id}`)).json()).toMatchObject({ disabled: true });
    expect((await call(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(
      (await asAdmin('GET', '/api/v1/admin/accounts?status=disabled'))
        .json<{ items: { id: string }[] }>()
        .items.map((o) => o.id),
    ).toEqual([id]);
    expect((await asAdmin('POST', `/api/v1/admin/accounts/${id}/enable`)).statusCode).toBe(204);
    expect((await asAdmin('GET', `/api/v1/admin/accounts/${id}`)).json()).toMatchObject({ disabled: false });
    expect(await auditActions(id)).toEqual(['account.disabled', 'account.enabled']);

    const self = await idOf('accounts', 'username', 'admin');
    const own = await asAdmin('POST', `/api/v1/admin/accounts/${self}/disable`);
    expect(problemsOf(own).details?.[0]?.messages?.vi).toBe('Không thể tự khoá tài khoản của chính mình.');
    const adminPosition = (await asAdmin('GET', `/api/v1/admin/accounts/${self}`)).json<{
      positions: { id: string }[];
    }>().positions[0]!.id;
    const endOwn = await asAdmin('POST', `/api/v1/admin/accounts/${self}/positions/${adminPosition}/end`, {
      on: '2026-01-01',
    });
    expect(problemsOf(endOwn).details?.[0]?.messages?.vi).toBe(
      'Không thể tự kết thúc vị trí quản trị của chính mình.',
    );
    const citizen = await idOf('accounts', 'username', 'nguoidan1');
    expect((await asAdmin('GET', `/api/v1/admin/accounts/${citizen}`)).statusCode).toBe(404);
  });
});
