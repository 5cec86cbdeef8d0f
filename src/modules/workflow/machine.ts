// The workflow table applied: which actions an actor may take on a report now, and what one action does.
// Pure: no database, no clock of its own (the caller passes `now`), no side effects. A service maps its rows
// to `WorkflowReport` and `WorkflowActor`, calls `decide`, then writes the changes, the event and the jobs.
import type { WorkCalendar } from '../../platform/calendar/calendar.js';
import type { Priority } from '../reports/tables.js';
import {
  EXTENSION_STATES,
  INFO_STATES,
  REFUSAL_MESSAGES,
  REJECT_REASONS,
  REJECT_REASON_LABELS,
  WORKFLOW,
  type ActionCode,
  type ActionInput,
  type Audience,
  type Clock,
  type Guard,
  type InputType,
  type Label,
  type Permit,
  type Rating,
  type RefusalCode,
  type Scope,
  type SlaFlag,
  type TransitionRule,
  type Visibility,
  type WorkflowRole,
  type WorkflowState,
} from './table.js';

/** An extension asked for and not yet decided: a sub-record of the report, not a state of its own. */
export interface PendingExtension {
  reason: string;
  proposedDueAt: Date;
  requestedBy: string | null;
  requestedAt: Date;
}

/** What the workflow needs to know of a report; the service maps its row to this. */
export interface WorkflowReport {
  id: string;
  state: WorkflowState;
  priority: Priority;
  leadAgencyId: string | null;
  coordinatingAgencyIds: readonly string[];
  /** The citizen account that sent it; null for anonymous or hotline reports without an account. */
  reporterAccountId: string | null;
  answerDrafted: boolean;
  answerApproved: boolean;
  /** A question to the reporter is open ("request more information"). */
  infoRequested: boolean;
  pendingExtension: PendingExtension | null;
  acknowledgeDueAt: Date | null;
  /** The resolution due date in force (after any approved extension). */
  dueAt: Date | null;
  /** The resolution due date before the first approved extension; null when never extended. */
  originalDueAt: Date | null;
  rating: Rating | null;
  /** How many times each agency has returned this report as not its remit. */
  returnCounts: Readonly<Record<string, number>>;
  mergedIntoReportId: string | null;
}

/** Who acts, as one position: the service passes one actor per position of the signed-in account. */
export interface WorkflowActor {
  role: WorkflowRole;
  /** Null only for the system. */
  accountId: string | null;
  /** The agency of the position (handlers and agency leaders); null for province-wide roles and citizens. */
  agencyId: string | null;
}

export type ReportChanges = Partial<Omit<WorkflowReport, 'id'>>;

/** The event to append to the report's timeline. */
export interface WorkflowEvent {
  kind: string;
  action: ActionCode;
  visibility: Visibility;
  at: Date;
  actorAccountId: string | null;
  actorRole: WorkflowRole;
  from: WorkflowState;
  to: WorkflowState;
  /** The action's inputs, checked and trimmed, and facts such as the agency that returned the report. */
  data: Record<string, unknown>;
}

/** One audience to tell; agency audiences carry the agencies they resolve to. */
export interface Notification {
  audience: Audience;
  agencyIds?: readonly string[];
}

export interface Decision<A extends ActionCode = ActionCode> {
  ok: true;
  action: A;
  from: WorkflowState;
  to: WorkflowState;
  /** Only the fields that change. */
  changes: ReportChanges;
  event: WorkflowEvent;
  notify: readonly Notification[];
  /** Clocks started (their due dates are in `changes` when `deadline` was given) and clocks met. */
  clocks: { start: readonly Clock[]; stop: readonly Clock[] };
}

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: Label;
  /** The input at fault, for missing and invalid input. */
  field?: string;
  /** Internal detail for logs and tests; not shown to users. */
  detail?: string;
}

export interface DecideOptions {
  /**
   * The due date of a clock started at `start` (the category's policy on the working calendar, e.g.
   * `addDuration(calendar, start, clocksFor(policy, report.priority)[clock])`). Without it, a started clock's
   * due date is set to null and the caller computes it from `decision.clocks.start`.
   */
  deadline?: (clock: Clock, start: Date, report: WorkflowReport) => Date;
}

