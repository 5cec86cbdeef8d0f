// The officers' statistics (GET /api/v1/stats/leader and its XLSX and CSV exports) over reports taken through the
// workflow at known times: exact figures (on time across Tết and a weekend, late within an extension, overdue
// now, a return, ratings, handling time in working days), groupings and periods; what each role may see (an
// agency leader only their agency: another agency is refused); the files give the JSON's rows cell for cell,
// the CSV with a BOM and no formula Excel would run; bad parameters are refused in Vietnamese and English.
import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderStatsEn, leaderStatsVi } from '../../web/src/i18n/leader-stats.js';
import { loadExcel } from '../../src/modules/accounts/officer-file.js';
import { authDb, currentPositions } from '../../src/modules/auth/store.js';
import { importDataSet } from '../../src/modules/org/service.js';
import { leaderCsv } from '../../src/modules/stats/leader-export.js';
import type { LeaderReply, LeaderRow } from '../../src/modules/stats/leader.js';
import type { Actor } from '../../src/platform/auth/policy.js';
import { localDate } from '../../src/platform/calendar/calendar.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { citizenCookie, officerCookie } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
const ids = new Map<string, string>();
const idOf = (table: string, slug: string): string => {
  const id = ids.get(`${table}:${slug}`);
  if (!id) throw new Error(`no ${table} ${slug}`);
  return id;
};
const GTVT = () => idOf('agencies', 'ubnd-bac-giang.so-gtvt');
const TNMT = () => idOf('agencies', 'ubnd-bac-giang.so-tnmt');

let cookies: { provincial: string; leader: string; receiver: string; handler: string; citizen: string };
let citizen: Actor;

async function actorOf(username: string): Promise<Actor> {
  const account = await authDb(database.db)
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    accountId: account.id,
    kind: 'officer',
    // Today's positions (the demo's begin on the day it was loaded), acting at earlier times.
    positions: await currentPositions(authDb(database.db), account.id, localDate(new Date())),
    sessionId: 'test',
    requestId: 'test',
  };
}

/** An instant given in Vietnam's wall-clock time. */
const vn = (local: string) => new Date(`${local}:00+07:00`);

interface Step {
  at: string;
  who: Actor;
  action: string;
  input?: object;
}

/** A citizen's report submitted at `submitted`, then taken through `steps`. */
async function report(submitted: string, area: string, steps: Step[]): Promise<{ id: string; code: string }> {
  const sent = await testApp.reports.submit(
    citizen,
    {
      categoryId: idOf('categories', 've-sinh-moi-truong-rac-thai'),
      description: 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.',
      location: { areaId: idOf('areas', area) },
      channel: 'web',
    },
    { now: vn(submitted) },
  );
  for (const step of steps)
    await testApp.workflow
      .act(step.who, sent.body.id, step.action, step.input ?? {}, { now: vn(step.at) })
      .catch((error: unknown) => {
        throw new Error(`${step.action} at ${step.at}`, { cause: error });
      });
  return { id: sent.body.id, code: sent.body.code };
}

const CHU = 'bac-giang.luc-ngan.chu';
const TRAN_PHU = 'bac-giang.tp-bac-giang.tran-phu';

/** Office minutes of each handled report, from submission to the approved answer (07:30–11:30, 13:30–17:00). */
const HANDLING_MINUTES = {
  // Friday 13 Feb 09:00 → Tuesday 24 Feb 10:00: 6 h on Friday, Tết (16–20 Feb) and the weekend, 7.5 h on
  // Monday 23, 2.5 h on Tuesday.
  a: 960,
  // Monday 2 Mar 08:00 → Tuesday 10 Mar 15:00: 7 h, four days of 7.5 h, a weekend, 7.5 h, 5.5 h.
  b: 3000,
  // Thursday 5 Mar 10:00 → Monday 9 Mar 09:00: 5 h, 7.5 h, a weekend, 1.5 h.
  d: 840,
  // Wednesday 1 Apr 08:00 → Thursday 2 Apr 16:00: 7 h, 6.5 h.
  g: 810,
};

