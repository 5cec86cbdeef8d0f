// The workflow on stored reports, over HTTP as each role: a whole journey with an extension, a sent-back
// answer, an unsatisfied rating and a reopening; refusals by role, agency, state, input and version; returns
// counted per agency; merging carries followers over; deadlines on the working calendar (weekend, Tết 2026,
// an extension); the deadline watch alerts once however often and however many times at once it runs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import { deliverAlerts } from '../../src/modules/workflow/alerts.js';
import { watchDeadlines } from '../../src/modules/workflow/deadlines.js';
import { chainQueuedAudit, verifyAuditChain } from '../../src/platform/audit.js';
import type { Actor, Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR, ROOT_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole, officerCookie } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

const run = promisify(execFile);

let database: Database;
let testDatabase: Awaited<ReturnType<typeof openTestDatabase>>;
let testApp: TestApp;
let cookies: Record<Role, string>;
/** Handlers of an agency that coordinates, and of one that has nothing to do with the report. */
let tnmtHandler: string;
let lucNganHandler: string;
const ids = new Map<string, string>();

const idOf = (table: 'areas' | 'agencies' | 'categories' | 'accounts', key: string): string => {
  const id = ids.get(`${table}:${key}`);
  if (!id) throw new Error(`no ${table} ${key}`);
  return id;
};

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
  for (const r of (
    await sql<{
      id: string;
      username: string;
    }>`select id, username from accounts where username is not null`.execute(database.db)
  ).rows)
    ids.set(`accounts:${r.username}`, r.id);
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

const GTVT = () => idOf('agencies', 'ubnd-bac-giang.so-gtvt');
const TNMT = () => idOf('agencies', 'ubnd-bac-giang.so-tnmt');

interface ErrorReply {
  error: {
    code: string;
    messages: { vi: string; en: string };
    details?: { field: string; messages?: { vi: string } }[];
  };
}

