// The workflow applied to stored reports: which actions a user may take on a report now, and taking one —
// in one transaction: the report row under a lock, the machine's decision (table.ts, machine.ts), the changed
// columns, the records kept beside the report (answers, extensions, returns), the timeline event, alerts to
// officers, the message job for the reporter and followers, and the audit entry. Idempotent per key.
import { sql, type OperationNodeSource } from 'kysely';
import type { AuditChainer, AuditEntry } from '../../platform/audit.js';
import { can, type Actor } from '../../platform/auth/policy.js';
import { PREPARE_MARK } from '../../platform/db/database.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import {
  claimKeySql,
  idempotentClaimLast,
  settleClaim,
  type IdempotentResult,
  type KeyClaim,
} from '../../platform/idempotency.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { localDate } from '../../platform/calendar/calendar.js';
import { cleanText } from '../../platform/text.js';
import { addDuration, clocksFor } from '../org/deadlines.js';
import type { OrgSnapshot, ReportService } from '../reports/intake.js';
import { reportsDb } from '../reports/intake.js';
import { NOTIFY_JOB } from '../reports/notify.js';
import type { Priority } from '../reports/tables.js';
import {
  availableActions,
  decide,
  slaFlag,
  type Decision,
  type Refusal,
  type WorkflowActor,
  type WorkflowReport,
} from './machine.js';
import {
  ACTION_CODES,
  WORKFLOW,
  type ActionCode,
  type Clock,
  type InputType,
  type SlaFlag,
  type WorkflowState,
} from './table.js';

export interface WorkflowServiceOptions {
  db: Db;
  jobs: JobQueue;
  /** For the organisation snapshot: categories' deadline policies and the working calendar. */
  reports: ReportService;
  /** Chains the audit entries the actions queue, right after each action (see platform/audit.ts). */
  chainer?: AuditChainer;
}

/** A report row as the workflow reads it. */
interface ReportRow {
  id: string;
  code: string;
  status: WorkflowState;
  priority: Priority;
  category_id: string | null;
  area_id: string | null;
  agency_id: string | null;
  coordinating_agency_ids: string[];
  reporter_account_id: string | null;
  is_public: boolean;
  confidential: boolean;
  intake_done_at: Date | null;
  answer_drafted: boolean;
  answer_approved: boolean;
  info_requested: boolean;
  intake_due_at: Date | null;
  acknowledge_due_at: Date | null;
  acknowledged_at: Date | null;
  due_at: Date | null;
  original_due_at: Date | null;
  resolved_at: Date | null;
  submitted_at: Date;
  assigned_at: Date | null;
  rating: 'satisfied' | 'unsatisfied' | null;
  merged_into: string | null;
  supporters: number;
  version: number;
  /** The extension request waiting for a decision (report_extensions), as JSON. */
  pending_extension: {
    reason: string;
    proposedDueAt: string;
    requestedBy: string | null;
    requestedAt: string;
  } | null;
  /** Returns per agency (report_returns). */
  return_counts: Record<string, number>;
}

export interface DeadlineView {
  dueAt: string | null;
  originalDueAt: string | null;
  flag: SlaFlag | null;
}

export interface WorkflowView {
  id: string;
  code: string;
  status: WorkflowState;
  version: number;
  actions: ActionCode[];
  deadlines: { intake: DeadlineView; acknowledge: DeadlineView; resolve: DeadlineView };
  pendingExtension: { reason: string; proposedDueAt: string; requestedAt: string } | null;
}

export interface ActReply {
  id: string;
  code: string;
  status: WorkflowState;
  version: number;
  eventId: string;
}

/** Only a public, not confidential report's answer is published; the others are closed without it. */
const publishable = (row: Pick<ReportRow, 'is_public' | 'confidential'>) =>
  row.is_public && !row.confidential;
const notPublishable = () =>
  new AppError('action_not_available', {
    internal: 'publish on a confidential or non-public report',
    details: [
      {
        field: '/params/action',
        problem: 'not publishable',
        messages: {
          vi: 'Phản ánh này không được công khai (người gửi đề nghị bảo mật hoặc lĩnh vực không công khai). Vui lòng chọn «Kết thúc, không công khai».',
          en: 'This report may not be published (the reporter asked for confidentiality, or its category is not public). Please choose “Close without publishing”.',
        },
      },
    ],
  });

/**
 * The report's version after a decision: unchanged by an action that changes nothing on the report (an
 * internal note), so that a coordinating agency's note does not make the lead agency's open screen stale.
 */
const nextVersion = (row: Pick<ReportRow, 'version'>, decision: Decision) =>
  decision.to !== decision.from || Object.keys(decision.changes).length > 0 ? row.version + 1 : row.version;

