// The officers' inbox tabs as one table: which positions give each tab, and what puts a report in it — once as the
// workflow machine sees it (`holds`: which actions the officer may take on it now, whose scope it is, where its
// running clock stands) and once as SQL over `reports r` (`where`), which the inbox runs. The two must select the
// same reports: test/integration/inbox.test.ts compares them on stored reports in every state, and
// test/unit/inbox-tabs.test.ts checks `holds` against the machine on random workflows.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/policy.js';
import type { WorkCalendar } from '../../platform/calendar/calendar.js';
import type { Channel } from '../reports/tables.js';
import {
  mayTake,
  slaFlag,
  withinScope,
  type WorkflowActor,
  type WorkflowReport,
} from '../workflow/machine.js';
import { workflowActors } from '../workflow/service.js';
import {
  EXTENSION_STATES,
  RUNNING_CLOCK,
  WORKFLOW_STATES,
  type Clock,
  type Label,
  type SlaFlag,
  type WorkflowState,
} from '../workflow/table.js';

export const TAB_IDS = [
  'new',
  'returned',
  'extensions',
  'reopen',
  'hotline',
  'assigned',
  'in_progress',
  'due_soon',
  'overdue',
  'sent_back',
  'approval',
  'agency_overdue',
  'escalated',
] as const;
export type TabId = (typeof TAB_IDS)[number];

/** Whose inbox a tab is: receivers, an agency's handling officers (and leaders), an agency's leader, the province's. */
export type TabRole = 'receiver' | 'agency' | 'leader' | 'provincial';

/** A report as the tabs read it: the machine's view, plus where it came from and its intake due date. */
export interface InboxReport extends WorkflowReport {
  channel: Channel;
  intakeDueAt: Date | null;
}

/** The running clock of a report now (table.ts RUNNING_CLOCK) and its dates; null when none runs. */
export interface RunningClock {
  clock: Clock;
  dueAt: Date;
  /** The resolution due date before an approved extension (resolve clock only). */
  originalDueAt: Date | null;
}

export function runningClock(
  report: Pick<InboxReport, 'state' | 'intakeDueAt' | 'acknowledgeDueAt' | 'dueAt' | 'originalDueAt'>,
): RunningClock | null {
  const clock = RUNNING_CLOCK[report.state];
  const dueAt =
    clock === 'intake'
      ? report.intakeDueAt
      : clock === 'acknowledge'
        ? report.acknowledgeDueAt
        : clock === 'resolve'
          ? report.dueAt
          : null;
  if (clock === null || dueAt === null) return null;
  return { clock, dueAt, originalDueAt: clock === 'resolve' ? report.originalDueAt : null };
}

/** The running clock's flag at `now` (machine.ts slaFlag: the clock runs, so it is not done). */
export function runningFlag(
  clock: RunningClock | null,
  now: Date,
  calendar: Pick<WorkCalendar, 'workingTimeBetween'>,
): SlaFlag | null {
  return clock && slaFlag({ dueAt: clock.dueAt, originalDueAt: clock.originalDueAt }, now, calendar);
}

/** States in which an agency's clock runs (acknowledge or resolve): its due-soon and overdue tabs. */
export const AGENCY_CLOCK_STATES: readonly WorkflowState[] = WORKFLOW_STATES.filter(
  (s) => RUNNING_CLOCK[s] === 'acknowledge' || RUNNING_CLOCK[s] === 'resolve',
);
const RESOLVE_STATES: readonly WorkflowState[] = WORKFLOW_STATES.filter(
  (s) => RUNNING_CLOCK[s] === 'resolve',
);

/** What a signed-in officer's positions (valid today, scopes expanded to subtrees) give in the inboxes. */
export interface InboxScope {
  receiver: boolean;
  provincial: boolean;
  /** Agencies of handler and agency leader positions: the reports they lead or coordinate. */
  handling: readonly string[];
  /** Agencies of agency leader positions. */
  leading: readonly string[];
}

export function inboxScope(actor: Actor): InboxScope {
  const agenciesOf = (roles: readonly string[]) => [
    ...new Set(
      actor.positions.filter((p) => roles.includes(p.role)).flatMap((p) => [...(p.agencyIds ?? [])]),
    ),
  ];
  const officer = actor.kind === 'officer';
  return {
    receiver: officer && actor.positions.some((p) => p.role === 'receiver'),
    provincial: officer && actor.positions.some((p) => p.role === 'provincial_leader'),
    handling: officer ? agenciesOf(['handler', 'agency_leader']) : [],
    leading: officer ? agenciesOf(['agency_leader']) : [],
  };
}

