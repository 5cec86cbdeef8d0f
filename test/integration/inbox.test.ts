// The officers' inboxes over HTTP on both back ends: each role sees exactly its tabs with the right counts; every
// tab's SQL selects exactly what the workflow machine says (tabs.ts `holds`) for every stored report; items in the
// order of urgency; filters and search with and without diacritics; 403 and 400; a report moving through the
// workflow moves between tabs; no reporter identity in items or events; the live stream (Server-Sent Events over
// LISTEN/NOTIFY) tells of a report another connection submits — on PostgreSQL from another app instance — and a
// stopping server does not wait for open streams.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPositions } from '../../src/modules/auth/store.js';
import { idsQuery, inboxReportOf } from '../../src/modules/inbox/store.js';
import { InboxStreams } from '../../src/modules/inbox/stream.js';
import { TABS, inboxScope, tabHolds, type TabId } from '../../src/modules/inbox/tabs.js';
import { importDataSet } from '../../src/modules/org/service.js';
import { dueSoonUntil } from '../../src/modules/workflow/machine.js';
import { localDate } from '../../src/platform/calendar/calendar.js';
import type { Actor, Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole, officerCookie } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase, quietLogger, type TestDatabase } from '../support/backends.js';

let testDatabase: TestDatabase;
let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
/** Officers beyond the one per role: a coordinating agency's handler, a district's handler, another leader. */
let tnmtHandler: string;
let lucNganHandler: string;
let cityLeader: string;
const ids = new Map<string, string>();

const idOf = (table: 'areas' | 'agencies' | 'categories' | 'accounts', key: string): string => {
  const id = ids.get(`${table}:${key}`);
  if (!id) throw new Error(`no ${table} ${key}`);
  return id;
};
const GTVT = () => idOf('agencies', 'ubnd-bac-giang.so-gtvt');
const TNMT = () => idOf('agencies', 'ubnd-bac-giang.so-tnmt');
const CHU = () => idOf('agencies', 'ubnd-bac-giang.ubnd-luc-ngan.ubnd-chu');
const WASTE = () => idOf('categories', 've-sinh-moi-truong-rac-thai');
const TRAFFIC = () => idOf('categories', 'an-toan-giao-thong');

beforeAll(async () => {
  testDatabase = await openTestDatabase();
  database = testDatabase.database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['areas', 'agencies', 'categories'] as const)
    for (const r of (
      await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
    ).rows)
      ids.set(`${table}:${r.slug}`, r.id);
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
  tnmtHandler = await officerCookie(testApp.app, database, 'xuly.sotnmt', 41);
  lucNganHandler = await officerCookie(testApp.app, database, 'xuly.lucngan', 42);
  cityLeader = await officerCookie(testApp.app, database, 'lanhdao.tpbacgiang', 43);
  for (const r of (
    await sql<{
      id: string;
      username: string;
    }>`select id, username from accounts where username is not null`.execute(database.db)
  ).rows)
    ids.set(`accounts:${r.username}`, r.id);
});
/** The last test stops the app itself. */
let stopped = false;
afterAll(async () => {
  if (!stopped) await testApp.close();
  await database.close();
});

