// The officers' inboxes: the tabs the signed-in officer's positions give, with their counts, and one page of a tab,
// most urgent first. Access is the tab table itself: a tab exists for an officer only through a position, and its
// predicate keeps to that position's scope (tabs.ts). Items never carry the reporter's identity: the text is the
// reporter's with contact details masked, and nothing of report_reporters is read.
import type { Actor } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { OfficePeriod, WorkCalendar } from '../../platform/calendar/calendar.js';
import { loadWorkCalendar } from '../../platform/calendar/store.js';
import { maskContactDetails } from '../reports/public-text.js';
import { subtree, tsQuery } from '../reports/public.js';
import { dueSoonUntil } from '../workflow/machine.js';
import { readPage, readTabCounts, type InboxFilters, type InboxRow } from './store.js';
import {
  TAB_BY_ID,
  inboxScope,
  runningClock,
  runningFlag,
  tabsOf,
  type InboxScope,
  type TabContext,
  type TabId,
  type TabRole,
} from './tabs.js';
import type { InboxItem, InboxPageQuery } from './schemas.js';

export interface InboxTab {
  id: TabId;
  role: TabRole;
  count: number;
  label: { vi: string; en: string };
}

export interface InboxPage {
  tab: TabId;
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
}

const CODE = /^PA-\d{4}-\d{6,}$/i;
/** Characters of the reporter's text an item carries. */
const DESCRIPTION_CHARS = 200;

/** The signed-in officer's inbox scope; a citizen or nobody has no inbox. */
function officerScope(actor: Actor | null): { actor: Actor; scope: InboxScope } {
  if (actor === null) throw new AppError('unauthenticated');
  if (actor.kind !== 'officer') throw new AppError('forbidden', { internal: 'inboxes are for officers' });
  return { actor, scope: inboxScope(actor) };
}

export interface InboxServiceOptions {
  db: Db;
  /** The province's office hours (config OFFICE_HOURS), for the working calendar. */
  officeHours: readonly OfficePeriod[];
  /** How long the working calendar is reused before its exceptions are read again (default 30 s). */
  calendarMs?: number;
}

export class InboxService {
  private calendarCache: { at: number; calendar: Promise<WorkCalendar> } | null = null;

  constructor(readonly options: InboxServiceOptions) {}

  /**
   * The working calendar (holidays and the administrators' exceptions), as the workflow reads it, kept a while: it
   * changes a few times a year, and an inbox page should not wait for more than its own queries.
   */
  private calendar(): Promise<WorkCalendar> {
    const cached = this.calendarCache;
    if (cached && Date.now() - cached.at < (this.options.calendarMs ?? 30_000)) return cached.calendar;
    const calendar = loadWorkCalendar(this.options.db, this.options.officeHours);
    this.calendarCache = { at: Date.now(), calendar };
    calendar.catch(() => {
      if (this.calendarCache?.calendar === calendar) this.calendarCache = null;
    });
    return calendar;
  }

  private async context(
    scope: InboxScope,
    now: Date,
  ): Promise<{ context: TabContext; calendar: WorkCalendar }> {
    const calendar = await this.calendar();
    return { context: { now, dueSoonUntil: dueSoonUntil(now, calendar), scope }, calendar };
  }

  /** The officer's tabs with how many reports each holds now. */
  async tabs(actor: Actor | null, now = new Date()): Promise<InboxTab[]> {
    const { scope } = officerScope(actor);
    const tabs = tabsOf(scope);
    if (tabs.length === 0) return [];
    const { context } = await this.context(scope, now);
    const counts = await readTabCounts(this.options.db, tabs, context);
    return tabs.map((tab) => ({
      id: tab.id,
      role: tab.role,
      count: counts.get(tab.id) ?? 0,
      label: tab.label,
    }));
  }

  /** One page of a tab the officer has, with the filters; 403 for a tab their positions do not give. */
  async page(actor: Actor | null, query: InboxPageQuery, now = new Date()): Promise<InboxPage> {
    const { scope } = officerScope(actor);
    const tab = TAB_BY_ID.get(query.tab);
    if (tab === undefined || !tab.given(scope))
      throw new AppError('inbox_tab_forbidden', { internal: `tab ${query.tab}` });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const { context, calendar } = await this.context(scope, now);
    const filters = await this.filters(query);
    const { rows, total } = await readPage(
      this.options.db,
      tab,
      context,
      filters,
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      tab: tab.id,
      items: rows.map((row) => toItem(row, scope, now, calendar)),
      total,
      page,
      pageSize,
    };
  }

  private async filters(query: InboxPageQuery): Promise<InboxFilters> {
    const filters: InboxFilters = {};
    if (query.categoryId !== undefined) filters.categoryId = query.categoryId;
    if (query.agencyId !== undefined) filters.agencyId = query.agencyId;
    if (query.priority !== undefined) filters.priority = query.priority;
    if (query.areaId !== undefined) filters.areaIds = await subtree(this.options.db, query.areaId);
    const text = query.q?.trim() ?? '';
    if (CODE.test(text)) filters.code = text.toUpperCase();
    else {
      // As the public search: folded words (no diacritics, any case), the last one as typed so far.
      const words = tsQuery(text);
      if (words !== null) filters.words = words;
    }
    return filters;
  }
}

function toItem(
  row: InboxRow,
  scope: InboxScope,
  now: Date,
  calendar: Pick<WorkCalendar, 'workingTimeBetween'>,
): InboxItem {
  const clock = runningClock({
    state: row.status,
    intakeDueAt: row.intake_due_at,
    acknowledgeDueAt: row.acknowledge_due_at,
    dueAt: row.due_at,
    originalDueAt: row.original_due_at,
  });
  const flag = runningFlag(clock, now, calendar);
  const lead = row.agency_id !== null && scope.handling.includes(row.agency_id);
  const coordinating = row.coordinating_agency_ids.some((id) => scope.handling.includes(id));
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    // The text officers see, with the phone numbers and e-mail addresses people type into it masked.
    description: maskContactDetails(row.description).slice(0, DESCRIPTION_CHARS),
    category:
      row.category_id !== null
        ? { id: row.category_id, name: { vi: row.category_vi ?? '', en: row.category_en ?? '' } }
        : null,
    area: row.area_id !== null ? { id: row.area_id, name: row.area_name ?? '' } : null,
    agency: row.agency_id !== null ? { id: row.agency_id, name: row.agency_name ?? '' } : null,
    suggestedAgency:
      row.suggested_agency_id !== null
        ? { id: row.suggested_agency_id, name: row.suggested_agency_name ?? '' }
        : null,
    involvement: lead ? 'lead' : coordinating ? 'coordinating' : null,
    submittedAt: row.submitted_at.toISOString(),
    due:
      clock && flag
        ? {
            clock: clock.clock,
            dueAt: clock.dueAt.toISOString(),
            flag,
            originalDueAt: clock.originalDueAt?.toISOString() ?? null,
          }
        : null,
    photoCount: row.photo_count,
    returns: row.returns,
    version: row.version,
    pendingExtension:
      row.extension_proposed_due_at && row.extension_requested_at
        ? {
            proposedDueAt: row.extension_proposed_due_at.toISOString(),
            requestedAt: row.extension_requested_at.toISOString(),
          }
        : null,
  };
}
