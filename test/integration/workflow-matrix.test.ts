// Every row of the workflow table at the service level, over HTTP: for each action, a stored report is put in
// (up to two of) the non-terminal states the row starts from, with its guards met, and every role — plus an officer of an agency the
// report is not with — tries it with valid inputs. Who succeeds must be exactly whom the table allows; the
// rest get 403, and nothing changes for them. The expectations are read from the table itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import {
  ACTION_CODES,
  WORKFLOW,
  type ActionCode,
  type InputType,
  type WorkflowState,
} from '../../src/modules/workflow/table.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole, officerCookie } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
let outsider: string;
let citizenId: string;
let gtvt: string;
let tnmt: string;
let categoryId: string;
let areaId: string;
/** A report every merge may point at. */
let mergeTarget: string;

const ROLES: Role[] = [
  'citizen',
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
  'admin',
];

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
  outsider = await officerCookie(testApp.app, database, 'xuly.lucngan', 51);
  const id = async (q: ReturnType<typeof sql<{ id: string }>>) => (await q.execute(database.db)).rows[0]!.id;
  citizenId = await id(
    sql<{ id: string }>`select id from accounts where phone = '+84988111222' or phone = '0988111222'`,
  );
  gtvt = await id(sql<{ id: string }>`select id from agencies where slug = 'ubnd-bac-giang.so-gtvt'`);
  tnmt = await id(sql<{ id: string }>`select id from agencies where slug = 'ubnd-bac-giang.so-tnmt'`);
  categoryId = await id(
    sql<{ id: string }>`select id from categories where slug = 've-sinh-moi-truong-rac-thai'`,
  );
  areaId = await id(sql<{ id: string }>`select id from areas where slug = 'bac-giang.luc-ngan.chu'`);
  mergeTarget = (await newReport('accepted')).code;
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

/** A report sent by the signed-in citizen, put in `state` with the lead agency Sở GTVT (Sở TN&MT coordinating). */
async function newReport(
  state: WorkflowState,
  guards: readonly string[] = [],
): Promise<{ id: string; code: string }> {
  const sent = await testApp.reports.submit(null, {
    categoryId,
    description: 'Rác thải tập kết bừa bãi ở đầu ngõ.',
    location: { areaId },
    channel: 'web',
  });
  const { id, code } = sent.body;
  const later = new Date(Date.now() + 3 * 86_400_000);
  const assigned = WITH_AGENCY(state);
  const answered = ['approved', 'published', 'reopen_requested', 'closed'].includes(state);
  await sql`update reports set status = ${state}, reporter_account_id = ${citizenId}::uuid,
              agency_id = ${assigned ? gtvt : null}::uuid,
              coordinating_agency_ids = ${assigned ? [tnmt] : []}::uuid[],
              due_at = ${assigned ? later : null}, acknowledge_due_at = ${assigned ? later : null},
              answer_drafted = ${answered || state === 'answered'}, answer_approved = ${answered || guards.includes('answer_approved')},
              info_requested = ${guards.includes('info_requested')},
              rating = ${state === 'reopen_requested' ? 'unsatisfied' : null}
            where id = ${id}::uuid`.execute(database.db);
  if (guards.includes('pending_extension'))
    await sql`insert into report_extensions (report_id, reason, proposed_due_at)
              values (${id}::uuid, 'Cần thêm thời gian', ${new Date(Date.now() + 10 * 86_400_000)})`.execute(
      database.db,
    );
  if (answered || state === 'answered')
    await sql`insert into report_answers (report_id, text, decision, decided_at)
              values (${id}::uuid, 'Đã xử lý', ${state === 'answered' ? null : 'approved'}, ${state === 'answered' ? null : new Date()})`.execute(
      database.db,
    );
  return { id, code };
}

/** A valid value for each input of an action. */
function validInput(action: ActionCode): Record<string, unknown> {
  const inputs = WORKFLOW[action].inputs as Record<string, { type: InputType; required: boolean }>;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    if (!spec.required && !['coordinatingAgencyIds'].includes(name)) continue;
    switch (spec.type) {
      case 'text':
        out[name] = 'Nội dung kiểm tra quyền thực hiện.';
        break;
      case 'id':
        out[name] = name === 'targetReportId' ? mergeTarget : name === 'leadAgencyId' ? gtvt : tnmt;
        break;
      case 'ids':
        out[name] = name === 'coordinatingAgencyIds' ? [tnmt] : [];
        break;
      case 'date':
        out[name] = new Date(Date.now() + 20 * 86_400_000).toISOString();
        break;
      case 'reject_reason':
        out[name] = 'not_a_report';
        break;
      case 'priority':
        out[name] = 'normal';
        break;
    }
  }
  return out;
}

/** States in which newReport gives the report a lead agency (Sở GTVT) and a coordinating one. */
const WITH_AGENCY = (state: WorkflowState) =>
  !['submitted', 'accepted', 'rejected', 'merged', 'returned'].includes(state);

/**
 * Whether the table lets `role` take the row's action on a report from newReport in `state`: the demo handler
 * and leader belong to its lead agency when it has one, the signed-in citizen sent it, the outsider's agency
 * has nothing to do with it, and no user is the system.
 */
function allowedByTable(action: ActionCode, role: Role | 'outsider', state: WorkflowState): boolean {
  if (role === 'outsider') return false;
  return WORKFLOW[action].allowed.some((permit) => {
    if (permit.role !== role) return false;
    switch (permit.scope) {
      case 'any':
      case 'reporter':
        return true;
      case 'lead_agency':
      case 'handling_agency':
        return WITH_AGENCY(state);
      case 'system':
        return false;
    }
  });
}

describe(`every row of the workflow table, every role, on ${backend}`, () => {
  for (const action of ACTION_CODES) {
    it(action, async () => {
      const rule = WORKFLOW[action];
      const outcome: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const state of rule.from
        .filter((s) => !['rejected', 'merged', 'closed'].includes(s))
        .slice(0, 2)) {
        for (const role of [...ROLES, 'outsider' as const]) {
          const report = await newReport(state, rule.guards);
          const res = await testApp.app.inject({
            method: 'POST',
            url: `/api/v1/reports/${report.code}/workflow/${action}`,
            headers: { cookie: role === 'outsider' ? outsider : cookies[role] },
            payload: { input: validInput(action) },
          });
          outcome[`${state}:${role}`] = res.statusCode;
          expected[`${state}:${role}`] = allowedByTable(action, role, state) ? 200 : 403;
          const after = (
            await sql<{ status: string; version: number }>`select status, version from reports
              where id = ${report.id}::uuid`.execute(database.db)
          ).rows[0]!;
          if (res.statusCode === 200) expect(after.status).toBe(rule.to === 'unchanged' ? state : rule.to);
          else expect(after).toEqual({ status: state, version: 0 });
        }
      }
      expect(outcome).toEqual(expected);
    });
  }
});