async function submit(cookie?: string, extra: object = {}): Promise<{ id: string; code: string }> {
  const res = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: cookie ? { cookie } : {},
    payload: {
      categoryId: idOf('categories', 've-sinh-moi-truong-rac-thai'),
      description: 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.',
      location: { areaId: idOf('areas', 'bac-giang.luc-ngan.chu'), address: 'Đầu ngõ 12' },
      contact: { email: 'nguoi.gui@example.vn' },
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function act(
  cookie: string,
  ref: string,
  action: string,
  input: object = {},
  options: { version?: number; key?: string } = {},
) {
  return testApp.app.inject({
    method: 'POST',
    url: `/api/v1/reports/${ref}/workflow/${action}`,
    headers: { cookie, ...(options.key ? { 'idempotency-key': options.key } : {}) },
    payload: { input, ...(options.version !== undefined ? { version: options.version } : {}) },
  });
}

/** Takes the action and expects it to succeed; returns the new status. */
async function ok(cookie: string, ref: string, action: string, input: object = {}): Promise<string> {
  const res = await act(cookie, ref, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<{ status: string }>().status;
}

async function view(cookie: string, ref: string) {
  const res = await testApp.app.inject({ url: `/api/v1/reports/${ref}/workflow`, headers: { cookie } });
  return {
    statusCode: res.statusCode,
    body: res.json<{
      status: string;
      version: number;
      actions: string[];
      deadlines: Record<string, { dueAt: string | null; originalDueAt: string | null; flag: string | null }>;
    }>(),
  };
}

const row = async (id: string) =>
  (await sql<Record<string, unknown>>`select * from reports where id = ${id}::uuid`.execute(database.db))
    .rows[0]!;

describe(`a whole handling journey on ${backend}`, () => {
  it('goes from intake to a satisfied rating, through an extension, a send-back and a reopening', async () => {
    const report = await submit(cookies.citizen);
    const start = await view(cookies.receiver, report.code);
    expect(start.body.status).toBe('submitted');
    expect(start.body.actions).toEqual(expect.arrayContaining(['accept', 'reject', 'merge', 'note']));
    expect(start.body.deadlines.intake?.dueAt).not.toBeNull();

    expect(await ok(cookies.receiver, report.code, 'accept')).toBe('accepted');
    expect(
      await ok(cookies.receiver, report.id, 'assign', {
        leadAgencyId: GTVT(),
        coordinatingAgencyIds: [TNMT()],
      }),
    ).toBe('assigned');
    const assigned = await row(report.id);
    expect(assigned.agency_id).toBe(GTVT());
    expect(assigned.coordinating_agency_ids).toEqual([TNMT()]);
    expect(assigned.acknowledge_due_at).not.toBeNull();
    expect(assigned.due_at).not.toBeNull();
    // The coordinating agency sees it and may add notes, but does not take it.
    expect((await view(tnmtHandler, report.code)).body.actions).toEqual(['note']);
    expect((await view(cookies.handler, report.code)).body.actions).toEqual(
      expect.arrayContaining(['acknowledge', 'return', 'note']),
    );

    expect(await ok(cookies.handler, report.code, 'acknowledge')).toBe('in_progress');
    const due = new Date(String((await row(report.id)).due_at));
    const later = new Date(due.getTime() + 3 * 86_400_000).toISOString();
    expect(
      await ok(cookies.handler, report.code, 'request_extension', {
        reason: 'Cần phối hợp với Công ty Môi trường đô thị để bố trí xe thu gom.',
        proposedDueAt: later,
      }),
    ).toBe('in_progress');
    expect((await view(cookies.handler, report.code)).body.actions).not.toContain('request_extension');
    expect(await ok(cookies.receiver, report.code, 'approve_extension')).toBe('in_progress');
    const extended = await row(report.id);
    expect(new Date(String(extended.due_at)).toISOString()).toBe(later);
    expect(new Date(String(extended.original_due_at)).getTime()).toBe(due.getTime());

    expect(
      await ok(cookies.handler, report.code, 'submit_answer', { text: 'Đã thu gom rác, vệ sinh khu vực.' }),
    ).toBe('answered');
    expect(
      await ok(cookies.agency_leader, report.code, 'send_back_answer', {
        reason: 'Cần bổ sung ảnh sau xử lý.',
      }),
    ).toBe('in_progress');
    await ok(cookies.handler, report.code, 'submit_answer', {
      text: 'Đã thu gom toàn bộ rác, khử mùi khu vực.',
    });
    expect(await ok(cookies.agency_leader, report.code, 'approve_answer')).toBe('approved');
    expect((await row(report.id)).resolved_at).not.toBeNull();
    expect(
      await ok(cookies.receiver, report.code, 'publish', {
        publicAnswer: 'Sở GTVT đã phối hợp thu gom toàn bộ rác, khử mùi khu vực.',
      }),
    ).toBe('published');
    expect(
      await ok(cookies.citizen, report.code, 'rate_unsatisfied', { comment: 'Rác lại đổ sau hai ngày.' }),
    ).toBe('reopen_requested');
    expect(
      await ok(cookies.receiver, report.code, 'reopen', { reason: 'Người dân phản ánh tái diễn.' }),
    ).toBe('in_progress');
    await ok(cookies.handler, report.code, 'submit_answer', {
      text: 'Đã lắp biển cấm đổ rác, tăng tần suất thu gom.',
    });
    await ok(cookies.agency_leader, report.code, 'approve_answer');
    await ok(cookies.receiver, report.code, 'publish', {
      publicAnswer: 'Đã lắp biển cấm đổ rác, tăng tần suất thu gom.',
    });
    expect(await ok(cookies.citizen, report.code, 'rate_satisfied', { comment: 'Cảm ơn.' })).toBe('closed');

    const final = await row(report.id);
    expect(final).toMatchObject({ status: 'closed', rating: 'satisfied', answer_approved: true });
    expect(final.closed_at).not.toBeNull();
    const answers = await sql<{ decision: string | null; public_text: string | null }>`
      select decision, public_text from report_answers where report_id = ${report.id}::uuid order by id`.execute(
      database.db,
    );
    expect(answers.rows.map((a) => a.decision)).toEqual(['sent_back', 'approved', 'approved']);
    expect(answers.rows.filter((a) => a.public_text !== null)).toHaveLength(2);
    const extensions = await sql<{
      decision: string;
    }>`select decision from report_extensions where report_id = ${report.id}::uuid`.execute(database.db);
    expect(extensions.rows.map((e) => e.decision)).toEqual(['approved']);

    // The timeline: every change an event; the public sees only public ones.
    const events = await sql<{ kind: string; public: boolean; to_reporter: boolean }>`
      select kind, public, to_reporter from report_events where report_id = ${report.id}::uuid order by id`.execute(
      database.db,
    );
    expect(events.rows.map((e) => e.kind)).toEqual([
      'submitted',
      'accepted',
      'assigned',
      'acknowledged',
      'extension_requested',
      'extension_approved',
      'answer_submitted',
      'answer_sent_back',
      'answer_submitted',
      'answer_approved',
      'published',
      'rated',
      'reopened',
      'answer_submitted',
      'answer_approved',
      'published',
      'rated',
    ]);
    const pub = await testApp.app.inject({ url: `/api/v1/public/reports/${report.code}` });
    const timeline = pub.json<{ timeline: { kind: string }[] }>().timeline.map((t) => t.kind);
    expect(timeline).not.toContain('answer_sent_back');
    expect(timeline).not.toContain('extension_requested');
    expect(timeline).toContain('published');
    // Every change is audited; officers were alerted; the reporter's messages were queued.
    // Queued with each action, on the hash chain moments later; the chain stays intact.
    while ((await chainQueuedAudit(database.db)) > 0);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
    const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log
        where subject_type = 'report' and subject_id = ${report.id} and action like 'report.%'`.execute(
      database.db,
    );
    expect(audited.rows[0]?.n).toBe(16);
    const alerts = await sql<{ audience: string; kind: string; agency_id: string | null }>`
      select audience, kind, agency_id from report_alerts where report_id = ${report.id}::uuid order by id`.execute(
      database.db,
    );
    expect(alerts.rows).toEqual(
      expect.arrayContaining([
        { audience: 'lead_agency', kind: 'assigned', agency_id: GTVT() },
        { audience: 'coordinating_agencies', kind: 'assigned', agency_id: TNMT() },
        { audience: 'agency_leader', kind: 'answer_submitted', agency_id: GTVT() },
      ]),
    );
    // Each officer reads the alerts of their own positions.
    const alertsOf = async (cookie: string) =>
      (await testApp.app.inject({ url: '/api/v1/me/alerts?limit=200', headers: { cookie } }))
        .json<{ code: string; kind: string }[]>()
        .filter((a) => a.code === report.code)
        .map((a) => a.kind);
    expect(await alertsOf(cookies.handler)).toContain('assigned');
    expect(await alertsOf(cookies.agency_leader)).toContain('answer_submitted');
    expect(await alertsOf(cookies.handler)).not.toContain('answer_submitted');
    expect(await alertsOf(tnmtHandler)).toEqual(['assigned']);
    expect(await alertsOf(lucNganHandler)).toEqual([]);
    expect(await alertsOf(cookies.receiver)).toContain('answer_approved');
    expect(
      (await testApp.app.inject({ url: '/api/v1/me/alerts', headers: { cookie: cookies.citizen } }))
        .statusCode,
    ).toBe(403);
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
        where name = 'reports.notify' and data->>'reportId' = ${report.id}`.execute(database.db);
    expect(jobs.rows[0]?.n).toBeGreaterThanOrEqual(8);
  });
});

describe(`refusals on ${backend}`, () => {
  it('refuses by role, agency, state, input and version with a clear message, and changes nothing', async () => {
    const report = await submit();
    // Wrong role: a handler cannot accept; the message is Vietnamese first.
    const byHandler = await act(cookies.handler, report.code, 'accept');
    expect(byHandler.statusCode).toBe(403);
    expect(byHandler.json<ErrorReply>().error.code).toBe('action_not_allowed');
    expect(byHandler.json<ErrorReply>().error.details?.[0]?.messages?.vi).toMatch(/[à-ỹ]/);
    // Missing input: the field is named.
    const noReason = await act(cookies.receiver, report.code, 'reject', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<ErrorReply>().error.details?.[0]?.field).toBe('/body/input/reasonCode');
    // Wrong state: acknowledging before assignment.
    await ok(cookies.receiver, report.code, 'accept');
    const early = await act(cookies.receiver, report.code, 'approve_answer');
    expect(early.statusCode).toBe(403);
    const notYet = await act(cookies.receiver, report.code, 'publish', { publicAnswer: 'x' });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json<ErrorReply>().error.code).toBe('action_not_available');
    // An unknown agency is refused before anything is written.
    const ghost = await act(cookies.receiver, report.code, 'assign', {
      leadAgencyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(ghost.statusCode).toBe(400);
    // A stale screen: the version the user saw is not the report's. A note changes nothing on the report,
    // so it does not make anyone's screen stale; a change (an open question) does.
    const seen = (await view(cookies.receiver, report.code)).body.version;
    await ok(cookies.receiver, report.code, 'note', { text: 'Đã gọi điện xác minh.' });
    expect((await view(cookies.receiver, report.code)).body.version).toBe(seen);
    await ok(cookies.receiver, report.code, 'request_info', {
      question: 'Xin cho biết thời điểm phát hiện?',
    });
    const stale = await act(
      cookies.receiver,
      report.code,
      'assign',
      { leadAgencyId: GTVT() },
      { version: seen },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorReply>().error.code).toBe('report_changed');
    expect((await row(report.id)).status).toBe('accepted');
    // An agency the report is not with sees nothing, nor a citizen who did not send it.
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    expect((await view(lucNganHandler, report.code)).statusCode).toBe(403);
    expect((await act(lucNganHandler, report.code, 'acknowledge')).statusCode).toBe(403);
    expect((await view(cookies.citizen, report.code)).statusCode).toBe(403);
    expect((await act(cookies.citizen, report.code, 'rate_satisfied')).statusCode).toBe(403);
    // Unknown action, unknown report: 4xx, never 500.
    expect((await act(cookies.receiver, report.code, 'teleport')).statusCode).toBe(400);
    expect((await act(cookies.receiver, 'PA-1999-000001', 'note', { text: 'x' })).statusCode).toBe(404);
    expect((await act(cookies.receiver, 'khong-phai-ma', 'note', { text: 'x' })).statusCode).toBe(404);
  });

  it('refuses a complaint with the standard guidance to its legal channel, sent to the reporter', async () => {
    const report = await submit();
    expect(await ok(cookies.receiver, report.code, 'reject', { reasonCode: 'complaint' })).toBe('rejected');
    const event = await sql<{ data: { guidance?: { vi: string } }; to_reporter: boolean }>`
      select data, to_reporter from report_events where report_id = ${report.id}::uuid and kind = 'rejected'`.execute(
      database.db,
    );
    expect(event.rows[0]?.to_reporter).toBe(true);
    expect(event.rows[0]?.data.guidance?.vi).toContain('Luật Khiếu nại');
    expect((await view(cookies.receiver, report.code)).body.actions).toEqual(['note']);
  });

  it('answers a retried action with the first answer and acts once', async () => {
    const report = await submit();
    const key = `wf-${crypto.randomUUID()}`;
    const replies = await Promise.all(
      [1, 2, 3].map(() => act(cookies.receiver, report.code, 'accept', {}, { key })),
    );
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(replies.map((r) => r.json<{ eventId: string }>().eventId)).size).toBe(1);
    const accepted = await sql<{ n: number }>`select count(*)::int as n from report_events
        where report_id = ${report.id}::uuid and kind = 'accepted'`.execute(database.db);
    expect(accepted.rows[0]?.n).toBe(1);

    // A note can be taken again in the same state: its retries still make one note, at once or later.
    const noteKey = `wf-${crypto.randomUUID()}`;
    const note = { text: 'Đã liên hệ tổ dân phố.' };
    const notes = await Promise.all(
      [1, 2].map(() => act(cookies.receiver, report.code, 'note', note, { key: noteKey })),
    );
    const later = await act(cookies.receiver, report.code, 'note', note, { key: noteKey });
    expect([...notes, later].map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set([...notes, later].map((r) => r.json<{ eventId: string }>().eventId)).size).toBe(1);
    const written = await sql<{ n: number }>`select count(*)::int as n from report_events
        where report_id = ${report.id}::uuid and kind = 'note'`.execute(database.db);
    expect(written.rows[0]?.n).toBe(1);
    // The same key with another body is refused, and nothing more is written.
    const reused = await act(
      cookies.receiver,
      report.code,
      'note',
      { text: 'Nội dung khác.' },
      { key: noteKey },
    );
    expect(reused.statusCode).toBe(422);
    expect(reused.json<{ error: { code: string } }>().error.code).toBe('idempotency_key_reused');
    // A refused try stores nothing under its key.
    const early = `wf-${crypto.randomUUID()}`;
    expect((await act(cookies.receiver, report.code, 'publish', {}, { key: early })).statusCode).toBe(409);
    const afterNotes = await sql<{ n: number }>`select count(*)::int as n from report_events
        where report_id = ${report.id}::uuid and kind = 'note'`.execute(database.db);
    expect(afterNotes.rows[0]?.n).toBe(1);
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from idempotency_keys where key = ${early}`.execute(database.db)
      ).rows[0]?.n,
    ).toBe(0);
  });
});

describe(`escalation and questions to the reporter on ${backend}`, () => {
  it('escalates to the provincial leaders, who direct it to an agency with a due date', async () => {
    const report = await submit();
    await ok(cookies.receiver, report.code, 'accept');
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    await ok(cookies.handler, report.code, 'acknowledge');
    // A plain handler cannot escalate; the agency's leader can.
    expect(
      (await act(cookies.handler, report.code, 'escalate', { reason: 'Liên quan nhiều sở.' })).statusCode,
    ).toBe(403);
    expect(
      await ok(cookies.agency_leader, report.code, 'escalate', { reason: 'Liên quan nhiều sở, ngành.' }),
    ).toBe('escalated');
    expect((await view(cookies.provincial_leader, report.code)).body.actions).toContain('direct');
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect(
      await ok(cookies.provincial_leader, report.code, 'direct', {
        directive: 'Giao Sở TN&MT chủ trì, Sở GTVT phối hợp.',
        leadAgencyId: TNMT(),
        coordinatingAgencyIds: [GTVT()],
        dueAt: due,
      }),
    ).toBe('assigned');
    const directed = await row(report.id);
    expect(directed).toMatchObject({ agency_id: TNMT(), coordinating_agency_ids: [GTVT()] });
    expect((directed.due_at as Date).toISOString()).toBe(due);
    const alerts = await sql<{ audience: string }>`select distinct audience from report_alerts
        where report_id = ${report.id}::uuid and kind = 'escalated'`.execute(database.db);
    expect(alerts.rows.map((a) => a.audience)).toContain('provincial_leaders');
  });

  it('asks the reporter for more information, which they give back into the report', async () => {
    const report = await submit(cookies.citizen);
    await ok(cookies.receiver, report.code, 'accept');
    expect(
      await ok(cookies.receiver, report.code, 'request_info', { question: 'Xin cho biết số nhà cụ thể?' }),
    ).toBe('accepted');
    expect((await row(report.id)).info_requested).toBe(true);
    expect((await view(cookies.citizen, report.code)).body.actions).toContain('provide_info');
    // The reporter reads the question on their own page; the officers' internal notes are not there.
    await ok(cookies.receiver, report.code, 'note', { text: 'Ghi chú nội bộ: đã kiểm tra camera.' });
    const mine = async (cookie: string) =>
      testApp.app.inject({ url: `/api/v1/me/reports/${report.code}`, headers: { cookie } });
    const page = await mine(cookies.citizen);
    expect(page.statusCode).toBe(200);
    expect(page.json<{ openQuestion: string }>().openQuestion).toBe('Xin cho biết số nhà cụ thể?');
    expect(page.body).not.toContain('camera');
    expect((await mine(cookies.receiver)).statusCode).toBe(404);
    await ok(cookies.citizen, report.code, 'provide_info', { text: 'Số nhà 12, ngõ 5.' });
    expect((await mine(cookies.citizen)).json<{ openQuestion: string | null }>().openQuestion).toBeNull();
    expect((await row(report.id)).info_requested).toBe(false);
    const thread = await sql<{ kind: string; to_reporter: boolean; public: boolean }>`
      select kind, to_reporter, public from report_events
       where report_id = ${report.id}::uuid and kind like 'info_%' order by id`.execute(database.db);
    expect(thread.rows).toEqual([
      { kind: 'info_requested', to_reporter: true, public: false },
      { kind: 'info_provided', to_reporter: true, public: false },
    ]);
    // The question reaches the reporter through the message job.
    const job = await sql<{ n: number }>`select count(*)::int as n from pgboss.job j
        join report_events e on e.id = (j.data->>'eventId')::bigint
       where j.name = 'reports.notify' and e.report_id = ${report.id}::uuid and e.kind = 'info_requested'`.execute(
      database.db,
    );
    expect(job.rows[0]?.n).toBe(1);
  });
});

describe(`the reporter's identity on ${backend}`, () => {
  const identity = (cookie: string, id: string) =>
    testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/reporter`,
      headers: { cookie },
      payload: { reason: 'Cần liên hệ xác minh hiện trường.' },
    });

  it('is shown to the handling agency only once a receiver grants it, while the report is with that agency', async () => {
    const report = await submit(undefined, { contact: { name: 'Trần Văn Bảo', phone: '0903 111 222' } });
    await ok(cookies.receiver, report.code, 'accept');
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    expect((await identity(cookies.handler, report.id)).statusCode).toBe(403);
    const grant = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/identity-grants`,
      headers: { cookie: cookies.receiver },
      payload: { agencyId: GTVT(), reason: 'Cần liên hệ người dân để xác định vị trí.' },
    });
    expect(grant.statusCode, grant.body).toBe(204);
    // Only receivers grant, and only to an agency handling the report.
    const byHandler = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/identity-grants`,
      headers: { cookie: cookies.handler },
      payload: { agencyId: GTVT(), reason: 'Tự cấp quyền cho mình.' },
    });
    expect(byHandler.statusCode).toBe(403);
    const elsewhere = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/identity-grants`,
      headers: { cookie: cookies.receiver },
      payload: { agencyId: TNMT(), reason: 'Cơ quan không xử lý.' },
    });
    expect(elsewhere.statusCode).toBe(400);

    const shown = await identity(cookies.handler, report.id);
    expect(shown.statusCode).toBe(200);
    expect(shown.json<{ name: string }>().name).toBe('Trần Văn Bảo');
    expect((await identity(cookies.agency_leader, report.id)).statusCode).toBe(200);
    expect((await identity(tnmtHandler, report.id)).statusCode).toBe(403);
    const audited = await sql<{ action: string }>`select action from audit_log
        where subject_id = ${report.id} and action like 'report.identity%' order by id`.execute(database.db);
    expect(audited.rows.map((a) => a.action)).toEqual([
      'report.identity_granted',
      'report.identity_viewed',
      'report.identity_viewed',
    ]);
    // Once returned and sent to another agency, the grant no longer opens it.
    await ok(cookies.handler, report.code, 'return', { reason: 'Không thuộc thẩm quyền.' });
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: TNMT() });
    expect((await identity(cookies.handler, report.id)).statusCode).toBe(403);
    expect((await identity(tnmtHandler, report.id)).statusCode).toBe(403);
  });
});