/** The scheduled jobs acting as the system (auto-close). */
const SYSTEM = Symbol('system');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^PA-\d{4}-\d{6,}$/i;

/** The stored report by id or tracking code, optionally locked for the transaction. */
async function loadReport(db: Db, ref: string, lock: boolean): Promise<ReportRow> {
  const where = UUID.test(ref)
    ? sql`id = ${ref}::uuid`
    : CODE.test(ref)
      ? sql`code = ${ref.toUpperCase()}`
      : null;
  if (where === null) throw new AppError('not_found');
  const found = await sql<ReportRow>`${sql.raw(PREPARE_MARK)}
    select id, code, status, priority, category_id, area_id, agency_id, coordinating_agency_ids, reporter_account_id,
           is_public, confidential, intake_done_at,
           answer_drafted, answer_approved, info_requested, intake_due_at, acknowledge_due_at, acknowledged_at,
           due_at, original_due_at, resolved_at, submitted_at, assigned_at, rating, merged_into, supporters, version,
           (select json_build_object('reason', e.reason, 'proposedDueAt', e.proposed_due_at,
                                     'requestedBy', e.requested_by, 'requestedAt', e.requested_at)
              from report_extensions e where e.report_id = reports.id and e.decision is null) as pending_extension,
           (select coalesce(json_object_agg(x.agency_id, x.n), '{}')
              from (select agency_id, count(*)::int as n from report_returns t
                     where t.report_id = reports.id group by agency_id) x) as return_counts
      from reports where ${where} ${lock ? sql`for update` : sql``}`.execute(db);
  const row = found.rows[0];
  if (!row) throw new AppError('not_found');
  return row;
}

/** The row and what is kept beside it (read with it), in the shape the machine reads. */
function toWorkflowReport(row: ReportRow): WorkflowReport {
  const pending = row.pending_extension;
  return {
    id: row.id,
    state: row.status,
    priority: row.priority,
    leadAgencyId: row.agency_id,
    coordinatingAgencyIds: row.coordinating_agency_ids,
    reporterAccountId: row.reporter_account_id,
    answerDrafted: row.answer_drafted,
    answerApproved: row.answer_approved,
    infoRequested: row.info_requested,
    pendingExtension: pending
      ? {
          reason: pending.reason,
          proposedDueAt: new Date(pending.proposedDueAt),
          requestedBy: pending.requestedBy,
          requestedAt: new Date(pending.requestedAt),
        }
      : null,
    acknowledgeDueAt: row.acknowledge_due_at,
    dueAt: row.due_at,
    originalDueAt: row.original_due_at,
    rating: row.rating,
    returnCounts: row.return_counts,
    mergedIntoReportId: row.merged_into,
  };
}

/** A stored report (by id or tracking code) as the machine sees it, with its intake due date and channel. */
export async function workflowReportOf(
  db: Db,
  ref: string,
): Promise<WorkflowReport & { intakeDueAt: Date | null }> {
  const row = await loadReport(db, ref, false);
  return { ...toWorkflowReport(row), intakeDueAt: row.intake_due_at };
}

/**
 * The signed-in account as workflow actors: one per position, and for a position over an agency subtree one
 * per agency of the report it covers (the lead, then coordinating ones), so that the machine's scope rules
 * (one agency per actor) see whether the position reaches the report.
 */
export function workflowActors(
  actor: Actor,
  report: Pick<WorkflowReport, 'leadAgencyId' | 'coordinatingAgencyIds'>,
): WorkflowActor[] {
  if (actor.kind === 'citizen') return [{ role: 'citizen', accountId: actor.accountId, agencyId: null }];
  const reportAgencies = [report.leadAgencyId, ...report.coordinatingAgencyIds].filter(
    (id): id is string => id !== null,
  );
  return actor.positions.flatMap((position): WorkflowActor[] => {
    if (position.agencyIds === null)
      return [{ role: position.role, accountId: actor.accountId, agencyId: null }];
    const reached = reportAgencies.filter((id) => position.agencyIds?.has(id));
    // A position over agencies the report is not with: its role still counts, with no agency of the report.
    if (reached.length === 0) return [{ role: position.role, accountId: actor.accountId, agencyId: '' }];
    return reached.map((agencyId) => ({ role: position.role, accountId: actor.accountId, agencyId }));
  });
}

const REFUSAL_RANK: Record<Refusal['code'], number> = {
  not_allowed_for_role: 0,
  wrong_scope: 1,
  wrong_state: 2,
  precondition_failed: 3,
  missing_input: 4,
  invalid_input: 5,
};