interface TabView {
  id: string;
  role: string;
  count: number;
}
interface Item {
  id: string;
  code: string;
  status: string;
  description: string;
  submittedAt: string;
  due: { clock: string; dueAt: string; flag: string } | null;
  photoCount: number;
  returns: number;
  involvement: string | null;
  category: { id: string; name: { vi: string; en: string } } | null;
}
interface Page {
  tab: string;
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

async function submit(
  description: string,
  extra: { categoryId?: string; area?: string; contact?: object; mediaIds?: string[] } = {},
): Promise<{ id: string; code: string }> {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { cookie: cookies.citizen },
    payload: {
      categoryId: extra.categoryId ?? WASTE(),
      description,
      location: { areaId: idOf('areas', extra.area ?? 'bac-giang.luc-ngan.chu'), address: 'Đầu ngõ 12' },
      ...(extra.contact ? { contact: extra.contact } : {}),
      ...(extra.mediaIds ? { mediaIds: extra.mediaIds } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function hotline(description: string): Promise<{ id: string; code: string }> {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/reports/hotline',
    headers: { cookie: cookies.receiver },
    payload: {
      categoryId: TRAFFIC(),
      description,
      location: { areaId: idOf('areas', 'bac-giang.luc-ngan.chu') },
      contact: { name: 'Người gọi đường dây nóng', phone: '0912 777 888' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function act(cookie: string, ref: string, action: string, input: object = {}): Promise<void> {
  const res = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/reports/${ref}/workflow/${action}`,
    headers: { cookie },
    payload: { input },
  });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}

const assign = (ref: string, lead = GTVT(), coordinating: string[] = []) =>
  act(cookies.receiver, ref, 'assign', { leadAgencyId: lead, coordinatingAgencyIds: coordinating });

async function tabsOf(cookie: string): Promise<TabView[]> {
  const res = await testApp.app.inject({ url: '/api/v1/inbox/tabs', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ tabs: (TabView & { label: unknown })[] }>().tabs.map(({ id, role, count }) => ({
    id,
    role,
    count,
  }));
}

async function pageOf(cookie: string, query: Record<string, string | number>): Promise<Page> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await testApp.app.inject({ url: `/api/v1/inbox?${search.toString()}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every report id of a tab (all pages), with filters. */
async function idsIn(cookie: string, tab: TabId, query: Record<string, string> = {}): Promise<string[]> {
  const found: string[] = [];
  for (let page = 1; ; page++) {
    const body = await pageOf(cookie, { ...query, tab, page, pageSize: 100 });
    found.push(...body.items.map((i) => i.id));
    if (body.items.length < 100) return found;
  }
}

/** The signed-in officer as a service sees them: their positions valid today. */
async function actorOf(username: string): Promise<Actor> {
  const accountId = idOf('accounts', username);
  return {
    accountId,
    kind: 'officer',
    positions: await currentPositions(database.db, accountId, localDate(new Date())),
    sessionId: `test-${username}`,
    requestId: 'test',
  };
}

const setColumns = (id: string, set: ReturnType<typeof sql>) =>
  sql`update reports set ${set} where id = ${id}::uuid`.execute(database.db);

/** The scenario every test reads: one report per tab of every role, in the states the workflow reaches. */
type Key =
  | 'fresh'
  | 'accepted'
  | 'hotline'
  | 'returned'
  | 'extension'
  | 'reopen'
  | 'assigned'
  | 'working'
  | 'dueSoon'
  | 'overdue'
  | 'sentBack'
  | 'approval'
  | 'escalated'
  | 'commune'
  | 'closed'
  | 'duplicate'
  | 'approved';
const r = {} as Record<Key, { id: string; code: string }>;

describe(`officers' inboxes on ${backend}`, () => {
  it('gives each role exactly its tabs, with the number of reports in each', async () => {
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

    // Receivers: new (submitted, and accepted waiting to be sent), hotline, returned, extensions, reopen.
    r.fresh = await submit('Rác thải đổ trộm cạnh chợ Chũ, bốc mùi nhiều ngày.', {
      mediaIds: [uploaded.json<{ id: string }>().id],
      contact: { name: 'Trần Thị Bí Mật', phone: '0912 345 678', email: 'bi.mat@example.vn' },
    });
    r.accepted = await submit('Đèn đường hỏng cả dãy phố, tối om buổi đêm.', { categoryId: TRAFFIC() });
    await act(cookies.receiver, r.accepted.code, 'accept');
    r.hotline = await hotline('Ổ gà lớn giữa đường tỉnh 290, xe máy ngã liên tục. Người gọi: 0987 654 321.');
    r.returned = await submit('Cây đổ chắn ngang đường vào thôn.');
    await act(cookies.receiver, r.returned.code, 'accept');
    await assign(r.returned.code);
    await act(cookies.handler, r.returned.code, 'return', { reason: 'Không thuộc thẩm quyền của Sở GTVT.' });
    r.extension = await submit('Cống thoát nước bị tắc, nước thải tràn ra đường.');
    await act(cookies.receiver, r.extension.code, 'accept');
    await assign(r.extension.code);
    await act(cookies.handler, r.extension.code, 'acknowledge');
    await act(cookies.handler, r.extension.code, 'request_extension', {
      reason: 'Cần thuê đơn vị nạo vét chuyên dụng.',
      proposedDueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    r.reopen = await submit('Bãi rác tự phát ven sông, rác tràn xuống nước.');
    await act(cookies.receiver, r.reopen.code, 'accept');
    await assign(r.reopen.code);
    await act(cookies.handler, r.reopen.code, 'acknowledge');
    await act(cookies.handler, r.reopen.code, 'submit_answer', { text: 'Đã dọn bãi rác.' });
    await act(cookies.agency_leader, r.reopen.code, 'approve_answer');
    await act(cookies.receiver, r.reopen.code, 'publish', { publicAnswer: 'Đã dọn bãi rác ven sông.' });
    await act(cookies.citizen, r.reopen.code, 'rate_unsatisfied', { comment: 'Rác lại đổ ra sau hai ngày.' });

    // An agency (Sở GTVT): assigned (Sở TN&MT coordinates), in progress on time, due soon, overdue, sent back;
    // its leader: an answer to approve. The province: an escalated report. A district commune's report.
    r.assigned = await submit('Vỉa hè bị lấn chiếm để kinh doanh, người đi bộ phải xuống lòng đường.');
    await act(cookies.receiver, r.assigned.code, 'accept');
    await assign(r.assigned.code, GTVT(), [TNMT()]);
    const inProgress = async (key: Key, description: string) => {
      r[key] = await submit(description);
      await act(cookies.receiver, r[key].code, 'accept');
      await assign(r[key].code);
      await act(cookies.handler, r[key].code, 'acknowledge');
    };
    await inProgress('working', 'Biển báo giao thông bị che khuất bởi cây xanh.');
    await inProgress('dueSoon', 'Nắp hố ga bị vỡ trên đường Trần Phú.');
    await inProgress('overdue', 'Đường ngập sâu sau mưa lớn, xe chết máy hàng loạt.');
    await inProgress('sentBack', 'Dải phân cách bị xe đâm đổ chưa được sửa.');
    await act(cookies.handler, r.sentBack.code, 'submit_answer', { text: 'Đã sửa.' });
    await act(cookies.agency_leader, r.sentBack.code, 'send_back_answer', {
      reason: 'Bổ sung ảnh sau sửa chữa.',
    });
    await inProgress('approval', 'Cầu dân sinh xuống cấp, lan can gãy.');
    await act(cookies.handler, r.approval.code, 'submit_answer', { text: 'Đã gia cố lan can.' });
    await inProgress('escalated', 'Xe quá tải chạy ban đêm làm hỏng đường liên xã.');
    await act(cookies.handler, r.escalated.code, 'return', { reason: 'Cần liên ngành.' });
    await act(cookies.receiver, r.escalated.code, 'escalate', { reason: 'Liên quan nhiều đơn vị.' });
    r.commune = await submit('Mương thủy lợi bị lấp, nước tràn vào ruộng.');
    await act(cookies.receiver, r.commune.code, 'accept');
    // Led by a commune, coordinated by its district: the district's officers reach it both ways, and see it once.
    await assign(r.commune.code, CHU(), [idOf('agencies', 'ubnd-bac-giang.ubnd-luc-ngan')]);
    r.closed = await submit('Rác thải đã được dọn, gửi nhầm.');
    await act(cookies.receiver, r.closed.code, 'reject', { reasonCode: 'not_a_report' });
    r.duplicate = await submit('Lại thấy rác đổ trộm ở chợ Chũ.');
    await act(cookies.receiver, r.duplicate.code, 'merge', { targetReportId: r.fresh.id });
    // Approved, waiting for the receivers to publish it: in no tab of the list.
    await inProgress('approved', 'Biển chỉ dẫn bị gãy ở nút giao.');
    await act(cookies.handler, r.approved.code, 'submit_answer', { text: 'Đã thay biển mới.' });
    await act(cookies.agency_leader, r.approved.code, 'approve_answer');

    // Deadlines as the working calendar puts them: one due within the due-soon margin, one past.
    const now = new Date();
    const { calendar } = await testApp.reports.org(now);
    const soon = new Date(dueSoonUntil(now, calendar).getTime() - 60_000);
    await setColumns(r.dueSoon.id, sql`due_at = ${soon}`);
    await setColumns(r.overdue.id, sql`due_at = ${new Date(now.getTime() - 86_400_000)}`);

    expect(await tabsOf(cookies.receiver)).toEqual([
      { id: 'new', role: 'receiver', count: 2 },
      { id: 'returned', role: 'receiver', count: 1 },
      { id: 'extensions', role: 'receiver', count: 1 },
      { id: 'reopen', role: 'receiver', count: 1 },
      { id: 'hotline', role: 'receiver', count: 1 },
    ]);
    const agency = (counts: number[]) =>
      ['assigned', 'in_progress', 'due_soon', 'overdue', 'sent_back'].map((id, i) => ({
        id,
        role: 'agency',
        count: counts[i],
      }));
    // In progress: extension, working, due soon, overdue, sent back.
    expect(await tabsOf(cookies.handler)).toEqual(agency([1, 5, 1, 1, 1]));
    expect(await tabsOf(cookies.agency_leader)).toEqual([
      ...agency([1, 5, 1, 1, 1]),
      { id: 'approval', role: 'leader', count: 1 },
      { id: 'agency_overdue', role: 'leader', count: 1 },
    ]);
    // A coordinating agency sees the report it helps with; a district sees its commune's.
    expect(await tabsOf(tnmtHandler)).toEqual(agency([1, 0, 0, 0, 0]));
    expect(await tabsOf(lucNganHandler)).toEqual(agency([1, 0, 0, 0, 0]));
    expect(await tabsOf(cityLeader)).toEqual([
      ...agency([0, 0, 0, 0, 0]),
      { id: 'approval', role: 'leader', count: 0 },
      { id: 'agency_overdue', role: 'leader', count: 0 },
    ]);
    expect(await tabsOf(cookies.provincial_leader)).toEqual([
      { id: 'escalated', role: 'provincial', count: 1 },
    ]);
    expect(await tabsOf(cookies.auditor)).toEqual([]);
    expect(await tabsOf(cookies.admin)).toEqual([]);

    // The lists hold exactly what the counts count.
    expect(await idsIn(cookies.receiver, 'new')).toEqual([r.fresh.id, r.accepted.id]);
    expect(await idsIn(cookies.receiver, 'hotline')).toEqual([r.hotline.id]);
    expect(await idsIn(cookies.receiver, 'returned')).toEqual([r.returned.id]);
    expect(await idsIn(cookies.receiver, 'extensions')).toEqual([r.extension.id]);
    expect(await idsIn(cookies.receiver, 'reopen')).toEqual([r.reopen.id]);
    expect(await idsIn(cookies.handler, 'due_soon')).toEqual([r.dueSoon.id]);
    expect(await idsIn(cookies.handler, 'overdue')).toEqual([r.overdue.id]);
    expect(await idsIn(cookies.handler, 'sent_back')).toEqual([r.sentBack.id]);
    expect(await idsIn(cookies.agency_leader, 'approval')).toEqual([r.approval.id]);
    expect(await idsIn(cookies.agency_leader, 'agency_overdue')).toEqual([r.overdue.id]);
    expect(await idsIn(cookies.provincial_leader, 'escalated')).toEqual([r.escalated.id]);
    expect(await idsIn(tnmtHandler, 'assigned')).toEqual([r.assigned.id]);
    expect(await idsIn(lucNganHandler, 'assigned')).toEqual([r.commune.id]);
    const assigned = await pageOf(tnmtHandler, { tab: 'assigned' });
    expect(assigned.items[0]?.involvement).toBe('coordinating');
    expect((await pageOf(cookies.handler, { tab: 'assigned' })).items[0]?.involvement).toBe('lead');
  });

  it('selects in SQL exactly the reports the workflow machine puts in each tab, for every report and officer', async () => {
    const now = new Date();
    const { calendar } = await testApp.reports.org(now);
    const reports = await Promise.all(
      (await sql<{ id: string }>`select id from reports order by id`.execute(database.db)).rows.map((row) =>
        inboxReportOf(database.db, row.id),
      ),
    );
    expect(reports.length).toBeGreaterThanOrEqual(17);
    let checked = 0;
    for (const username of [
      'canbo.tiepnhan1',
      'xuly.sogtvt',
      'lanhdao.sogtvt',
      'xuly.sotnmt',
      'xuly.lucngan',
      'lanhdao.tpbacgiang',
      'lanhdao.ubndtinh',
      'giamsat',
    ]) {
      const actor = await actorOf(username);
      const scope = inboxScope(actor);
      const context = { now, dueSoonUntil: dueSoonUntil(now, calendar), scope };
      for (const tab of TABS) {
        const expected = reports
          .filter((report) => tabHolds(tab, report, actor, now, calendar))
          .map((report) => report.id)
          .sort();
        if (!tab.given(scope)) {
          expect(expected, `${username} ${tab.id}`).toEqual([]);
          continue;
        }
        const selected = await idsQuery(tab, context).execute(database.db);
        expect(selected.rows.map((row) => row.id).sort(), `${username} ${tab.id}`).toEqual(expected);
        checked += expected.length;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('lists the most urgent first: the running clock’s due date, none last, then the oldest', async () => {
    const inProgress = await pageOf(cookies.handler, { tab: 'in_progress' });
    expect(inProgress.items.map((i) => i.id)).toEqual([
      r.overdue.id,
      r.dueSoon.id,
      // Due five working days after their assignment, in the order they were assigned.
      r.extension.id,
      r.working.id,
      r.sentBack.id,
    ]);
    expect(inProgress.items.map((i) => i.due?.flag)).toEqual([
      'overdue',
      'due_soon',
      'on_time',
      'on_time',
      'on_time',
    ]);
    expect(inProgress.items.every((i) => i.due?.clock === 'resolve')).toBe(true);
    // A submitted report's intake clock runs; an accepted one waits for routing with no clock: last.
    const fresh = await pageOf(cookies.receiver, { tab: 'new' });
    expect(fresh.items.map((i) => [i.id, i.due?.clock ?? null])).toEqual([
      [r.fresh.id, 'intake'],
      [r.accepted.id, null],
    ]);
    const assigned = await pageOf(cookies.handler, { tab: 'assigned' });
    expect(assigned.items[0]?.due?.clock).toBe('acknowledge');
    // Pages: two of two items, then past the end.
    const first = await pageOf(cookies.handler, { tab: 'in_progress', pageSize: 2 });
    const second = await pageOf(cookies.handler, { tab: 'in_progress', pageSize: 2, page: 2 });
    const beyond = await pageOf(cookies.handler, { tab: 'in_progress', pageSize: 2, page: 9 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(
      inProgress.items.slice(0, 4).map((i) => i.id),
    );
    expect([first.total, second.total, beyond.total, beyond.items.length]).toEqual([5, 5, 5, 0]);
    expect([second.page, second.pageSize]).toEqual([2, 2]);
  });

  it('filters by category, area, agency and priority, and searches with or without diacritics and by code', async () => {
    const all = await idsIn(cookies.handler, 'in_progress');
    expect(await idsIn(cookies.handler, 'in_progress', { categoryId: TRAFFIC() })).toEqual([]);
    expect(await idsIn(cookies.handler, 'in_progress', { categoryId: WASTE() })).toEqual(all);
    // Lục Ngạn district holds the commune of Chũ, where every report here is.
    expect(
      await idsIn(cookies.handler, 'in_progress', { areaId: idOf('areas', 'bac-giang.luc-ngan') }),
    ).toEqual(all);
    expect(
      await idsIn(cookies.handler, 'in_progress', { areaId: idOf('areas', 'bac-giang.tp-bac-giang') }),
    ).toEqual([]);
    expect(await idsIn(cookies.handler, 'in_progress', { agencyId: TNMT() })).toEqual([]);
    expect(await idsIn(cookies.handler, 'in_progress', { agencyId: GTVT() })).toEqual(all);
    expect(await idsIn(cookies.handler, 'in_progress', { priority: 'urgent' })).toEqual([]);
    expect(await idsIn(cookies.handler, 'in_progress', { priority: 'normal' })).toEqual(all);

    for (const q of ['nắp hố ga', 'nap ho ga', 'NẮP HỐ', 'Nap ho g'])
      expect(await idsIn(cookies.handler, 'in_progress', { q }), q).toEqual([r.dueSoon.id]);
    expect(await idsIn(cookies.handler, 'in_progress', { q: 'đường' })).toEqual(
      expect.arrayContaining([r.dueSoon.id, r.overdue.id]),
    );
    expect(await idsIn(cookies.handler, 'in_progress', { q: r.working.code.toLowerCase() })).toEqual([
      r.working.id,
    ]);
    // A code of another tab finds nothing here.
    expect(await idsIn(cookies.handler, 'in_progress', { q: r.fresh.code })).toEqual([]);
    expect(await idsIn(cookies.receiver, 'new', { q: 'cho chu' })).toEqual([r.fresh.id]);
    const searched = await pageOf(cookies.handler, { tab: 'in_progress', q: 'ngập', categoryId: WASTE() });
    expect([searched.total, searched.items[0]?.id]).toEqual([1, r.overdue.id]);
  });

  it('refuses a tab the officer’s positions do not give (403) and bad parameters (400), in both languages', async () => {
    const forbidden = await testApp.app.inject({
      url: '/api/v1/inbox?tab=new',
      headers: { cookie: cookies.handler },
    });
    expect(forbidden.statusCode).toBe(403);
    const body = forbidden.json<{ error: { code: string; messages: { vi: string; en: string } } }>();
    expect(body.error.code).toBe('inbox_tab_forbidden');
    expect(body.error.messages.vi).toMatch(/hộp công việc/);
    expect(body.error.messages.en).toMatch(/inbox tab/);
    for (const [cookie, tab] of [
      [cookies.receiver, 'approval'],
      [cookies.agency_leader, 'escalated'],
      [cookies.provincial_leader, 'in_progress'],
      [cookies.auditor, 'new'],
    ] as const) {
      const res = await testApp.app.inject({ url: `/api/v1/inbox?tab=${tab}`, headers: { cookie } });
      expect(res.statusCode, tab).toBe(403);
    }
    for (const url of ['/api/v1/inbox?tab=new', '/api/v1/inbox/tabs', '/api/v1/inbox/stream']) {
      const citizen = await testApp.app.inject({ url, headers: { cookie: cookies.citizen } });
      const nobody = await testApp.app.inject({ url });
      expect([url, citizen.statusCode, nobody.statusCode]).toEqual([url, 403, 401]);
    }
    for (const query of [
      'tab=nothing',
      '',
      'tab=new&page=0',
      'tab=new&pageSize=101',
      'tab=new&page=x',
      'tab=new&categoryId=not-a-uuid',
      'tab=new&areaId=12',
      'tab=new&priority=soon',
      `tab=new&q=${'a'.repeat(201)}`,
    ]) {
      const res = await testApp.app.inject({
        url: `/api/v1/inbox?${query}`,
        headers: { cookie: cookies.receiver, 'accept-language': 'en' },
      });
      expect(res.statusCode, query).toBe(400);
      const error = res.json<{ error: { code: string; message: string; messages: { vi: string } } }>().error;
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(/not valid/);
      expect(error.messages.vi).toMatch(/không hợp lệ/);
    }
  });

  it('moves a report between tabs as it goes through the workflow', async () => {
    const report = await submit('Cột điện nghiêng sắp đổ trước cổng trường học.');
    const where = async () => {
      const found: string[] = [];
      for (const [who, cookie] of [
        ['receiver', cookies.receiver],
        ['handler', cookies.handler],
        ['leader', cookies.agency_leader],
        ['province', cookies.provincial_leader],
      ] as const)
        for (const tab of await tabsOf(cookie))
          if (tab.count > 0 && (await idsIn(cookie, tab.id as TabId)).includes(report.id))
            found.push(`${who}:${tab.id}`);
      return found;
    };
    expect(await where()).toEqual(['receiver:new']);
    await act(cookies.receiver, report.code, 'accept');
    expect(await where()).toEqual(['receiver:new']);
    await assign(report.code);
    expect(await where()).toEqual(['handler:assigned', 'leader:assigned']);
    await act(cookies.handler, report.code, 'acknowledge');
    expect(await where()).toEqual(['handler:in_progress', 'leader:in_progress']);
    await act(cookies.handler, report.code, 'submit_answer', { text: 'Đã chằng chống cột điện.' });
    expect(await where()).toEqual(['leader:approval']);
    await act(cookies.agency_leader, report.code, 'send_back_answer', { reason: 'Ghi rõ đơn vị phối hợp.' });
    expect(await where()).toEqual([
      'handler:in_progress',
      'handler:sent_back',
      'leader:in_progress',
      'leader:sent_back',
    ]);
    await act(cookies.handler, report.code, 'return', { reason: 'Thuộc Điện lực Bắc Giang.' });
    expect(await where()).toEqual(['receiver:returned']);
    await act(cookies.receiver, report.code, 'escalate', { reason: 'Cần chỉ đạo liên ngành.' });
    expect(await where()).toEqual(['province:escalated']);
    await act(cookies.provincial_leader, report.code, 'direct', {
      directive: 'Giao Sở GTVT chủ trì.',
      leadAgencyId: GTVT(),
    });
    expect(await where()).toEqual(['handler:assigned', 'leader:assigned']);
    const returns = (await pageOf(cookies.handler, { tab: 'assigned' })).items.find(
      (i) => i.id === report.id,
    );
    expect(returns?.returns).toBe(1);
  });

  it('never carries the reporter’s identity in items; counts photos; masks contact details typed in the text', async () => {
    const pages = [
      await pageOf(cookies.receiver, { tab: 'new' }),
      await pageOf(cookies.receiver, { tab: 'hotline' }),
    ];
    const text = JSON.stringify(pages);
    for (const secret of [
      'Bí Mật',
      'bi.mat@example.vn',
      '345 678',
      '345678',
      'Người gọi đường dây nóng',
      '777 888',
      '654 321',
    ])
      expect(text).not.toContain(secret);
    const [fresh] = pages[0]!.items;
    expect(fresh?.photoCount).toBe(1);
    expect(pages[1]!.items[0]?.description).toContain('[đã ẩn]');
    const item = pages[0]!.items[0] as unknown as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(
      [
        'agency',
        'area',
        'category',
        'channel',
        'code',
        'description',
        'due',
        'id',
        'involvement',
        'pendingExtension',
        'photoCount',
        'priority',
        'returns',
        'status',
        'submittedAt',
        'suggestedAgency',
        'version',
      ].sort(),
    );
    const extension = (await pageOf(cookies.receiver, { tab: 'extensions' })).items[0] as unknown as {
      pendingExtension: { proposedDueAt: string } | null;
    };
    expect(extension.pendingExtension?.proposedDueAt).toMatch(/^\d{4}-/);
  });
});

describe(`inbox API description on ${backend}`, () => {
  it('shows the three routes, the tab ids and the item in /openapi.json', async () => {
    const res = await testApp.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/inbox', '/api/v1/inbox/tabs', '/api/v1/inbox/stream']),
    );
    const tab = doc.paths['/api/v1/inbox']?.get?.parameters?.find((p) => p.name === 'tab');
    expect(tab?.schema?.enum).toEqual(TABS.map((t) => t.id));
    const text = res.body;
    for (const field of ['photoCount', 'pendingExtension', 'involvement', 'text/event-stream'])
      expect(text).toContain(field);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The live stream, over real HTTP

interface StreamClient {
  /** Everything received so far. */
  text(): string;
  events(): { reportId: string; status: string; kind: string }[];
  /** Resolves when the received text satisfies `test` (rejects after `ms`). */
  until(test: (text: string) => boolean, ms?: number): Promise<void>;
  status: number;
  headers: http.IncomingHttpHeaders;
  ended: Promise<void>;
  close(): void;
}

async function listen(app: TestApp['app']): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function openStream(base: string, cookie: string): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/api/v1/inbox/stream`, {
      headers: { cookie, accept: 'text/event-stream' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let received = '';
      const waiters = new Set<() => void>();
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
        response.on('error', () => {
          done();
        });
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
        for (const w of waiters) w();
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: () => received,
        events: () =>
          [...received.matchAll(/event: inbox\ndata: (.*)\n\n/g)].map(
            (m) => JSON.parse(m[1] ?? '{}') as { reportId: string; status: string; kind: string },
          ),
        until(test, ms = 10_000) {
          return new Promise<void>((done, fail) => {
            const check = () => {
              if (test(received)) {
                waiters.delete(check);
                clearTimeout(timer);
                done();
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`stream did not get there in ${ms} ms; received:\n${received}`));
            }, ms);
            waiters.add(check);
            check();
          });
        },
        ended,
        close() {
          request.destroy();
        },
      });
    });
  });
}

describe(`live inbox stream on ${backend}`, () => {
  it('tells an officer of a report submitted and changed, and only of reports that concern them', async () => {
    const base = await listen(testApp.app);
    const receiver = await openStream(base, cookies.receiver);
    const district = await openStream(base, lucNganHandler);
    try {
      expect(receiver.status).toBe(200);
      expect(receiver.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(receiver.headers['cache-control']).toBe('no-cache, no-transform');
      await receiver.until((t) => t.includes(': connected'));
      await district.until((t) => t.includes(': connected'));

      const report = await submit('Rác thải ùn ứ sau phiên chợ, mời cán bộ kiểm tra.', {
        contact: { name: 'Lê Văn Kín', phone: '0913 222 444', email: 'kin@example.vn' },
      });
      await receiver.until((t) => t.includes(report.id));
      expect(receiver.events()).toContainEqual({ reportId: report.id, status: 'submitted', kind: 'created' });

      await act(cookies.receiver, report.code, 'accept');
      await assign(report.code, CHU());
      await receiver.until(() => receiver.events().filter((e) => e.reportId === report.id).length >= 3);
      expect(receiver.events().filter((e) => e.reportId === report.id)).toEqual([
        { reportId: report.id, status: 'submitted', kind: 'created' },
        { reportId: report.id, status: 'accepted', kind: 'changed' },
        { reportId: report.id, status: 'assigned', kind: 'changed' },
      ]);
      // The district hears of its commune's report from the assignment on, and of nothing before.
      await district.until((t) => t.includes(report.id));
      expect(district.events()).toEqual([{ reportId: report.id, status: 'assigned', kind: 'changed' }]);
      for (const stream of [receiver, district])
        for (const secret of ['Kín', '0913', '222 444', 'kin@example.vn', 'Rác thải'])
          expect(stream.text()).not.toContain(secret);
    } finally {
      receiver.close();
      district.close();
    }
  });

  it('limits the streams of one session, and refuses them to citizens and officers without an inbox', async () => {
    const base = await listen(testApp.app);
    const open: StreamClient[] = [];
    try {
      for (let i = 0; i < 4; i++) open.push(await openStream(base, cookies.agency_leader));
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      const fifth = await testApp.app.inject({
        url: '/api/v1/inbox/stream',
        headers: { cookie: cookies.agency_leader },
      });
      expect(fifth.statusCode).toBe(429);
      const error = fifth.json<{ error: { code: string; messages: { vi: string; en: string } } }>().error;
      expect(error.code).toBe('too_many_streams');
      expect(error.messages.vi).toMatch(/quá nhiều cửa sổ/);
      // Another session of another officer is not affected.
      const other = await openStream(base, cookies.handler);
      open.push(other);
      expect(other.status).toBe(200);
      // A window closed frees its place.
      open[0]!.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await openStream(base, cookies.agency_leader);
      open.push(again);
      expect(again.status).toBe(200);
    } finally {
      for (const s of open) s.close();
    }
    expect(
      (await testApp.app.inject({ url: '/api/v1/inbox/stream', headers: { cookie: cookies.auditor } }))
        .statusCode,
    ).toBe(403);
  });

  it('sends keepalive comments and ends a stream after its time, and ends them all when stopping', async () => {
    const streams = new InboxStreams({
      database,
      logger: quietLogger,
      keepaliveMs: 50,
      maxAgeMs: 400,
    });
    try {
      const actor = await actorOf('canbo.tiepnhan1');
      const out = await streams.open(actor);
      let text = '';
      out.setEncoding('utf8');
      out.on('data', (chunk: string) => (text += chunk));
      await new Promise<void>((resolve) => out.on('end', resolve));
      expect(text.startsWith('retry: 3000\n: connected\n\n')).toBe(true);
      expect(text.match(/: keepalive\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
      // Stopping: open streams end at once.
      const second = await streams.open(actor);
      second.resume();
      const ended = new Promise<void>((resolve) => second.on('end', resolve));
      streams.endAll();
      await ended;
      await expect(streams.open(actor)).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await streams.close();
    }
  });

  it.runIf(backend === 'postgres')(
    'reaches a stream on another app instance sharing the database, and stops without waiting for it',
    async () => {
      const otherDatabase = await testDatabase.openAnother();
      const other = await startTestApp(otherDatabase);
      let stream: StreamClient | undefined;
      try {
        const base = await listen(other.app);
        // The same session works on any instance: sessions are in the database.
        stream = await openStream(base, cookies.receiver);
        await stream.until((t) => t.includes(': connected'));
        const report = await submit('Đèn tín hiệu giao thông ngã tư tắt từ sáng.');
        await stream.until((t) => t.includes(report.id));
        expect(stream.events()).toContainEqual({ reportId: report.id, status: 'submitted', kind: 'created' });
        // The instance stops with the stream open: the stream ends and the stop does not hang.
        const started = Date.now();
        await other.close();
        await stream.ended;
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        stream?.close();
        await otherDatabase.close();
      }
    },
  );

  it('stops the app with open streams without waiting for them', async () => {
    // The file's own app, last: nothing runs after it.
    const base = await listen(testApp.app);
    const streams = [await openStream(base, cookies.receiver), await openStream(base, cookies.handler)];
    await Promise.all(streams.map((s) => s.until((t) => t.includes(': connected'))));
    const started = Date.now();
    stopped = true;
    await testApp.close();
    await Promise.all(streams.map((s) => s.ended));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