const fixture: Record<string, { id: string; code: string }> = {};

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['areas', 'agencies', 'categories'] as const)
    for (const r of (
      await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
    ).rows)
      ids.set(`${table}:${r.slug}`, r.id);
  testApp = await startTestApp(database);
  cookies = {
    provincial: await officerCookie(testApp.app, database, 'lanhdao.ubndtinh', 1),
    leader: await officerCookie(testApp.app, database, 'lanhdao.sogtvt', 2),
    receiver: await officerCookie(testApp.app, database, 'canbo.tiepnhan1', 3),
    handler: await officerCookie(testApp.app, database, 'xuly.sogtvt', 4),
    citizen: await citizenCookie(testApp, '0988111333'),
  };
  const me = await testApp.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookies.citizen } });
  citizen = {
    accountId: me.json<{ accountId: string }>().accountId,
    kind: 'citizen',
    positions: [],
    sessionId: 'test',
    requestId: 'test',
  };

  const receiver = await actorOf('canbo.tiepnhan1');
  const gtvtHandler = await actorOf('xuly.sogtvt');
  const gtvtLeader = await actorOf('lanhdao.sogtvt');
  const tnmtHandler = await actorOf('xuly.sotnmt');
  // The demo has no leader of Sở TN&MT: its handler's account, holding that position for these steps.
  const tnmtLeader: Actor = {
    ...tnmtHandler,
    positions: [{ role: 'agency_leader', agencyIds: new Set([TNMT()]), areaIds: null }],
  };
  const intake = (at: string, agency: string): Step[] => [
    { at, who: receiver, action: 'accept' },
    { at, who: receiver, action: 'assign', input: { leadAgencyId: agency } },
  ];
  const answer = (handler: Actor, leader: Actor, at: string): Step[] => [
    { at, who: handler, action: 'submit_answer', input: { text: 'Đã thu gom rác, vệ sinh khu vực.' } },
    { at, who: leader, action: 'approve_answer' },
  ];
  const publish = (at: string): Step => ({
    at,
    who: receiver,
    action: 'publish',
    input: { publicAnswer: 'Đã thu gom rác.' },
  });

  // A — Sở GTVT, on time across Tết 2026 (due Wednesday 25 Feb), published, rated satisfied.
  fixture.a = await report('2026-02-13T09:00', CHU, [
    ...intake('2026-02-13T09:00', GTVT()),
    { at: '2026-02-23T08:00', who: gtvtHandler, action: 'acknowledge' },
    ...answer(gtvtHandler, gtvtLeader, '2026-02-24T10:00'),
    publish('2026-02-24T11:00'),
    { at: '2026-02-25T08:00', who: citizen, action: 'rate_satisfied' },
  ]);
  // B — Sở GTVT, due Thursday 5 Mar, extended to the 12th, answered on the 10th: late against the first due date;
  // rated unsatisfied (the reporter asks for it to be handled again).
  fixture.b = await report('2026-03-02T08:00', CHU, [
    ...intake('2026-03-02T08:00', GTVT()),
    { at: '2026-03-02T09:00', who: gtvtHandler, action: 'acknowledge' },
    {
      at: '2026-03-04T09:00',
      who: gtvtHandler,
      action: 'request_extension',
      input: {
        reason: 'Cần phối hợp với đơn vị thu gom.',
        proposedDueAt: vn('2026-03-12T17:00').toISOString(),
      },
    },
    { at: '2026-03-04T10:00', who: receiver, action: 'approve_extension' },
    ...answer(gtvtHandler, gtvtLeader, '2026-03-10T15:00'),
    publish('2026-03-10T16:00'),
    {
      at: '2026-03-11T08:00',
      who: citizen,
      action: 'rate_unsatisfied',
      input: { comment: 'Rác vẫn còn ở cuối ngõ.' },
    },
  ]);
  // C — Sở GTVT, due Monday 9 Mar, never answered: overdue now.
  fixture.c = await report('2026-03-04T09:00', CHU, [
    ...intake('2026-03-04T09:00', GTVT()),
    { at: '2026-03-04T10:00', who: gtvtHandler, action: 'acknowledge' },
  ]);
  // H — the same problem sent again, merged into C: counted in C, not on its own.
  fixture.h = await report('2026-03-04T10:00', CHU, [
    { at: '2026-03-04T11:00', who: receiver, action: 'merge', input: { targetReportId: fixture.c.id } },
  ]);
  // D — in TP Bắc Giang: Sở GTVT returns it as not its remit, Sở TN&MT answers on time; rated satisfied.
  fixture.d = await report('2026-03-05T10:00', TRAN_PHU, [
    ...intake('2026-03-05T10:00', GTVT()),
    {
      at: '2026-03-05T14:00',
      who: gtvtHandler,
      action: 'return',
      input: { reason: 'Không thuộc thẩm quyền của Sở Giao thông vận tải.' },
    },
    { at: '2026-03-05T15:00', who: receiver, action: 'assign', input: { leadAgencyId: TNMT() } },
    { at: '2026-03-06T08:00', who: tnmtHandler, action: 'acknowledge' },
    ...answer(tnmtHandler, tnmtLeader, '2026-03-09T09:00'),
    publish('2026-03-09T10:00'),
    { at: '2026-03-09T14:00', who: citizen, action: 'rate_satisfied' },
  ]);
  // E — rejected at intake; F — still waiting for intake.
  fixture.e = await report('2026-03-06T10:00', CHU, [
    {
      at: '2026-03-06T11:00',
      who: receiver,
      action: 'reject',
      input: { reasonCode: 'not_a_report' },
    },
  ]);
  fixture.f = await report('2026-03-09T10:00', CHU, []);
  // G — April, Sở TN&MT, answered on time, approved but neither published nor rated.
  fixture.g = await report('2026-04-01T08:00', CHU, [
    ...intake('2026-04-01T08:00', TNMT()),
    { at: '2026-04-01T09:00', who: tnmtHandler, action: 'acknowledge' },
    ...answer(tnmtHandler, tnmtLeader, '2026-04-02T16:00'),
  ]);
});