/** The row of an action. */
export function ruleFor<A extends ActionCode>(action: A): TransitionRule<A> {
  return WORKFLOW[action];
}

const TEXT_MAX = 20_000;
const ID_MAX = 200;
const PRIORITIES: readonly string[] = ['urgent', 'normal', 'complex'] satisfies Priority[];

function refuse(code: RefusalCode, extra: { field?: string; detail?: string } = {}): Refusal {
  return { ok: false, code, message: REFUSAL_MESSAGES[code], ...extra };
}

/** Whether the report lies in the actor's `scope` (table.ts `Scope`): the scope half of a permit. */
export function withinScope(scope: Scope, report: WorkflowReport, actor: WorkflowActor): boolean {
  return scopeHolds({ role: actor.role, scope }, report, actor);
}

function scopeHolds(permit: Permit, report: WorkflowReport, actor: WorkflowActor): boolean {
  switch (permit.scope) {
    case 'any':
      return true;
    case 'lead_agency':
      return actor.agencyId !== null && actor.agencyId === report.leadAgencyId;
    case 'handling_agency':
      return (
        actor.agencyId !== null &&
        (actor.agencyId === report.leadAgencyId || report.coordinatingAgencyIds.includes(actor.agencyId))
      );
    case 'reporter':
      return actor.accountId !== null && actor.accountId === report.reporterAccountId;
    case 'system':
      return actor.role === 'system';
  }
}

function guardHolds(guard: Guard, report: WorkflowReport): boolean {
  switch (guard) {
    case 'no_pending_extension':
      return report.pendingExtension === null;
    case 'pending_extension':
      return report.pendingExtension !== null;
    case 'has_due_date':
      return report.dueAt !== null;
    case 'info_requested':
      return report.infoRequested;
    case 'answer_approved':
      return report.answerApproved;
    case 'not_rated':
      return report.rating === null;
  }
}

/** Role, scope, state and guards, in that order; null when the actor may take the action now. */
function checkRule(rule: TransitionRule, report: WorkflowReport, actor: WorkflowActor): Refusal | null {
  const permits = rule.allowed.filter((permit) => permit.role === actor.role);
  if (permits.length === 0)
    return refuse('not_allowed_for_role', { detail: `${actor.role} → ${rule.action}` });
  if (!permits.some((permit) => scopeHolds(permit, report, actor)))
    return refuse('wrong_scope', { detail: `${actor.role} → ${rule.action}` });
  if (!rule.from.includes(report.state))
    return refuse('wrong_state', { detail: `${rule.action} in ${report.state}` });
  const failed = rule.guards.find((guard) => !guardHolds(guard, report));
  if (failed !== undefined) return refuse('precondition_failed', { detail: failed });
  return null;
}

/** The actions `actor` may take on `report` now (before any input): the buttons a screen shows. */
export function availableActions(report: WorkflowReport, actor: WorkflowActor): ActionCode[] {
  return (Object.keys(WORKFLOW) as ActionCode[]).filter(
    (action) => checkRule(WORKFLOW[action], report, actor) === null,
  );
}

/** True when the actor may take the action now, inputs aside. */
export function mayTake(report: WorkflowReport, actor: WorkflowActor, action: ActionCode): boolean {
  return checkRule(WORKFLOW[action], report, actor) === null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Checked = { ok: true; value: unknown } | { ok: false; code: 'missing_input' | 'invalid_input' };

function checkValue(type: InputType, value: unknown): Checked {
  const invalid = { ok: false, code: 'invalid_input' } as const;
  switch (type) {
    case 'text':
    case 'id': {
      if (typeof value !== 'string') return invalid;
      const trimmed = value.trim();
      if (trimmed === '') return { ok: false, code: 'missing_input' };
      return trimmed.length > (type === 'id' ? ID_MAX : TEXT_MAX) ? invalid : { ok: true, value: trimmed };
    }
    case 'ids': {
      if (!Array.isArray(value)) return invalid;
      const ids: string[] = [];
      for (const item of value as unknown[]) {
        if (typeof item !== 'string' || item.trim() === '' || item.trim().length > ID_MAX) return invalid;
        if (!ids.includes(item.trim())) ids.push(item.trim());
      }
      return { ok: true, value: ids };
    }
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? { ok: true, value } : invalid;
    case 'reject_reason':
      return typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value)
        ? { ok: true, value }
        : invalid;
    case 'priority':
      return typeof value === 'string' && PRIORITIES.includes(value) ? { ok: true, value } : invalid;
  }
}