describe(`officers' alerts by e-mail on ${backend}`, () => {
  it('sends each officer one message with all their new alerts, through the job queue, once', async () => {
    const deps = { db: database.db, jobs: testApp.jobs, publicUrl: 'https://pakn.example.vn' };
    while ((await deliverAlerts(deps)) > 0); // what earlier tests left
    const first = await submit();
    const second = await submit();
    for (const r of [first, second]) {
      await ok(cookies.receiver, r.code, 'accept');
      await ok(cookies.receiver, r.code, 'assign', { leadAgencyId: GTVT() });
    }
    const mails = async () =>
      (
        await sql<{ id: string; to: string; subject: string; text: string }>`
          select id::text as id, data->>'to' as to, data->>'subject' as subject, data->>'text' as text
            from pgboss.job where name = 'mail.send' and data->>'subject' like '[PAKN]%'`.execute(database.db)
      ).rows;
    const before = new Set((await mails()).map((m) => m.id));
    // Two runs at once: each alert is taken by one of them.
    await Promise.all([deliverAlerts(deps), deliverAlerts(deps)]);
    expect(await deliverAlerts(deps)).toBe(0);
    const sent = (await mails()).filter((m) => !before.has(m.id));
    const to = sent.map((m) => m.to).sort();
    // Sở GTVT's handler and leader hear of both assignments, in one message each; the other agencies nothing.
    expect(to.filter((t) => t.includes('sogtvt'))).toEqual([
      'lanhdao.sogtvt@demo.pakn.invalid',
      'xuly.sogtvt@demo.pakn.invalid',
    ]);
    expect(to.some((t) => t.includes('sotnmt') || t.includes('lucngan') || t.includes('nguoidan'))).toBe(
      false,
    );
    const handler = sent.find((m) => m.to === 'xuly.sogtvt@demo.pakn.invalid');
    expect(handler?.subject).toBe('[PAKN] 2 thông báo mới về phản ánh / 2 new report alerts');
    expect(handler?.text).toContain(`${first.code}: Chuyển xử lý → Đã chuyển xử lý`);
    expect(handler?.text).toContain(`${second.code}: Chuyển xử lý → Đã chuyển xử lý`);
    expect(handler?.text).toContain('Đăng nhập để xử lý: https://pakn.example.vn');
    // Nothing personal: the reporter's e-mail given with the report is not in any message.
    expect(sent.some((m) => m.text.includes('nguoi.gui@example.vn'))).toBe(false);
  });
});