afterAll(async () => {
  await testApp.close();
  await database.close();
});

async function get(cookie: string | null, url: string, lang = 'vi') {
  return testApp.app.inject({
    url,
    headers: { ...(cookie === null ? {} : { cookie }), 'accept-language': lang },
  });
}

async function stats(cookie: string, query: string): Promise<LeaderReply> {
  const res = await get(cookie, `/api/v1/stats/leader?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<LeaderReply>();
}

const figures = (row: Partial<LeaderRow>) => {
  const { key: _key, nameVi: _vi, nameEn: _en, ...rest } = row;
  return rest;
};

const NOTHING = {
  received: 0,
  rejected: 0,
  inProgress: 0,
  handled: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  onTimePercent: null,
  avgHandlingDays: null,
  returns: 0,
  rated: 0,
  satisfied: 0,
  satisfactionPercent: null,
  cameDue: 0,
};

describe(`officers' statistics on ${backend}`, () => {
  it('counts handling time in office hours of working days, across Tết and weekends', async () => {
    const { calendar } = await testApp.reports.org(new Date());
    const minutes = async (key: keyof typeof HANDLING_MINUTES) => {
      const r = await sql<{
        submitted_at: Date;
        resolved_at: Date;
      }>`select submitted_at, resolved_at from reports where id = ${fixture[key]!.id}::uuid`.execute(
        database.db,
      );
      const row = r.rows[0]!;
      return calendar.workingTimeBetween(row.submitted_at, row.resolved_at);
    };
    for (const key of Object.keys(HANDLING_MINUTES) as (keyof typeof HANDLING_MINUTES)[])
      expect(await minutes(key), key).toBe(HANDLING_MINUTES[key]);
  });

  it('gives the exact figures of the province, by agency', async () => {
    const reply = await stats(cookies.provincial, 'groupBy=agency&from=2026-02&to=2026-04');
    expect(reply.scope).toEqual({ everything: true, units: [] });
    expect(reply.columns).toEqual([
      'received',
      'rejected',
      'inProgress',
      'handled',
      'onTime',
      'late',
      'overdue',
      'onTimePercent',
      'avgHandlingDays',
      'returns',
      'rated',
      'satisfied',
      'satisfactionPercent',
    ]);
    const { a, b, d, g } = HANDLING_MINUTES;
    const days = (...m: number[]) => Math.round((m.reduce((x, y) => x + y, 0) / m.length / 450) * 10) / 10;
    expect(reply.total).toEqual({
      received: 7,
      rejected: 1,
      inProgress: 2,
      handled: 4,
      onTime: 3,
      late: 2,
      overdue: 1,
      onTimePercent: 60,
      avgHandlingDays: days(a, b, d, g),
      returns: 1,
      rated: 3,
      satisfied: 2,
      satisfactionPercent: 66.7,
      cameDue: 5,
    });
    expect(days(a, b, d, g)).toBe(3.1);
    expect(reply.rows.map((r) => [r.key, r.nameVi])).toEqual([
      [GTVT(), 'Sở Giao thông vận tải tỉnh Bắc Giang'],
      [TNMT(), 'Sở Tài nguyên và Môi trường tỉnh Bắc Giang'],
      [null, 'Chưa giao cơ quan xử lý'],
    ]);
    const [gtvt, tnmt, none] = reply.rows;
    expect(figures(gtvt!)).toEqual({
      received: 3,
      rejected: 0,
      inProgress: 1,
      handled: 2,
      onTime: 1,
      late: 2,
      overdue: 1,
      onTimePercent: 33.3,
      avgHandlingDays: days(a, b),
      returns: 1,
      rated: 2,
      satisfied: 1,
      satisfactionPercent: 50,
      cameDue: 3,
    });
    expect(days(a, b)).toBe(4.4);
    expect(figures(tnmt!)).toEqual({
      ...NOTHING,
      received: 2,
      handled: 2,
      onTime: 2,
      onTimePercent: 100,
      avgHandlingDays: 1.8,
      rated: 1,
      satisfied: 1,
      satisfactionPercent: 100,
      cameDue: 2,
    });
    expect(figures(none!)).toEqual({ ...NOTHING, received: 2, rejected: 1, inProgress: 1 });
  });

  it('groups by month (every month of the period), status, area and category, and filters', async () => {
    const months = await stats(cookies.receiver, 'groupBy=month&from=2026-01&to=2026-05');
    expect(months.rows.map((r) => [r.key, r.nameVi, r.nameEn, r.received])).toEqual([
      ['2026-01', 'Tháng 01/2026', 'Jan 2026', 0],
      ['2026-02', 'Tháng 02/2026', 'Feb 2026', 1],
      ['2026-03', 'Tháng 03/2026', 'Mar 2026', 5],
      ['2026-04', 'Tháng 04/2026', 'Apr 2026', 1],
      ['2026-05', 'Tháng 05/2026', 'May 2026', 0],
    ]);
    expect(months.rows[2]).toMatchObject({
      handled: 2,
      overdue: 1,
      late: 2,
      onTimePercent: 33.3,
      returns: 1,
    });
    expect(months.rows[0]).toMatchObject(NOTHING);

    const march = await stats(cookies.provincial, 'groupBy=status&from=2026-03&to=2026-03');
    expect(march.total).toMatchObject({ received: 5, handled: 2, inProgress: 2, rejected: 1 });
    expect(march.rows.map((r) => [r.key, r.nameVi, r.received])).toEqual([
      ['submitted', 'Chờ tiếp nhận', 1],
      ['rejected', 'Từ chối tiếp nhận', 1],
      ['in_progress', 'Đang xử lý', 1],
      ['reopen_requested', expect.any(String), 1],
      ['closed', expect.any(String), 1],
    ]);

    const areas = await stats(cookies.provincial, 'groupBy=area&from=2026-02&to=2026-04');
    expect(areas.rows.map((r) => [r.key, r.nameVi, r.received, r.returns])).toEqual([
      [idOf('areas', 'bac-giang.luc-ngan'), 'Huyện Lục Ngạn', 6, 0],
      [idOf('areas', 'bac-giang.tp-bac-giang'), expect.stringMatching(/Bắc Giang$/), 1, 1],
    ]);
    const lucNgan = await stats(
      cookies.provincial,
      `groupBy=area&from=2026-02&to=2026-04&areaId=${idOf('areas', 'bac-giang.luc-ngan')}`,
    );
    expect(lucNgan.filters.area).toMatchObject({ nameVi: 'Huyện Lục Ngạn' });
    expect(lucNgan.rows.map((r) => [r.key, r.received])).toEqual([[idOf('areas', CHU), 6]]);
    expect(lucNgan.total).toMatchObject({ received: 6, returns: 0, handled: 3 });

    const category = await stats(
      cookies.provincial,
      `groupBy=category&from=2026-02&to=2026-04&categoryId=${idOf('categories', 've-sinh-moi-truong-rac-thai')}`,
    );
    expect(category.rows.map((r) => r.received)).toEqual([7]);
    const otherCategory = await stats(
      cookies.provincial,
      `groupBy=category&categoryId=${idOf('categories', 'cay-xanh')}`,
    );
    expect(otherCategory.rows).toEqual([]);
    expect(otherCategory.total).toEqual(NOTHING);

    const transport = await stats(
      cookies.provincial,
      `groupBy=month&from=2026-02&to=2026-04&agencyId=${GTVT()}`,
    );
    expect(transport.filters.agency).toMatchObject({
      id: GTVT(),
      nameVi: 'Sở Giao thông vận tải tỉnh Bắc Giang',
    });
    expect(transport.total).toMatchObject({ received: 3, returns: 1, overdue: 1 });
  });

  it('shows an agency leader their agency only, and refuses another agency', async () => {
    const own = await stats(cookies.leader, 'groupBy=agency&from=2026-02&to=2026-04');
    expect(own.scope.everything).toBe(false);
    expect(own.scope.units.map((u) => u.nameVi)).toEqual(['Sở Giao thông vận tải tỉnh Bắc Giang']);
    expect(own.rows.map((r) => r.key)).toEqual([GTVT()]);
    expect(own.total).toMatchObject({ received: 3, handled: 2, overdue: 1, returns: 1, onTimePercent: 33.3 });
    const byMonth = await stats(cookies.leader, 'groupBy=month&from=2026-02&to=2026-04');
    expect(byMonth.total).toEqual(own.total);

    const other = await get(cookies.leader, `/api/v1/stats/leader?agencyId=${TNMT()}`);
    expect(other.statusCode).toBe(403);
    const { error } = other.json<{ error: { code: string; messages: { vi: string; en: string } } }>();
    expect(error.code).toBe('stats_out_of_scope');
    expect(error.messages.vi).toMatch(/^Bạn chỉ được xem số liệu/);
    expect(error.messages.en).toMatch(/^You may only see the figures/);
    for (const format of ['xlsx', 'csv'])
      expect(
        (await get(cookies.leader, `/api/v1/stats/leader/export.${format}?agencyId=${TNMT()}`)).statusCode,
      ).toBe(403);
    expect((await get(cookies.leader, `/api/v1/stats/leader?agencyId=${GTVT()}`)).statusCode).toBe(200);

    type Agencies = { agencies: { id: string; depth: number }[] };
    const agencies = (await get(cookies.leader, '/api/v1/stats/leader/agencies')).json<Agencies>();
    expect(agencies.agencies.map((a) => a.id)).toContain(GTVT());
    expect(agencies.agencies.map((a) => a.id)).not.toContain(TNMT());
    const everyAgency = (await get(cookies.provincial, '/api/v1/stats/leader/agencies')).json<Agencies>();
    expect(everyAgency.agencies.map((a) => a.id)).toEqual(expect.arrayContaining([GTVT(), TNMT()]));

    // Handlers and citizens have no statistics; nobody without a session.
    for (const cookie of [cookies.handler, cookies.citizen])
      expect((await get(cookie, '/api/v1/stats/leader')).json<{ error: { code: string } }>().error.code).toBe(
        'forbidden',
      );
    expect((await get(null, '/api/v1/stats/leader')).statusCode).toBe(401);
    expect((await get(null, '/api/v1/stats/leader/export.xlsx')).statusCode).toBe(401);
  });

  it('writes an XLSX workbook with the JSON rows, cell for cell', async () => {
    const query = 'groupBy=agency&from=2026-02&to=2026-04';
    const reply = await stats(cookies.provincial, query);
    for (const lang of ['vi', 'en'] as const) {
      const res = await get(cookies.provincial, `/api/v1/stats/leader/export.xlsx?${query}&lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="thong-ke-pakn-co-quan-2026-02-2026-04.xlsx"',
      );
      const workbook = new (await loadExcel()).Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const [sheet, about] = workbook.worksheets;
      const catalogue = lang === 'vi' ? leaderStatsVi : leaderStatsEn;
      expect(sheet!.name).toBe(catalogue['leaderStats.file.sheet']);
      const cells = (n: number) => {
        const values = sheet!.getRow(n).values as unknown[];
        return Array.from({ length: reply.columns.length + 1 }, (_, i) => values[i + 1] ?? null);
      };
      expect(cells(1)).toEqual([
        catalogue['leaderStats.group.agency'],
        ...reply.columns.map((c) => catalogue[`leaderStats.col.${c}`]),
      ]);
      reply.rows.forEach((row, i) => {
        expect(cells(i + 2)).toEqual([
          lang === 'vi' ? row.nameVi : row.nameEn,
          ...reply.columns.map((c) => row[c]),
        ]);
      });
      const totalRow = reply.rows.length + 2;
      expect(cells(totalRow)).toEqual([
        catalogue['leaderStats.total'],
        ...reply.columns.map((c) => reply.total[c]),
      ]);
      expect(sheet!.rowCount).toBe(totalRow);
      expect(sheet!.getRow(2).getCell(reply.columns.indexOf('onTimePercent') + 2).numFmt).toBe('0.0');
      // The second sheet says what was counted.
      const aboutText = (about!.getSheetValues() as unknown[][]).flat().filter((v) => typeof v === 'string');
      expect(aboutText).toContain(
        lang === 'vi' ? 'Từ tháng 02/2026 đến tháng 04/2026' : 'February 2026 to April 2026',
      );
      expect(aboutText).toContain(catalogue['leaderStats.how.days']);
    }
  });

  it('writes a CSV with a BOM, the JSON rows, and no cell Excel would run as a formula', async () => {
    // An agency name a malicious import could have brought in.
    const formula = '=HYPERLINK("http://evil.example/","Sở TN&MT")';
    await sql`update agencies set name = ${formula} where id = ${TNMT()}::uuid`.execute(database.db);
    try {
      const query = 'groupBy=agency&from=2026-02&to=2026-04';
      const reply = await stats(cookies.provincial, query);
      const res = await get(cookies.provincial, `/api/v1/stats/leader/export.csv?${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      const records = parseCsv(text);
      expect(records[0]).toEqual([
        leaderStatsVi['leaderStats.group.agency'],
        ...reply.columns.map((c) => leaderStatsVi[`leaderStats.col.${c}`]),
      ]);
      const asText = (v: number | null) => (v === null ? '' : String(v));
      expect(records.slice(1)).toEqual([
        ...reply.rows.map((r) => [
          r.nameVi.startsWith('=') ? `'${r.nameVi}` : r.nameVi,
          ...reply.columns.map((c) => asText(r[c])),
        ]),
        [leaderStatsVi['leaderStats.total'], ...reply.columns.map((c) => asText(reply.total[c]))],
      ]);
      expect(records.map((r) => r[0])).toContain(`'${formula}`);
      // Every start Excel would take for a formula: = + - @ tab and carriage return.
      const names = ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'Sở Xây dựng'];
      const csv = leaderCsv(
        { ...reply, rows: names.map((n, i) => ({ ...reply.rows[0]!, key: String(i), nameVi: n })) },
        'vi',
      )
        .toString('utf8')
        .slice(1);
      expect(
        parseCsv(csv)
          .slice(1, -1)
          .map((r) => r[0]),
      ).toEqual(["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'Sở Xây dựng']);
    } finally {
      await sql`update agencies set name = 'Sở Tài nguyên và Môi trường tỉnh Bắc Giang' where id = ${TNMT()}::uuid`.execute(
        database.db,
      );
    }
  });

  it('refuses bad parameters with a message in Vietnamese or English', async () => {
    type ErrorBody = {
      error: {
        code: string;
        message: string;
        details?: { field: string; messages?: { vi: string; en: string } }[];
      };
    };
    const bad = async (query: string, lang = 'vi', path = '') => {
      const res = await get(cookies.provincial, `/api/v1/stats/leader${path}?${query}`, lang);
      expect(res.statusCode, query).toBe(400);
      const { error } = res.json<ErrorBody>();
      expect(error.code).toBe('validation_failed');
      return error;
    };
    const backwards = await bad('from=2026-05&to=2026-04');
    expect(backwards.details).toEqual([
      expect.objectContaining({
        field: '/querystring/to',
        messages: {
          vi: 'Tháng kết thúc không được trước tháng bắt đầu.',
          en: 'The last month must not be before the first month.',
        },
      }),
    ]);
    expect(backwards.message).toBe(
      'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại các trường được nêu.',
    );
    expect((await bad('from=2026-05&to=2026-04', 'en')).message).toBe(
      'The submitted data is not valid. Please check the fields listed.',
    );
    await bad('groupBy=ward');
    await bad('from=2026-13');
    await bad('agencyId=so-gtvt');
    await bad('colour=blue');
    await bad('lang=fr', 'vi', '/export.csv');
    await bad('from=2026-5', 'vi', '/export.xlsx');
    const unknown = await bad('agencyId=00000000-0000-4000-8000-000000000000');
    expect(unknown.details?.[0]).toMatchObject({
      field: '/querystring/agencyId',
      messages: { vi: 'Không tìm thấy cơ quan đã chọn.', en: 'The agency chosen does not exist.' },
    });
  });
});