/** What the SQL predicates read besides the report: the time, the due-soon bound and the officer's agencies. */
export interface TabContext {
  now: Date;
  /** machine.ts dueSoonUntil(now, calendar): a running clock due before it (and not before now) is due soon. */
  dueSoonUntil: Date;
  scope: InboxScope;
}

export type TabScope = 'province' | 'handling' | 'leading';

export interface TabDefinition {
  id: TabId;
  role: TabRole;
  label: Label;
  /** Whether the officer's positions give the tab. */
  given(scope: InboxScope): boolean;
  /**
   * The machine's view, for one workflow actor of the officer (service.ts workflowActors: one per position, and
   * per agency of the report a position reaches).
   */
  holds(report: InboxReport, actor: WorkflowActor, flag: SlaFlag | null): boolean;
  /**
   * Whose reports: every report (`province`), those an agency of the officer's handling positions leads or
   * coordinates (`handling`: the workflow's `handling_agency` scope), or leads as one of their leader positions'
   * agencies (`leading`). The store adds it to `where`, one branch per agency (store.ts).
   */
  scope: TabScope;
  /** The same selection in SQL over `reports r`, whose reports aside (`scope`). */
  where(context: TabContext): RawBuilder<SqlBool>;
}

const states = (list: readonly WorkflowState[]) => sql.join(list.map((s) => sql.lit(s)));
const overdueSql = (c: TabContext) => sql<SqlBool>`r.clock_due_at < ${c.now}`;
/** slaFlag's due soon: not overdue, before the bound, and not already late with an extension (resolve clock only). */
const dueSoonSql = (
  c: TabContext,
) => sql<SqlBool>`(r.clock_due_at >= ${c.now} and r.clock_due_at < ${c.dueSoonUntil}
  and not coalesce(r.status in (${states(RESOLVE_STATES)}) and r.original_due_at < r.clock_due_at
                   and r.original_due_at < ${c.now}, false))`;

const isRole = (actor: WorkflowActor, ...roles: WorkflowActor['role'][]) => roles.includes(actor.role);
const handling = (report: InboxReport, actor: WorkflowActor) =>
  isRole(actor, 'handler', 'agency_leader') && withinScope('handling_agency', report, actor);
const receiverTab = (scope: InboxScope) => scope.receiver;
const agencyTab = (scope: InboxScope) => scope.handling.length > 0;
const leaderTab = (scope: InboxScope) => scope.leading.length > 0;