function refusalError(refusal: Refusal): AppError {
  const detail: ErrorDetail = {
    field: refusal.field ? `/body/input/${refusal.field}` : '/params/action',
    problem: refusal.code,
    messages: refusal.message,
  };
  switch (refusal.code) {
    case 'not_allowed_for_role':
    case 'wrong_scope':
      return new AppError('action_not_allowed', {
        internal: refusal.detail ?? refusal.code,
        details: [detail],
      });
    case 'wrong_state':
    case 'precondition_failed':
      return new AppError('action_not_available', {
        internal: refusal.detail ?? refusal.code,
        details: [detail],
      });
    case 'missing_input':
    case 'invalid_input':
      return new AppError('validation_failed', {
        internal: refusal.detail ?? refusal.code,
        details: [detail],
      });
  }
}

/** Control characters other than line breaks and tabs (NUL among them: PostgreSQL text refuses it). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** The latest due date anyone may set: a year ahead. */
const MAX_AHEAD_MS = 366 * 86_400_000;

/**
 * Request values (JSON) as the machine's input types: texts cleaned (NFC, no control characters), ISO date
 * strings become Dates (none more than a year ahead), ids and lists as sent (the machine checks them).
 */
function parseInput(action: ActionCode, raw: unknown, now: Date): Record<string, unknown> {
  const source =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const specs = WORKFLOW[action].inputs as Record<string, { type: InputType }>;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = source[name];
    if (spec.type === 'date' && typeof value === 'string') {
      const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
      const date = ok ? new Date(value) : null;
      if (date && date.getTime() > now.getTime() + MAX_AHEAD_MS)
        throw new AppError('validation_failed', {
          details: [
            {
              field: `/body/input/${name}`,
              problem: 'more than a year ahead',
              messages: {
                vi: 'Thời hạn không được quá một năm kể từ hôm nay.',
                en: 'The date may not be more than a year from today.',
              },
            },
          ],
        });
      out[name] = date ?? value;
    } else if (spec.type === 'text' && typeof value === 'string')
      out[name] = cleanText(value.replace(CONTROL, ''));
    else out[name] = value;
  }
  return out;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** The reason given with a decision (a refusal's or send-back's reason, else an approval's note), if any. */
const decisionReason = (data: Record<string, unknown>): string | null =>
  typeof data.reason === 'string' ? data.reason : typeof data.note === 'string' ? data.note : null;
/** A checked text input (the machine has trimmed it), or '' when absent. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

export class WorkflowService {
  constructor(readonly options: WorkflowServiceOptions) {}

  /**
   * The organisation snapshot (policies, calendar), read before any transaction: on the embedded database a
   * read from the pool inside a transaction would wait for that transaction forever.
   */
  private org(now: Date): Promise<OrgSnapshot> {
    return this.options.reports.org(now);
  }

  /** The deadline of a clock started at `start`, from the category's policy on the working calendar. */
  private static deadlineFn(org: OrgSnapshot, categoryId: string | null) {
    const policy = categoryId ? org.categories.get(categoryId)?.deadlinePolicy : undefined;
    return (clock: Clock, start: Date, report: WorkflowReport) =>
      addDuration(org.calendar, start, clocksFor(policy, report.priority)[clock]);
  }

  /** What the user may do with the report now, and where its clocks stand. */
  async view(actor: Actor | null, ref: string, now = new Date()): Promise<WorkflowView> {
    if (actor === null) throw new AppError('unauthenticated');
    const row = await loadReport(this.options.db, ref, false);
    const report = toWorkflowReport(row);
    const actors = workflowActors(actor, report);
    const actions = ACTION_CODES.filter(
      (a) =>
        (a !== 'publish' || publishable(row)) && actors.some((w) => availableActions(report, w).includes(a)),
    );
    this.assertMaySee(actor, row, actions);
    const { calendar } = await this.org(now);
    const clock = (
      dueAt: Date | null,
      doneAt: Date | null,
      originalDueAt: Date | null = null,
    ): DeadlineView => ({
      dueAt: iso(dueAt),
      originalDueAt: iso(originalDueAt),
      flag: slaFlag({ dueAt, originalDueAt, doneAt }, now, calendar),
    });
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      version: row.version,
      actions,
      deadlines: {
        intake: clock(row.intake_due_at, row.intake_done_at),
        acknowledge: clock(row.acknowledge_due_at, row.acknowledged_at),
        resolve: clock(row.due_at, row.resolved_at, row.original_due_at),
      },
      // The reason is the officers' own business: a reporter sees none of it.
      pendingExtension:
        report.pendingExtension && actor.kind === 'officer'
          ? {
              reason: report.pendingExtension.reason,
              proposedDueAt: report.pendingExtension.proposedDueAt.toISOString(),
              requestedAt: report.pendingExtension.requestedAt.toISOString(),
            }
          : null,
    };
  }

  /**
   * Officers see the workflow of the reports they may read (receivers, provincial leaders and auditors all;
   * an agency's officers those it leads or coordinates); a citizen only their own report.
   */
  private assertMaySee(actor: Actor, row: ReportRow, actions: readonly ActionCode[]): void {
    if (actions.length > 0) return;
    if (actor.kind === 'citizen') {
      if (row.reporter_account_id !== actor.accountId) throw new AppError('action_not_allowed');
      return;
    }
    // The officer's view of the report: the lead agency's officers, or a coordinating agency's, by the policy.
    const agencies = [row.agency_id, ...row.coordinating_agency_ids];
    const sees = agencies.some((agencyId) => can(actor, 'report.read', { agencyId, areaId: row.area_id }));
    if (!sees) throw new AppError('action_not_allowed');
  }

  /**
   * Takes `action` on the report `ref` (id or tracking code) with the user's input. `version`, when given,
   * must be the report's current version (the screen the user acted on is not stale). Idempotent per key.
   */
  async act(
    actor: Actor | null,
    ref: string,
    action: string,
    rawInput: unknown,
    options: { idempotencyKey?: string; version?: number; now?: Date } = {},
  ): Promise<IdempotentResult<ActReply>> {
    if (actor === null) throw new AppError('unauthenticated');
    if (!(ACTION_CODES as readonly string[]).includes(action)) throw new AppError('not_found');
    const code = action as ActionCode;
    const now = options.now ?? new Date();
    const input = parseInput(code, rawInput, now);
    const org = await this.org(now);
    // The report's row lock makes a retry find the state moved on: the key can be claimed with the answer.
    return idempotentClaimLast(
      this.options.db,
      {
        scope: `workflow:${actor.accountId}`,
        key: options.idempotencyKey,
        body: { ref, action, input: rawInput ?? null, version: options.version ?? null },
      },
      async (trx, claim) => ({
        status: 200,
        body: await this.apply(trx, org, actor, ref, code, input, now, options.version, claim),
      }),
    ).finally(() => this.options.chainer?.kick());
  }

  /** The system closes a published report nobody rated in time; false when it no longer applies. */
  async closeAutomatically(reportId: string, now: Date): Promise<boolean> {
    const org = await this.org(now);
    try {
      await this.options.db
        .transaction()
        .execute((trx) => this.apply(trx, org, SYSTEM, reportId, 'auto_close', {}, now, undefined));
      this.options.chainer?.kick();
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'action_not_available') return false;
      throw error;
    }
  }

  private async apply(
    trx: Db,
    org: OrgSnapshot,
    actor: Actor | typeof SYSTEM,
    ref: string,
    action: ActionCode,
    input: Record<string, unknown>,
    now: Date,
    version: number | undefined,
    claim: KeyClaim | null = null,
  ): Promise<ActReply> {
    // A merge touches two reports: both are locked in one order (by id), so that merging A into B and B
    // into A at the same moment queue up instead of deadlocking; the later one then finds its target ended.
    if (action === 'merge' && typeof input.targetReportId === 'string') {
      const ids: string[] = [];
      for (const r of [ref, input.targetReportId])
        if (UUID.test(r) || CODE.test(r))
          ids.push(
            ...(await loadReport(trx, r, false).then(
              (x) => [x.id],
              () => [],
            )),
          );
      await sql`select id from reports where id = any(${ids}::uuid[]) order by id for update`.execute(trx);
    }
    const row = await loadReport(trx, ref, true);
    const report = toWorkflowReport(row);
    const deadline = WorkflowService.deadlineFn(org, row.category_id);
    const actors: WorkflowActor[] =
      actor === SYSTEM
        ? [{ role: 'system', accountId: null, agencyId: null }]
        : workflowActors(actor, report);
    let decision: Decision | null = null;
    let refusal: Refusal | null = null;
    let by: WorkflowActor | null = null;
    for (const candidate of actors) {
      const result = decide(report, candidate, action, input as never, now, { deadline });
      if (result.ok) {
        decision = result;
        by = candidate;
        break;
      }
      if (refusal === null || REFUSAL_RANK[result.code] > REFUSAL_RANK[refusal.code]) refusal = result;
    }
    if (decision === null || by === null) {
      if (refusal === null) throw new AppError('action_not_allowed');
      throw refusalError(refusal);
    }
    // Only once the user may act at all: a stale screen is then the reason.
    if (version !== undefined && version !== row.version) throw new AppError('report_changed');
    if (decision.action === 'publish' && !publishable(row)) throw notPublishable();
    await this.checkReferences(trx, row, decision, now);
    const accountId = actor === SYSTEM ? null : actor.accountId;
    const writes = await this.write(trx, accountId, row, report, decision, now);
    // The event, the officers' alerts and the audit entry (queued, chained right after the transaction: the
    // chain's lock would serialize all actions) in one statement; then the message job for the reporter.
    const reply = { id: row.id, code: row.code, status: decision.to, version: nextVersion(row, decision) };
    const eventId = await this.record(trx, row, decision, accountId, now, writes, claim && { claim, reply }, {
      actorId: actor === SYSTEM ? null : actor.accountId,
      action: `report.${action}`,
      subjectType: 'report',
      subjectId: row.id,
      requestId: actor === SYSTEM ? null : actor.requestId,
      detail: { from: decision.from, to: decision.to, role: by.role },
    });
    if (decision.notify.some((n) => n.audience === 'reporter' || n.audience === 'followers'))
      await this.options.jobs.enqueue(
        NOTIFY_JOB,
        { reportId: row.id, eventId },
        { trx, key: `event:${eventId}` },
      );
    return { ...reply, eventId };
  }

  /** What the machine cannot know: that agencies, the merge target and attachments exist and fit. */
  private async checkReferences(trx: Db, row: ReportRow, decision: Decision, now: Date): Promise<void> {
    const data = decision.event.data;
    const invalid = (field: string, problem: string, vi: string, en: string) =>
      new AppError('validation_failed', {
        details: [{ field: `/body/input/${field}`, problem, messages: { vi, en } }],
      });
    const agencyFields: [string, string[]][] = [
      ['leadAgencyId', typeof data.leadAgencyId === 'string' ? [data.leadAgencyId] : []],
      [
        'coordinatingAgencyIds',
        Array.isArray(data.coordinatingAgencyIds) ? (data.coordinatingAgencyIds as string[]) : [],
      ],
      ['suggestedAgencyId', typeof data.suggestedAgencyId === 'string' ? [data.suggestedAgencyId] : []],
    ];
    const today = localDate(now);
    for (const [field, ids] of agencyFields) {
      if (ids.length === 0) continue;
      if (ids.some((id) => !UUID.test(id)) || ids.length > 20)
        throw invalid(field, 'not an agency id', 'Mã cơ quan không hợp lệ.', 'Not a valid agency id.');
      const found = await sql<{ id: string }>`
        select id from agencies where id = any(${ids}::uuid[])
           and valid_from <= ${today}::date and (valid_to is null or valid_to > ${today}::date)`.execute(trx);
      if (found.rows.length !== new Set(ids).size)
        throw invalid(
          field,
          'unknown agency or not in force',
          'Cơ quan được chọn không tồn tại hoặc đã ngừng hoạt động.',
          'The chosen agency does not exist or no longer exists.',
        );
    }
    if (decision.action === 'merge') {
      const target = textOf(data.targetReportId);
      const found =
        UUID.test(target) || CODE.test(target)
          ? await loadReport(trx, target, true).catch((error: unknown) => {
              if (error instanceof AppError && error.code === 'not_found') return null;
              throw error;
            })
          : null;
      if (!found || found.id === row.id || ['rejected', 'merged', 'closed'].includes(found.status))
        throw invalid(
          'targetReportId',
          'unknown or ended report',
          'Phản ánh được gộp vào không tồn tại hoặc đã kết thúc.',
          'The report to merge into does not exist or has ended.',
        );
      data.targetReportId = found.id;
      data.targetCode = found.code;
      decision.changes.mergedIntoReportId = found.id;
    }
    const attachments = Array.isArray(data.attachmentIds) ? (data.attachmentIds as string[]) : [];
    const hidden = Array.isArray(data.hiddenMediaIds) ? (data.hiddenMediaIds as string[]) : [];
    for (const [field, ids, mine] of [
      ['attachmentIds', attachments, false],
      ['hiddenMediaIds', hidden, true],
    ] as const) {
      if (ids.length === 0) continue;
      if (ids.some((id) => !UUID.test(id)) || ids.length > 20)
        throw invalid(field, 'not media ids', 'Danh sách tệp không hợp lệ.', 'Not a valid list of files.');
      // Answer photos and documents become the report's (so the hourly purge of unattached uploads keeps them
      // and no other report can take them), hidden until the answer is published: a draft is not public. Photos
      // to hide must already be this report's.
      const found = mine
        ? await sql<{ id: string }>`
            select id from report_media where id = any(${ids}::uuid[]) and report_id = ${row.id}::uuid`.execute(
            trx,
          )
        : await sql<{ id: string }>`
            update report_media set report_id = ${row.id}::uuid, hidden = true
             where id = any(${ids}::uuid[]) and (report_id is null or report_id = ${row.id}::uuid)
            returning id`.execute(trx);
      if (found.rows.length !== ids.length)
        throw invalid(
          field,
          'unknown media',
          'Có tệp chưa tải lên hoặc không thuộc phản ánh này.',
          'A file was not uploaded or does not belong to this report.',
        );
    }
  }

  /** The report's columns and the records kept beside it. */
  private async write(
    trx: Db,
    who: string | null,
    row: ReportRow,
    report: WorkflowReport,
    decision: Decision,
    now: Date,
  ): Promise<OperationNodeSource[]> {
    const c = decision.changes;
    const data = decision.event.data;
    const set: Record<string, unknown> = {
      status: decision.to,
      version: nextVersion(row, decision),
      updated_at: now,
    };
    if ('leadAgencyId' in c) set.agency_id = c.leadAgencyId ?? null;
    if ('coordinatingAgencyIds' in c)
      set.coordinating_agency_ids = sql`${[...(c.coordinatingAgencyIds ?? [])]}::uuid[]`;
    if (c.priority !== undefined) set.priority = c.priority;
    if ('dueAt' in c) set.due_at = c.dueAt ?? null;
    if ('originalDueAt' in c) set.original_due_at = c.originalDueAt ?? null;
    if ('acknowledgeDueAt' in c) set.acknowledge_due_at = c.acknowledgeDueAt ?? null;
    if (c.answerDrafted !== undefined) set.answer_drafted = c.answerDrafted;
    if (c.answerApproved !== undefined) set.answer_approved = c.answerApproved;
    if (c.infoRequested !== undefined) set.info_requested = c.infoRequested;
    if ('mergedIntoReportId' in c) set.merged_into = c.mergedIntoReportId ?? null;
    if ('rating' in c) {
      set.rating = c.rating ?? null;
      set.rated_at = c.rating ? now : null;
      set.rating_comment = c.rating && typeof data.comment === 'string' ? data.comment : null;
    }
    switch (decision.action) {
      case 'assign':
      case 'direct':
        set.assigned_at = now;
        set.acknowledged_at = null;
        set.resolved_at = null;
        break;
      case 'acknowledge':
        set.acknowledged_at = now;
        break;
      case 'return':
        // Back with the receivers: the agency's clocks stop; a new assignment starts them again.
        set.due_at = null;
        set.original_due_at = null;
        set.acknowledge_due_at = null;
        break;
      case 'approve_answer':
        set.resolved_at = now;
        break;
      case 'reopen':
        set.resolved_at = null;
        break;
      case 'publish':
        if (typeof data.publicDescription === 'string') set.public_description = data.publicDescription;
        break;
      case 'accept':
      case 'reject':
      case 'merge':
      case 'request_extension':
      case 'approve_extension':
      case 'refuse_extension':
      case 'escalate':
      case 'submit_answer':
      case 'send_back_answer':
      case 'close_unpublished':
      case 'rate_satisfied':
      case 'rate_unsatisfied':
      case 'close_reopen_request':
      case 'auto_close':
      case 'note':
      case 'request_info':
      case 'provide_info':
        break;
    }
    if (decision.to === 'closed' || decision.to === 'rejected' || decision.to === 'merged')
      set.closed_at = now;
    if (row.intake_done_at === null && ['accept', 'reject', 'merge'].includes(decision.action))
      set.intake_done_at = now;
    const rdb = reportsDb(trx);
    // The report's update and the action's own row are written with the event (one round trip less each); what
    // needs an answer first (a merge counts who moved) or touches a row twice (a lapse) is written now.
    const deferred: OperationNodeSource[] = [rdb.updateTable('reports').set(set).where('id', '=', row.id)];
    switch (decision.action) {
      case 'return':
        if (report.leadAgencyId)
          deferred.push(
            rdb.insertInto('report_returns').values({
              report_id: row.id,
              agency_id: report.leadAgencyId,
              reason: textOf(data.reason),
              suggested_agency_id: typeof data.suggestedAgencyId === 'string' ? data.suggestedAgencyId : null,
              returned_by: who,
              returned_at: now,
            }),
          );
        break;
      case 'request_extension': {
        const pending = c.pendingExtension;
        if (pending)
          deferred.push(
            rdb.insertInto('report_extensions').values({
              report_id: row.id,
              reason: pending.reason,
              proposed_due_at: pending.proposedDueAt,
              previous_due_at: row.due_at,
              requested_by: who,
              requested_at: now,
              decision: null,
              granted_due_at: null,
              decided_by: null,
              decided_at: null,
              decision_reason: null,
            }),
          );
        break;
      }
      case 'approve_extension':
      case 'refuse_extension':
        deferred.push(
          rdb
            .updateTable('report_extensions')
            .set({
              decision: decision.action === 'approve_extension' ? 'approved' : 'refused',
              granted_due_at: decision.action === 'approve_extension' ? (c.dueAt ?? null) : null,
              decided_by: who,
              decided_at: now,
              decision_reason: decisionReason(data),
            })
            .where('report_id', '=', row.id)
            .where('decision', 'is', null),
        );
        break;
      case 'submit_answer':
        deferred.push(
          rdb.insertInto('report_answers').values({
            report_id: row.id,
            text: textOf(data.text),
            attachment_ids: sql<
              string[]
            >`${Array.isArray(data.attachmentIds) ? data.attachmentIds : []}::uuid[]`,
            drafted_by: who,
            drafted_at: now,
            decision: null,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            public_text: null,
            published_at: null,
          }),
        );
        break;
      case 'approve_answer':
      case 'send_back_answer':
        deferred.push(
          rdb
            .updateTable('report_answers')
            .set({
              decision: decision.action === 'approve_answer' ? 'approved' : 'sent_back',
              decided_by: who,
              decided_at: now,
              decision_reason: decisionReason(data),
            })
            .where('report_id', '=', row.id)
            .where('decision', 'is', null),
        );
        break;
      case 'publish': {
        deferred.push(sql`
          update report_answers set public_text = ${textOf(data.publicAnswer)}, published_at = ${now}
           where id = (select max(id) from report_answers where report_id = ${row.id}::uuid and decision = 'approved')`);
        // The published answer's files become public, but those the receivers hide; other photos they hide too.
        const hidden = Array.isArray(data.hiddenMediaIds) ? (data.hiddenMediaIds as string[]) : [];
        deferred.push(sql`
          update report_media set hidden = (id = any(${hidden}::uuid[]))
           where report_id = ${row.id}::uuid
             and (id = any(${hidden}::uuid[])
                  or id = any(coalesce((select attachment_ids from report_answers where report_id = ${row.id}::uuid
                                          and decision = 'approved' order by id desc limit 1), '{}')))`);
        break;
      }
      case 'merge': {
        // The reporter and followers of the duplicate follow the report that carries on; it affects them too.
        const target = c.mergedIntoReportId;
        if (target) {
          const moved = await sql`
            insert into report_followers (report_id, account_id, push_subscription_id, role, email, phone)
            select ${target}::uuid, f.account_id, f.push_subscription_id, 'follower', f.email, f.phone
              from report_followers f
             where f.report_id = ${row.id}::uuid
               and not exists (select 1 from report_followers t where t.report_id = ${target}::uuid
                                  and (t.account_id = f.account_id or t.push_subscription_id = f.push_subscription_id
                                       or (f.account_id is null and f.push_subscription_id is null
                                           and t.email is not distinct from f.email
                                           and t.phone is not distinct from f.phone)))
            on conflict do nothing`.execute(trx);
          // The people it affects: those newly following, or at least the duplicate's own reporter.
          const added = Math.max(1, Number(moved.numAffectedRows ?? 0));
          await sql`update reports set supporters = supporters + ${added}, version = version + 1, updated_at = ${now}
                     where id = ${target}::uuid`.execute(trx);
          await rdb
            .insertInto('report_events')
            .values({
              report_id: target,
              kind: 'duplicate_merged',
              actor_account_id: who,
              public: false,
              data: JSON.stringify({ duplicateCode: row.code, supporters: row.supporters }),
              at: now,
            })
            .execute();
        }
        break;
      }
      case 'accept':
      case 'reject':
      case 'assign':
      case 'acknowledge':
      case 'escalate':
      case 'direct':
      case 'close_unpublished':
      case 'rate_satisfied':
      case 'rate_unsatisfied':
      case 'reopen':
      case 'close_reopen_request':
      case 'auto_close':
      case 'note':
      case 'request_info':
      case 'provide_info':
        break;
    }
    // A pending extension request that lapsed because the report left the states that keep one.
    if (data.extensionRequestLapsed === true)
      await rdb
        .updateTable('report_extensions')
        .set({ decision: 'lapsed', decided_at: now })
        .where('report_id', '=', row.id)
        .where('decision', 'is', null)
        .execute();
    return deferred;
  }

  /**
   * Writes the timeline event, an alert per officer audience (with the event's id) and the queued audit entry in
   * one statement of data-modifying CTEs; returns the event's id.
   */
  private async record(
    trx: Db,
    row: ReportRow,
    decision: Decision,
    accountId: string | null,
    now: Date,
    writes: OperationNodeSource[],
    answer: { claim: KeyClaim; reply: Omit<ActReply, 'eventId'> } | null,
    audit: AuditEntry,
  ): Promise<string> {
    const { event } = decision;
    const alerts = decision.notify.flatMap((n) => {
      if (n.audience === 'reporter' || n.audience === 'followers') return [];
      const agencies = n.agencyIds && n.agencyIds.length > 0 ? n.agencyIds : [null];
      return agencies.map((agencyId) => ({ audience: n.audience, agencyId }));
    });
    const data = JSON.stringify({
      ...event.data,
      action: event.action,
      role: event.actorRole,
      from: event.from,
      to: event.to,
    });
    const before = writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w}),`);
    // The idempotency key, claimed with the answer (which holds the event's id) in the same statement.
    const claim =
      answer === null
        ? sql`select null::text`
        : claimKeySql(
            answer.claim,
            200,
            sql`(select ${JSON.stringify(answer.reply)}::jsonb || jsonb_build_object('eventId', e.id::text) from e)`,
          );
    // Prepared: a few dozen texts (one per action and shape of its writes), each a write by key.
    const inserted = await sql<{ id: string; claimed: number }>`${sql.raw(PREPARE_MARK)}
      with ${sql.join(before, sql` `)} e as (
        insert into report_events (report_id, kind, actor_account_id, public, to_reporter, data, at)
        values (${row.id}::uuid, ${event.kind}, ${accountId}::uuid, ${event.visibility === 'public'},
                ${event.visibility !== 'internal'}, ${data}::jsonb, ${now})
        returning id),
      a as (
        insert into report_alerts (report_id, audience, agency_id, kind, data)
        select ${row.id}::uuid, t.audience, t.agency_id, ${event.kind},
               jsonb_build_object('code', ${row.code}::text, 'eventId', e.id::text, 'action', ${decision.action}::text,
                                  'from', ${decision.from}::text, 'to', ${decision.to}::text)
          from unnest(${alerts.map((x) => x.audience)}::text[], ${alerts.map((x) => x.agencyId)}::uuid[])
                 as t(audience, agency_id), e),
      q as (
        insert into audit_outbox (actor_id, action, subject_type, subject_id, request_id, detail)
        values (${audit.actorId}::uuid, ${audit.action}, ${audit.subjectType}, ${audit.subjectId ?? null},
                ${audit.requestId ?? null}, ${audit.detail === undefined ? null : JSON.stringify(audit.detail)}::jsonb)),
      k as (${claim})
      select id::text as id, (select count(*) from k)::int as claimed from e`.execute(trx);
    const written = inserted.rows[0];
    if (written === undefined) throw new Error('the event was not written');
    if (answer !== null) settleClaim(answer.claim, written.claimed === 1);
    return written.id;
  }
}

export interface AlertView {
  id: string;
  code: string;
  kind: string;
  audience: string;
  agencyId: string | null;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * The alerts addressed to the signed-in officer's positions, newest first (`before`: an id, for the next page):
 * receivers' and provincial leaders' alerts by role, an agency's by the agencies the position covers, the
 * agency leader's to leaders only. The officer inbox (issue 7) reads this; alerts carry no personal data.
 */
export async function alertsFor(
  db: Db,
  actor: Actor | null,
  options: { before?: string; limit?: number } = {},
): Promise<AlertView[]> {
  if (actor === null) throw new AppError('unauthenticated');
  if (actor.kind !== 'officer') throw new AppError('forbidden', { internal: 'alerts are for officers' });
  const roles = new Set(actor.positions.map((p) => p.role));
  const agenciesOf = (which: readonly string[]) => [
    ...new Set(
      actor.positions.filter((p) => which.includes(p.role)).flatMap((p) => [...(p.agencyIds ?? [])]),
    ),
  ];
  const officerAgencies = agenciesOf(['handler', 'agency_leader']);
  const leaderAgencies = agenciesOf(['agency_leader']);
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const before = options.before && /^\d{1,19}$/.test(options.before) ? options.before : null;
  const rows = await sql<{
    id: string;
    code: string;
    kind: string;
    audience: string;
    agency_id: string | null;
    created_at: Date;
    data: Record<string, unknown>;
  }>`
    select a.id::text as id, r.code, a.kind, a.audience, a.agency_id, a.created_at, a.data
      from report_alerts a join reports r on r.id = a.report_id
     where (${before}::bigint is null or a.id < ${before}::bigint)
       and ((a.audience = 'receivers' and ${roles.has('receiver')})
         or (a.audience = 'provincial_leaders' and ${roles.has('provincial_leader')})
         or (a.audience in ('lead_agency', 'coordinating_agencies', 'previous_lead_agency')
             and a.agency_id = any(${officerAgencies}::uuid[]))
         or (a.audience = 'agency_leader' and a.agency_id = any(${leaderAgencies}::uuid[])))
     order by a.id desc limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    audience: r.audience,
    agencyId: r.agency_id,
    createdAt: r.created_at.toISOString(),
    data: r.data,
  }));
}