describe(`returns and merges on ${backend}`, () => {
  it('counts each return against the agency and sends the report back to the receivers', async () => {
    const report = await submit();
    await ok(cookies.receiver, report.code, 'accept');
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    expect(
      await ok(cookies.handler, report.code, 'return', {
        reason: 'Thuộc thẩm quyền Sở TN&MT.',
        suggestedAgencyId: TNMT(),
      }),
    ).toBe('returned');
    expect((await row(report.id)).agency_id).toBeNull();
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    await ok(cookies.handler, report.code, 'return', { reason: 'Vẫn không thuộc thẩm quyền.' });
    const counted = await sql<{ agency_id: string; n: number }>`
      select agency_id, count(*)::int as n from report_returns where report_id = ${report.id}::uuid group by 1`.execute(
      database.db,
    );
    expect(counted.rows).toEqual([{ agency_id: GTVT(), n: 2 }]);
    expect(await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: TNMT() })).toBe('assigned');
  });

  it('merges a duplicate: its followers follow the report that carries on, which counts them', async () => {
    const main = await submit();
    const duplicate = await submit(undefined, { contact: { email: 'nguoi.thu.hai@example.vn' } });
    const before = Number((await row(main.id)).supporters);
    expect(await ok(cookies.receiver, duplicate.code, 'merge', { targetReportId: main.code })).toBe('merged');
    expect((await row(duplicate.id)).merged_into).toBe(main.id);
    expect(Number((await row(main.id)).supporters)).toBe(before + 1);
    const followers = await sql<{
      email: string | null;
    }>`select email from report_followers where report_id = ${main.id}::uuid`.execute(database.db);
    expect(followers.rows.map((f) => f.email)).toContain('nguoi.thu.hai@example.vn');
    // A report cannot merge into itself or into an ended one.
    const other = await submit();
    expect(
      (await act(cookies.receiver, other.code, 'merge', { targetReportId: other.code })).statusCode,
    ).toBe(400);
    expect(
      (await act(cookies.receiver, other.code, 'merge', { targetReportId: duplicate.code })).statusCode,
    ).toBe(400);
  });
});