/** The tabs, in the order an inbox shows them: receivers', an agency's, its leader's, the province's. */
export const TABS: readonly TabDefinition[] = [
  {
    id: 'new',
    role: 'receiver',
    label: { vi: 'Phản ánh mới', en: 'New reports' },
    given: receiverTab,
    // Waiting for intake (accept, reject or merge), except hotline entries, which have their own tab; and accepted,
    // waiting for the receivers to send them to an agency — the other half of intake, by the same officers.
    holds: (r, a) =>
      (mayTake(r, a, 'accept') && r.channel !== 'hotline') ||
      (r.state === 'accepted' && mayTake(r, a, 'assign')),
    scope: 'province',
    where: () => sql<SqlBool>`((r.status = 'submitted' and r.channel <> 'hotline') or r.status = 'accepted')`,
  },
  {
    id: 'returned',
    role: 'receiver',
    label: { vi: 'Bị trả lại', en: 'Returned' },
    given: receiverTab,
    holds: (r, a) => r.state === 'returned' && mayTake(r, a, 'assign'),
    scope: 'province',
    where: () => sql<SqlBool>`r.status = 'returned'`,
  },
  {
    id: 'extensions',
    role: 'receiver',
    label: { vi: 'Đề nghị gia hạn', en: 'Extension requests' },
    given: receiverTab,
    holds: (r, a) => mayTake(r, a, 'approve_extension'),
    // From the few pending requests to their reports (by key), not from every open report to its requests.
    scope: 'province',
    where: () => sql<SqlBool>`(r.status in (${states(EXTENSION_STATES)})
      and r.id = any(array(select e.report_id from report_extensions e where e.decision is null)))`,
  },
  {
    id: 'reopen',
    role: 'receiver',
    label: { vi: 'Đề nghị xử lý lại', en: 'Reopen requests' },
    given: receiverTab,
    holds: (r, a) => mayTake(r, a, 'reopen'),
    scope: 'province',
    where: () => sql<SqlBool>`r.status = 'reopen_requested'`,
  },
  {
    id: 'hotline',
    role: 'receiver',
    label: { vi: 'Tiếp nhận qua đường dây nóng', en: 'Hotline entries' },
    given: receiverTab,
    holds: (r, a) => mayTake(r, a, 'accept') && r.channel === 'hotline',
    scope: 'province',
    where: () => sql<SqlBool>`(r.status = 'submitted' and r.channel = 'hotline')`,
  },
  {
    id: 'assigned',
    role: 'agency',
    label: { vi: 'Mới được giao', en: 'Assigned to us' },
    given: agencyTab,
    holds: (r, a) => handling(r, a) && r.state === 'assigned',
    scope: 'handling',
    where: () => sql<SqlBool>`r.status = 'assigned'`,
  },
  {
    id: 'in_progress',
    role: 'agency',
    label: { vi: 'Đang xử lý', en: 'In progress' },
    given: agencyTab,
    holds: (r, a) => handling(r, a) && r.state === 'in_progress',
    scope: 'handling',
    where: () => sql<SqlBool>`r.status = 'in_progress'`,
  },
  {
    id: 'due_soon',
    role: 'agency',
    label: { vi: 'Sắp đến hạn', en: 'Due soon' },
    given: agencyTab,
    holds: (r, a, flag) => handling(r, a) && AGENCY_CLOCK_STATES.includes(r.state) && flag === 'due_soon',
    scope: 'handling',
    where: (c) => sql<SqlBool>`(r.status in (${states(AGENCY_CLOCK_STATES)}) and ${dueSoonSql(c)})`,
  },
  {
    id: 'overdue',
    role: 'agency',
    label: { vi: 'Quá hạn', en: 'Overdue' },
    given: agencyTab,
    holds: (r, a, flag) => handling(r, a) && AGENCY_CLOCK_STATES.includes(r.state) && flag === 'overdue',
    scope: 'handling',
    where: (c) => sql<SqlBool>`(r.status in (${states(AGENCY_CLOCK_STATES)}) and ${overdueSql(c)})`,
  },
  {
    id: 'sent_back',
    role: 'agency',
    label: { vi: 'Lãnh đạo trả lại', en: 'Sent back by the leader' },
    given: agencyTab,
    // In progress with the round's draft kept: only a leader's send-back leads there (assign, direct and reopen
    // clear the draft; submit_answer moves it to answered).
    holds: (r, a) => handling(r, a) && r.state === 'in_progress' && r.answerDrafted,
    scope: 'handling',
    where: () => sql<SqlBool>`(r.status = 'in_progress' and r.answer_drafted)`,
  },
  {
    id: 'approval',
    role: 'leader',
    label: { vi: 'Chờ duyệt kết quả', en: 'Answers to approve' },
    given: leaderTab,
    holds: (r, a) => mayTake(r, a, 'approve_answer'),
    scope: 'leading',
    where: () => sql<SqlBool>`r.status = 'answered'`,
  },
  {
    id: 'agency_overdue',
    role: 'leader',
    label: { vi: 'Quá hạn của đơn vị', en: 'Overdue in my agency' },
    given: leaderTab,
    holds: (r, a, flag) =>
      a.role === 'agency_leader' &&
      withinScope('lead_agency', r, a) &&
      AGENCY_CLOCK_STATES.includes(r.state) &&
      flag === 'overdue',
    scope: 'leading',
    where: (c) => sql<SqlBool>`(r.status in (${states(AGENCY_CLOCK_STATES)}) and ${overdueSql(c)})`,
  },
  {
    id: 'escalated',
    role: 'provincial',
    label: { vi: 'Trình lãnh đạo tỉnh', en: 'Escalated to the province' },
    given: (scope) => scope.provincial,
    holds: (r, a) => mayTake(r, a, 'direct'),
    scope: 'province',
    where: () => sql<SqlBool>`r.status = 'escalated'`,
  },
];

export const TAB_BY_ID: ReadonlyMap<TabId, TabDefinition> = new Map(TABS.map((t) => [t.id, t]));

/** The tabs the officer's positions give, in order. */
export function tabsOf(scope: InboxScope): TabDefinition[] {
  return TABS.filter((tab) => tab.given(scope));
}

/**
 * Whether the report is in the officer's tab as the machine sees it: the tab is theirs and one of their workflow
 * actors (one per position and agency of the report) satisfies it.
 */
export function tabHolds(
  tab: TabDefinition,
  report: InboxReport,
  actor: Actor,
  now: Date,
  calendar: Pick<WorkCalendar, 'workingTimeBetween'>,
): boolean {
  if (!tab.given(inboxScope(actor))) return false;
  const flag = runningFlag(runningClock(report), now, calendar);
  return workflowActors(actor, report).some((a) => tab.holds(report, a, flag));
}