/** The declared inputs of the row, checked and cleaned; other keys are dropped. */
function readInputs(
  rule: TransitionRule,
  input: unknown,
): { refusal: Refusal } | { values: Record<string, unknown> } {
  const source = isRecord(input) ? input : {};
  const clean: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.inputs) as [
    string,
    { type: InputType; required: boolean },
  ][]) {
    const value = source[name];
    const checked: Checked =
      value === undefined || value === null
        ? { ok: false, code: 'missing_input' }
        : checkValue(spec.type, value);
    if (checked.ok) clean[name] = checked.value;
    else if (checked.code === 'invalid_input' || spec.required)
      return { refusal: refuse(checked.code, { field: name }) };
  }
  return { values: clean };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strs = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);
const date = (value: unknown): Date | undefined => (value instanceof Date ? value : undefined);

/**
 * What `action` by `actor` does to `report` at `now`: a refusal (nothing changes) or the next state, the
 * changed fields, the event to record and who to tell. `input` is checked at run time against the row.
 */
export function decide<A extends ActionCode>(
  report: WorkflowReport,
  actor: WorkflowActor,
  action: A,
  input: ActionInput<A>,
  now: Date,
  options: DecideOptions = {},
): Decision<A> | Refusal {
  const rule: TransitionRule = WORKFLOW[action];
  const refused = checkRule(rule, report, actor);
  if (refused) return refused;
  const read = readInputs(rule, input);
  if ('refusal' in read) return read.refusal;
  const inputs = read.values;

  const to = rule.to === 'unchanged' ? report.state : rule.to;
  const changes: ReportChanges = {};
  const data: Record<string, unknown> = { ...inputs };
  const invalid = (field: string, detail: string) => refuse('invalid_input', { field, detail });

  switch (rule.action) {
    case 'accept': {
      const priority = str(inputs.priority);
      if (priority !== undefined && priority !== report.priority) changes.priority = priority as Priority;
      break;
    }
    case 'reject': {
      const reason = REJECT_REASON_LABELS[inputs.reasonCode as (typeof REJECT_REASONS)[number]];
      if (reason.textRequired && inputs.reasonText === undefined)
        return refuse('missing_input', { field: 'reasonText' });
      data.reason = { vi: reason.vi, en: reason.en };
      if (reason.guidance) data.guidance = reason.guidance;
      break;
    }
    case 'merge':
      if (inputs.targetReportId === report.id)
        return invalid('targetReportId', 'a report cannot merge into itself');
      changes.mergedIntoReportId = str(inputs.targetReportId) ?? null;
      break;
    case 'assign':
    case 'direct': {
      const lead = str(inputs.leadAgencyId) ?? '';
      const coordinating = strs(inputs.coordinatingAgencyIds);
      if (coordinating.includes(lead))
        return invalid('coordinatingAgencyIds', 'the lead agency cannot also coordinate');
      const fixedDue = date(inputs.dueAt);
      if (fixedDue !== undefined && fixedDue.getTime() <= now.getTime())
        return invalid('dueAt', 'the due date must be in the future');
      if (report.leadAgencyId !== null && report.leadAgencyId !== lead)
        data.previousLeadAgencyId = report.leadAgencyId;
      changes.leadAgencyId = lead;
      changes.coordinatingAgencyIds = coordinating;
      changes.answerDrafted = false;
      changes.answerApproved = false;
      break;
    }
    case 'return': {
      const agency = report.leadAgencyId ?? '';
      data.agencyId = agency;
      changes.returnCounts = { ...report.returnCounts, [agency]: (report.returnCounts[agency] ?? 0) + 1 };
      changes.leadAgencyId = null;
      changes.coordinatingAgencyIds = [];
      break;
    }
    case 'request_extension': {
      const proposed = date(inputs.proposedDueAt) ?? now;
      if (proposed.getTime() <= now.getTime() || (report.dueAt !== null && proposed <= report.dueAt))
        return invalid('proposedDueAt', 'the proposed date must be later than now and than the due date');
      changes.pendingExtension = {
        reason: str(inputs.reason) ?? '',
        proposedDueAt: proposed,
        requestedBy: actor.accountId,
        requestedAt: now,
      };
      data.currentDueAt = report.dueAt;
      break;
    }
    case 'approve_extension': {
      const granted = date(inputs.dueAt) ?? report.pendingExtension?.proposedDueAt;
      if (granted === undefined || report.dueAt === null)
        return refuse('precondition_failed', { detail: 'no due' });
      if (granted.getTime() <= now.getTime() || granted <= report.dueAt)
        return invalid('dueAt', 'the new due date must be later than now and than the due date');
      // The first due date is kept: on-time statistics count against it ("late with an extension").
      changes.originalDueAt = report.originalDueAt ?? report.dueAt;
      changes.dueAt = granted;
      changes.pendingExtension = null;
      Object.assign(data, {
        previousDueAt: report.dueAt,
        dueAt: granted,
        originalDueAt: changes.originalDueAt,
      });
      break;
    }
    case 'refuse_extension':
      changes.pendingExtension = null;
      data.proposedDueAt = report.pendingExtension?.proposedDueAt;
      break;
    case 'submit_answer':
      changes.answerDrafted = true;
      changes.answerApproved = false;
      break;
    case 'approve_answer':
      changes.answerApproved = true;
      break;
    case 'send_back_answer':
      changes.answerApproved = false;
      break;
    case 'rate_satisfied':
      changes.rating = 'satisfied';
      data.rating = 'satisfied';
      break;
    case 'rate_unsatisfied':
      changes.rating = 'unsatisfied';
      data.rating = 'unsatisfied';
      break;
    case 'reopen':
      // A new answer is needed and will be rated again; the earlier rating stays in the timeline.
      changes.rating = null;
      changes.answerDrafted = false;
      changes.answerApproved = false;
      break;
    case 'request_info':
      changes.infoRequested = true;
      break;
    case 'provide_info':
      changes.infoRequested = false;
      break;
    case 'acknowledge':
    case 'escalate':
    case 'publish':
    case 'close_unpublished':
    case 'close_reopen_request':
    case 'auto_close':
    case 'note':
      break;
  }

  // Sub-records that only make sense in some states lapse when the report leaves them.
  const pending = 'pendingExtension' in changes ? changes.pendingExtension : report.pendingExtension;
  if (pending && !EXTENSION_STATES.includes(to)) {
    changes.pendingExtension = null;
    data.extensionRequestLapsed = true;
  }
  if (report.infoRequested && !INFO_STATES.includes(to)) changes.infoRequested = false;

  const next: WorkflowReport = { ...report, ...changes, state: to };
  for (const clock of rule.clocks.start) {
    const due = options.deadline ? options.deadline(clock, now, next) : null;
    switch (clock) {
      case 'intake': // started at submission, outside the workflow
        break;
      case 'acknowledge':
        changes.acknowledgeDueAt = due;
        break;
      case 'resolve':
        // A new handling round: a due date the leaders set wins; earlier extensions no longer apply.
        changes.dueAt = date(inputs.dueAt) ?? due;
        changes.originalDueAt = null;
        break;
    }
  }

  return {
    ok: true,
    action,
    from: report.state,
    to,
    changes,
    event: {
      kind: rule.event.kind,
      action,
      visibility: rule.event.visibility,
      at: now,
      actorAccountId: actor.accountId,
      actorRole: actor.role,
      from: report.state,
      to,
      data,
    },
    notify: notifications(rule.notify, report, next),
    clocks: rule.clocks,
  };
}