describe(`deadlines on ${backend}`, () => {
  const receiverActor = (): Actor => ({
    accountId: idOf('accounts', 'canbo.tiepnhan1'),
    kind: 'officer',
    positions: [{ role: 'receiver', agencyIds: null, areaIds: null }],
    sessionId: 'test',
    requestId: 'test',
  });
  /** A receiver accepts the report and assigns it to Sở GTVT at `now`. */
  const acceptAndAssign = async (id: string, now: Date) => {
    await testApp.workflow.act(receiverActor(), id, 'accept', {}, { now });
    await testApp.workflow.act(receiverActor(), id, 'assign', { leadAgencyId: GTVT() }, { now });
  };
  const handlerActor = (): Actor => ({
    accountId: idOf('accounts', 'xuly.sogtvt'),
    kind: 'officer',
    positions: [{ role: 'handler', agencyIds: new Set([GTVT()]), areaIds: null }],
    sessionId: 'test',
    requestId: 'test',
  });

  it('counts working time across Tết 2026 and a weekend, and keeps the original date when extended', async () => {
    const report = await submit();
    const friday = new Date('2026-02-13T09:00:00Z'); // Friday 16:00 in Vietnam, the last working day before Tết
    await acceptAndAssign(report.id, friday);
    const r = await row(report.id);
    // 8 working hours: one on Friday, then Tết (16–20 Feb) and the weekend, then seven on Monday 23.
    expect(new Date(String(r.acknowledge_due_at)).toISOString()).toBe('2026-02-23T09:30:00.000Z');
    // The category's 3 working days, not counting the day of receipt: Monday 23 to Wednesday 25, end of the day.
    expect(new Date(String(r.due_at)).toISOString()).toBe('2026-02-25T10:00:00.000Z');

    const monday = new Date('2026-02-23T02:00:00Z');
    await testApp.workflow.act(handlerActor(), report.id, 'acknowledge', {}, { now: monday });
    await testApp.workflow.act(
      handlerActor(),
      report.id,
      'request_extension',
      { reason: 'Chờ kết quả kiểm định.', proposedDueAt: '2026-03-06T10:00:00Z' },
      { now: monday },
    );
    await testApp.workflow.act(receiverActor(), report.id, 'approve_extension', {}, { now: monday });
    const afterOriginal = new Date('2026-03-02T03:00:00Z');
    const flags = await testApp.workflow.view(receiverActor(), report.id, afterOriginal);
    expect(flags.deadlines.resolve).toEqual({
      dueAt: '2026-03-06T10:00:00.000Z',
      originalDueAt: '2026-02-25T10:00:00.000Z',
      flag: 'late_with_extension',
    });
    expect(
      (await testApp.workflow.view(receiverActor(), report.id, new Date('2026-03-09T03:00:00Z'))).deadlines
        .resolve.flag,
    ).toBe('overdue');
  });

  it('counts a swapped working Saturday from the calendar the administrators keep', async () => {
    const report = await submit();
    await sql`insert into calendar_exceptions (day, kind, note) values ('2026-05-09', 'working_day', 'Làm bù')`.execute(
      database.db,
    );
    try {
      const friday = new Date('2026-05-08T09:00:00Z'); // Friday 16:00 in Vietnam
      await acceptAndAssign(report.id, friday);
      // One working hour on Friday, seven on the swapped Saturday: due Saturday 16:30, not Monday.
      expect(((await row(report.id)).acknowledge_due_at as Date).toISOString()).toBe(
        '2026-05-09T09:30:00.000Z',
      );
    } finally {
      await sql`delete from calendar_exceptions where day = '2026-05-09'`.execute(database.db);
    }
  });

  it('alerts once per clock and due date, however often and however many at once the watch runs', async () => {
    const report = await submit();
    const start = new Date('2026-03-10T01:00:00Z'); // Tuesday 08:00 in Vietnam
    await acceptAndAssign(report.id, start);
    const org = await testApp.reports.org(start);
    const deps = { db: database.db, calendar: org.calendar, workflow: testApp.workflow, autoCloseDays: 7 };
    // Late on Tuesday: the acknowledgement (8 working hours, due Wednesday 08:00) is due soon.
    const evening = new Date('2026-03-10T09:30:00Z');
    const soon = sql<{
      n: number;
    }>`select count(*)::int as n from report_alerts where report_id = ${report.id}::uuid and kind like '%due_soon'`;
    await watchDeadlines(deps, evening);
    expect((await soon.execute(database.db)).rows[0]?.n).toBe(1);
    // Thursday: overdue; two watches at once and a third later tell the agency, its leader and the receivers once.
    const thursday = new Date('2026-03-12T03:00:00Z');
    // On PostgreSQL the second watch has its own pool, as a second server process would.
    const other = backend === 'postgres' ? await testDatabase.openAnother() : database;
    try {
      await Promise.all([
        watchDeadlines(deps, thursday),
        watchDeadlines({ ...deps, db: other.db }, thursday),
      ]);
    } finally {
      if (other !== database) await other.close();
    }
    await watchDeadlines(deps, thursday);
    const overdue = await sql<{ audience: string }>`select audience from report_alerts
        where report_id = ${report.id}::uuid and kind = 'acknowledge_overdue' order by audience`.execute(
      database.db,
    );
    expect(overdue.rows.map((a) => a.audience)).toEqual(['agency_leader', 'lead_agency', 'receivers']);
    expect((await soon.execute(database.db)).rows[0]?.n).toBe(1);
  });

  // PGlite is one process: only the server can be shared by two.
  it.skipIf(backend !== 'postgres')(
    'alerts once when two processes run the watch (npm run deadlines) on one database',
    async () => {
      const report = await submit();
      await acceptAndAssign(report.id, new Date());
      // The acknowledgement was due an hour ago.
      await sql`update reports set acknowledge_due_at = now() - interval '1 hour' where id = ${report.id}::uuid`.execute(
        database.db,
      );
      const env = { PATH: process.env.PATH ?? '', DATABASE_URL: testDatabase.url ?? '', LOG_LEVEL: 'warn' };
      const pass = () =>
        run(process.execPath, ['--import', 'tsx', 'src/cli/deadlines.ts'], { cwd: ROOT_DIR, env });
      const outputs = await Promise.all([pass(), pass()]);
      for (const { stdout } of outputs) expect(stdout).toMatch(/^Deadline watch: \d+ due soon, \d+ overdue/);
      const again = await pass();
      expect(again.stdout).toMatch(/ 0 new alerts/);
      const overdue = await sql<{ audience: string }>`select audience from report_alerts
          where report_id = ${report.id}::uuid and kind = 'acknowledge_overdue' order by audience`.execute(
        database.db,
      );
      expect(overdue.rows.map((a) => a.audience)).toEqual(['agency_leader', 'lead_agency', 'receivers']);
    },
    60_000,
  );

  it('closes a published report nobody rated within AUTO_CLOSE_DAYS', async () => {
    const report = await submit();
    const at = (iso: string) => ({ now: new Date(iso) });
    const leader: Actor = {
      accountId: idOf('accounts', 'lanhdao.sogtvt'),
      kind: 'officer',
      positions: [{ role: 'agency_leader', agencyIds: new Set([GTVT()]), areaIds: null }],
      sessionId: 'test',
      requestId: 'test',
    };
    const t = '2026-04-01T02:00:00Z';
    // Sent the day before (the tests move the clock back, not the database's).
    await sql`update reports set submitted_at = ${new Date('2026-03-31T02:00:00Z')} where id = ${report.id}::uuid`.execute(
      database.db,
    );
    await acceptAndAssign(report.id, new Date(t));
    await testApp.workflow.act(handlerActor(), report.id, 'acknowledge', {}, at(t));
    await testApp.workflow.act(handlerActor(), report.id, 'submit_answer', { text: 'Đã xử lý.' }, at(t));
    await testApp.workflow.act(leader, report.id, 'approve_answer', {}, at(t));
    await testApp.workflow.act(receiverActor(), report.id, 'publish', { publicAnswer: 'Đã xử lý.' }, at(t));
    await sql`update report_events set at = ${new Date(t)} where report_id = ${report.id}::uuid and kind = 'published'`.execute(
      database.db,
    );
    const org = await testApp.reports.org(new Date(t));
    const deps = { db: database.db, calendar: org.calendar, workflow: testApp.workflow, autoCloseDays: 7 };
    await watchDeadlines(deps, new Date('2026-04-05T02:00:00Z'));
    expect((await row(report.id)).status).toBe('published');
    await watchDeadlines(deps, new Date('2026-04-09T03:00:00Z'));
    expect((await row(report.id)).status).toBe('closed');
    const event = await sql<{
      kind: string;
      actor_account_id: string | null;
    }>`select kind, actor_account_id from report_events
        where report_id = ${report.id}::uuid order by id desc limit 1`.execute(database.db);
    expect(event.rows[0]).toEqual({ kind: 'closed_automatically', actor_account_id: null });
  });
});