/** The audiences of a row, agency audiences resolved against the report before and after the action. */
function notifications(
  audiences: readonly Audience[],
  before: WorkflowReport,
  after: WorkflowReport,
): Notification[] {
  // After a return the report has no lead agency: tell the one that returned it.
  const holder = after.leadAgencyId !== null ? after : before;
  const result: Notification[] = [];
  for (const audience of audiences) {
    switch (audience) {
      case 'lead_agency':
      case 'agency_leader':
        if (holder.leadAgencyId !== null) result.push({ audience, agencyIds: [holder.leadAgencyId] });
        break;
      case 'coordinating_agencies':
        if (holder.coordinatingAgencyIds.length > 0)
          result.push({ audience, agencyIds: [...holder.coordinatingAgencyIds] });
        break;
      case 'previous_lead_agency':
        if (before.leadAgencyId !== null && before.leadAgencyId !== after.leadAgencyId)
          result.push({ audience, agencyIds: [before.leadAgencyId] });
        break;
      case 'reporter':
      case 'followers':
      case 'receivers':
      case 'provincial_leaders':
        result.push({ audience });
        break;
    }
  }
  return result;
}

/** The report after a decision: what the service writes. */
export function applyDecision(report: WorkflowReport, decision: Decision): WorkflowReport {
  return { ...report, ...decision.changes, state: decision.to };
}

/** Working minutes left under which an open clock is "due soon": half a working day. A setting later. */
export const DEFAULT_DUE_SOON_WORKING_MINUTES = 240;

/** The dates of one clock: the due date in force, the original one if extended, and when it was met. */
export interface SlaClock {
  dueAt: Date | null;
  originalDueAt?: Date | null;
  doneAt?: Date | null;
}

/**
 * The deadline flag of a clock at `now` (definitions in `SLA_FLAG_LABELS`); null when no due date is set.
 * "Due soon" counts working time on the calendar, so a Friday-evening deadline is not due soon on Wednesday
 * only because of the weekend's hours.
 */
export function slaFlag(
  clock: SlaClock,
  now: Date,
  calendar: Pick<WorkCalendar, 'workingTimeBetween'>,
  dueSoonWorkingMinutes: number = DEFAULT_DUE_SOON_WORKING_MINUTES,
): SlaFlag | null {
  const { dueAt } = clock;
  if (dueAt === null) return null;
  const original = clock.originalDueAt ?? dueAt;
  const extended = original.getTime() < dueAt.getTime();
  const done = clock.doneAt ?? null;
  if (done !== null) {
    if (done.getTime() <= original.getTime()) return 'on_time';
    if (extended && done.getTime() <= dueAt.getTime()) return 'late_with_extension';
    return 'overdue';
  }
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  if (extended && now.getTime() > original.getTime()) return 'late_with_extension';
  if (calendar.workingTimeBetween(now, dueAt) <= dueSoonWorkingMinutes) return 'due_soon';
  return 'on_time';
}

/**
 * The instant before which a clock due at or after `now` is "due soon" in `slaFlag`'s sense: an open clock with no
 * extension passed is due soon exactly when `now <= dueAt < dueSoonUntil(now, …)`. `slaFlag` counts whole working
 * minutes (at most `dueSoonWorkingMinutes`), so the bound is the first instant with one more working minute than
 * that — lunch, nights and days off after it stay "not due soon". Lets a database query select what `slaFlag` would
 * flag (the inboxes' due-soon tab) without computing working time row by row.
 */
export function dueSoonUntil(
  now: Date,
  calendar: Pick<WorkCalendar, 'addWorkingHours'>,
  dueSoonWorkingMinutes: number = DEFAULT_DUE_SOON_WORKING_MINUTES,
): Date {
  return calendar.addWorkingHours(now, (dueSoonWorkingMinutes + 1) / 60);
}