describe(`what the workflow must not do on ${backend}`, () => {
  it('never publishes officers’ notes or the reporter’s comment, nor anything of a confidential report', async () => {
    const report = await submit(cookies.citizen);
    await ok(cookies.receiver, report.code, 'accept', { note: 'Người gửi: Nguyễn Văn A, 0912 345 678' });
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    await ok(cookies.handler, report.code, 'acknowledge', { note: 'Đã gọi cho anh A theo số 0912345678' });
    await ok(cookies.handler, report.code, 'submit_answer', { text: 'Đã xử lý xong.' });
    await ok(cookies.agency_leader, report.code, 'approve_answer');
    await ok(cookies.receiver, report.code, 'publish', { publicAnswer: 'Đã thu gom rác.' });
    await ok(cookies.citizen, report.code, 'rate_satisfied', { comment: 'Tôi là Trần B, SĐT 0987654321' });
    const detail = await testApp.app.inject({ url: `/api/v1/public/reports/${report.code}` });
    expect(detail.body).not.toMatch(/0912|0987|Nguyễn Văn A|Trần B/);
    expect(detail.json<{ answer: { text: string } }>().answer.text).toBe('Đã thu gom rác.');

    const secret = await submit(cookies.citizen, { confidential: true });
    await ok(cookies.receiver, secret.code, 'accept', { note: 'Ghi chú nội bộ 0911222333' });
    await ok(cookies.receiver, secret.code, 'assign', { leadAgencyId: GTVT() });
    await ok(cookies.handler, secret.code, 'acknowledge');
    await ok(cookies.handler, secret.code, 'submit_answer', { text: 'Đã xử lý.' });
    await ok(cookies.agency_leader, secret.code, 'approve_answer');
    expect((await view(cookies.receiver, secret.code)).body.actions).not.toContain('publish');
    const refused = await act(cookies.receiver, secret.code, 'publish', { publicAnswer: 'x' });
    expect(refused.statusCode).toBe(409);
    expect(
      await ok(cookies.receiver, secret.code, 'close_unpublished', { reason: 'Người gửi đề nghị bảo mật.' }),
    ).toBe('closed');
    const hidden = await testApp.app.inject({ url: `/api/v1/public/reports/${secret.code}` });
    expect(hidden.json<{ visibility: string }>().visibility).toBe('tracking_only');
    expect(hidden.body).not.toMatch(/0911|Đã xử lý/);
  });

  it('answers long texts, control characters and far-off dates with 4xx or cleans them, never a 500', async () => {
    const report = await submit(cookies.citizen);
    await ok(cookies.receiver, report.code, 'accept');
    await ok(cookies.receiver, report.code, 'note', { text: 'Có ký tự\u0000 rỗng\u0007.' });
    const stored = await sql<{ text: string }>`select data->>'text' as text from report_events
        where report_id = ${report.id}::uuid and kind = 'note'`.execute(database.db);
    expect(stored.rows[0]?.text).toBe('Có ký tự rỗng.');
    await ok(cookies.receiver, report.code, 'assign', { leadAgencyId: GTVT() });
    await ok(cookies.handler, report.code, 'acknowledge');
    const far = await act(cookies.handler, report.code, 'request_extension', {
      reason: 'Chờ ngân sách.',
      proposedDueAt: '9999-12-31T00:00:00Z',
    });
    expect(far.statusCode).toBe(400);
    const huge = await act(cookies.handler, report.code, 'note', { text: 'x'.repeat(20_001) });
    expect(huge.statusCode).toBe(400);
    await ok(cookies.handler, report.code, 'submit_answer', { text: 'Đã xử lý.' });
    await ok(cookies.agency_leader, report.code, 'approve_answer');
    await ok(cookies.receiver, report.code, 'publish', { publicAnswer: 'Đã xử lý.' });
    expect(
      await ok(cookies.citizen, report.code, 'rate_unsatisfied', { comment: 'Chưa ổn. '.repeat(600) }),
    ).toBe('reopen_requested');
  });

  it('merges two reports into each other at once: one is merged, the other refused, no 500', async () => {
    const a = await submit();
    const b = await submit();
    const [ab, ba] = await Promise.all([
      act(cookies.receiver, a.code, 'merge', { targetReportId: b.code }),
      act(cookies.receiver, b.code, 'merge', { targetReportId: a.code }),
    ]);
    expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 400]);
    const states = await sql<{ status: string }>`select status from reports
        where id in (${a.id}::uuid, ${b.id}::uuid) order by status`.execute(database.db);
    expect(states.rows.map((r) => r.status)).toEqual(['merged', 'submitted']);
  });

  it('makes answer attachments the report’s own (no other report can take them, the purge keeps them), public only once published', async () => {
    const upload = async () =>
      (
        await sql<{ id: string }>`insert into report_media (kind, mime, bytes, original_key)
            values ('photo', 'image/jpeg', 100, ${`test/${crypto.randomUUID()}`}) returning id`.execute(
          database.db,
        )
      ).rows[0]!.id;
    const photo = await upload();
    const first = await submit();
    const second = await submit();
    for (const r of [first, second]) {
      await ok(cookies.receiver, r.code, 'accept');
      await ok(cookies.receiver, r.code, 'assign', { leadAgencyId: GTVT() });
      await ok(cookies.handler, r.code, 'acknowledge');
    }
    await ok(cookies.handler, first.code, 'submit_answer', {
      text: 'Ảnh sau xử lý.',
      attachmentIds: [photo],
    });
    const owner = await sql<{
      report_id: string;
    }>`select report_id from report_media where id = ${photo}::uuid`.execute(database.db);
    expect(owner.rows[0]?.report_id).toBe(first.id);
    const stolen = await act(cookies.handler, second.code, 'submit_answer', {
      text: 'Lấy ảnh.',
      attachmentIds: [photo],
    });
    expect(stolen.statusCode).toBe(400);

    // A draft's files are not public: not among the report's photos, not served; published, they go with the answer.
    const detail = async () =>
      (await testApp.app.inject({ url: `/api/v1/public/reports/${first.code}` })).json<{
        media: { id: string }[];
        answer: { text: string; media: { id: string }[] } | null;
      }>();
    expect((await detail()).media.map((m) => m.id)).not.toContain(photo);
    expect((await testApp.app.inject({ url: `/media/${photo}/original` })).statusCode).toBe(404);
    await ok(cookies.agency_leader, first.code, 'approve_answer');
    expect((await detail()).media.map((m) => m.id)).not.toContain(photo);
    await ok(cookies.receiver, first.code, 'publish', { publicAnswer: 'Ảnh sau xử lý.' });
    const published = await detail();
    expect(published.media.map((m) => m.id)).not.toContain(photo);
    expect(published.answer?.media.map((m) => m.id)).toEqual([photo]);
  });
});
