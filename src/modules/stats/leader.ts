// The officers' statistics (#/can-bo/thong-ke): received, open, handled, on time, late, overdue, handling time
// in working days, returns and satisfaction, by agency, category, area, status or month, within what the
// officer may see. One function builds the rows; the page, the XLSX and the CSV only present them.
import { STATE_LABELS, WORKFLOW_STATES, type WorkflowState } from '../workflow/table.js';
import { reachOf, type Actor, type ActorPosition } from '../../platform/auth/policy.js';
import { localDate, zonedTimeToInstant, type WorkCalendar } from '../../platform/calendar/calendar.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { isValidOn, loadAreaLineage } from '../org/lineage.js';
import {
  agenciesInForce,
  firstSubmission,
  selectReturns,
  selectSums,
  subtreeOf,
  unitNames,
  type ReportFilter,
  type ScopeUnit,
  type SumsRow,
  type WorkingClock,
} from './leader-store.js';

export const LEADER_GROUPINGS = ['agency', 'category', 'area', 'status', 'month'] as const;
export type LeaderGrouping = (typeof LEADER_GROUPINGS)[number];

/** The figures of a row, in the order of the table and of the files. */
export const LEADER_COLUMNS = [
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
] as const;
export type LeaderColumn = (typeof LEADER_COLUMNS)[number];

export interface LeaderQuery {
  groupBy?: LeaderGrouping | undefined;
  /** First and last month, `YYYY-MM`, both included, in Vietnam time. */
  from?: string | undefined;
  to?: string | undefined;
  agencyId?: string | undefined;
  categoryId?: string | undefined;
  areaId?: string | undefined;
}

export type LeaderFigures = Record<Exclude<LeaderColumn, RateColumn>, number> &
  Record<RateColumn, number | null> & {
    /** Reports that came due (on time + late): what onTimePercent is a share of. */
    cameDue: number;
  };
type RateColumn = 'onTimePercent' | 'avgHandlingDays' | 'satisfactionPercent';

export interface LeaderRow extends LeaderFigures {
  /** Agency, category or area id, status code or month (`YYYY-MM`); null for "not assigned" / "not determined". */
  key: string | null;
  nameVi: string;
  nameEn: string;
}

export interface NamedUnit {
  id: string;
  nameVi: string;
  nameEn: string;
}

export interface LeaderReply {
  groupBy: LeaderGrouping;
  from: string | null;
  to: string | null;
  filters: { agency: NamedUnit | null; category: NamedUnit | null; area: NamedUnit | null };
  /** Everything, or the units (agencies, areas) the officer's positions reach, with what lies under them. */
  scope: { everything: boolean; units: NamedUnit[] };
  columns: LeaderColumn[];
  rows: LeaderRow[];
  total: LeaderFigures;
  /** When the figures were computed: they are live. */
  asOf: string;
}

interface Sums {
  received: number;
  rejected: number;
  inProgress: number;
  handled: number;
  cameDue: number;
  onTime: number;
  overdue: number;
  handlingSeconds: number;
  returns: number;
  rated: number;
  satisfied: number;
}

const zero = (): Sums => ({
  received: 0,
  rejected: 0,
  inProgress: 0,
  handled: 0,
  cameDue: 0,
  onTime: 0,
  overdue: 0,
  handlingSeconds: 0,
  returns: 0,
  rated: 0,
  satisfied: 0,
});

function add(into: Sums, from: Sums): void {
  for (const k of Object.keys(into) as (keyof Sums)[]) into[k] += from[k];
}

const fromRow = (r: SumsRow): Sums => ({
  received: r.received,
  rejected: r.rejected,
  inProgress: r.in_progress,
  handled: r.handled,
  cameDue: r.came_due,
  onTime: r.on_time,
  overdue: r.overdue,
  handlingSeconds: r.handling_seconds,
  returns: 0,
  rated: r.rated,
  satisfied: r.satisfied,
});

/** One decimal, as the province's reports publish rates; the page and the files show exactly this number. */
const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const percent = (part: number, whole: number) => (whole === 0 ? null : oneDecimal((part / whole) * 100));

function figuresOf(s: Sums, secondsPerDay: number): LeaderFigures {
  return {
    received: s.received,
    rejected: s.rejected,
    inProgress: s.inProgress,
    handled: s.handled,
    onTime: s.onTime,
    late: s.cameDue - s.onTime,
    overdue: s.overdue,
    onTimePercent: percent(s.onTime, s.cameDue),
    avgHandlingDays: s.handled === 0 ? null : oneDecimal(s.handlingSeconds / s.handled / secondsPerDay),
    returns: s.returns,
    rated: s.rated,
    satisfied: s.satisfied,
    satisfactionPercent: percent(s.satisfied, s.rated),
    cameDue: s.cameDue,
  };
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** `YYYY-MM` + n months. */
function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The office time of every day from `first` to `last` as a running total (see `WorkingClock`). A working day's
 * periods are the calendar's own, so the sums agree with `WorkCalendar.workingTimeBetween`.
 */
export function workingClock(calendar: WorkCalendar, first: string, last: string): WorkingClock {
  const periods = calendar.officePeriodMinutes.map(([s, e]) => [s * 60, e * 60] as const);
  const daySeconds = periods.reduce((sum, [s, e]) => sum + e - s, 0);
  const cumulative: number[] = [];
  const working: boolean[] = [];
  let total = 0;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const open = calendar.isWorkingDay(date);
    cumulative.push(total);
    working.push(open);
    if (open) total += daySeconds;
  }
  return { base: first, cumulative, working, periods, timeZone: calendar.timeZone };
}

function periodError(field: 'from' | 'to' | 'agencyId' | 'categoryId' | 'areaId', vi: string, en: string) {
  return new AppError('validation_failed', {
    details: [{ field: `/querystring/${field}`, problem: en, messages: { vi, en } }],
  });
}

/** The actor's reach as SQL scope units; throws unless they may read statistics at all. */
function scopeOf(actor: Actor | null): 'all' | readonly ActorPosition[] {
  if (actor === null) throw new AppError('unauthenticated');
  const reach = reachOf(actor, 'stats.read');
  if (reach !== 'all' && reach.length === 0) throw new AppError('forbidden', { internal: 'stats.read' });
  return reach;
}

/** A filter on an agency (or area) outside every position's reach is refused, not answered with zeros. */
function checkWithin(
  reach: 'all' | readonly ActorPosition[],
  kind: 'agencyIds' | 'areaIds',
  id: string | undefined,
): void {
  if (id === undefined || reach === 'all') return;
  if (!reach.some((p) => p[kind] === null || p[kind].has(id))) throw new AppError('stats_out_of_scope');
}

/** The units at the top of each position's subtrees, named (Sở Giao thông vận tải, …). */
async function scopeUnits(db: Db, reach: readonly ActorPosition[]): Promise<NamedUnit[]> {
  const units: NamedUnit[] = [];
  for (const table of ['agencies', 'areas'] as const) {
    const sets = reach.flatMap((p) => {
      const set = table === 'agencies' ? p.agencyIds : p.areaIds;
      return set === null ? [] : [set];
    });
    const ids = [...new Set(sets.flatMap((s) => [...s]))];
    const names = await unitNames(db, table, ids);
    for (const set of sets)
      for (const id of set) {
        const unit = names.get(id);
        if (unit && (unit.parentId === null || !set.has(unit.parentId)) && !units.some((u) => u.id === id))
          units.push({ id, nameVi: capitalised(unit.name), nameEn: capitalised(unit.nameEn) });
      }
  }
  return units;
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

const englishMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
function monthNames(month: string): { nameVi: string; nameEn: string } {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return { nameVi: `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`, nameEn: englishMonth.format(date) };
}

const NOT_DETERMINED: Record<LeaderGrouping, { nameVi: string; nameEn: string }> = {
  agency: { nameVi: 'Chưa giao cơ quan xử lý', nameEn: 'Not yet assigned to an agency' },
  category: { nameVi: 'Chưa phân loại lĩnh vực', nameEn: 'No category' },
  area: { nameVi: 'Chưa xác định địa bàn', nameEn: 'Area not determined' },
  status: { nameVi: 'Chưa xác định', nameEn: 'Not determined' },
  month: { nameVi: 'Chưa xác định', nameEn: 'Not determined' },
};

const collator = new Intl.Collator('vi');

/**
 * The statistics of the reports submitted from `from` to `to` (months, both included) that the actor may see,
 * by one grouping, with a total. Live: computed from the reports at `now`.
 */
export async function leaderStatistics(
  db: Db,
  actor: Actor | null,
  query: LeaderQuery,
  deps: { calendar: WorkCalendar; now?: Date },
): Promise<LeaderReply> {
  const reach = scopeOf(actor);
  const now = deps.now ?? new Date();
  const groupBy = query.groupBy ?? 'agency';
  const from = query.from ?? null;
  const to = query.to ?? null;
  if (from !== null && to !== null && from > to)
    throw periodError(
      'to',
      'Tháng kết thúc không được trước tháng bắt đầu.',
      'The last month must not be before the first month.',
    );
  checkWithin(reach, 'agencyIds', query.agencyId);
  checkWithin(reach, 'areaIds', query.areaId);

  const filters = await namedFilters(db, query);
  const filter: ReportFilter = {
    from: from === null ? null : zonedTimeToInstant(`${from}-01`, 0, deps.calendar.timeZone),
    to: to === null ? null : zonedTimeToInstant(`${addMonths(to, 1)}-01`, 0, deps.calendar.timeZone),
    agencyIds: query.agencyId ? await subtreeOf(db, 'agencies', query.agencyId) : null,
    categoryIds: query.categoryId ? await subtreeOf(db, 'categories', query.categoryId) : null,
    areaIds: query.areaId ? await subtreeOf(db, 'areas', query.areaId) : null,
    scope:
      reach === 'all'
        ? 'all'
        : reach.map((p): ScopeUnit => ({
            agencyIds: p.agencyIds && [...p.agencyIds],
            areaIds: p.areaIds && [...p.areaIds],
          })),
  };

  // The clock's days: from the first day a counted report can have been submitted to well past today (an
  // answer is never approved in the future, but a clock skewed by a few minutes must not fall off the end).
  const today = localDate(now, deps.calendar.timeZone);
  const first =
    from !== null ? `${from}-01` : localDate((await firstSubmission(db)) ?? now, deps.calendar.timeZone);
  const lastMonthEnd = to === null ? today : addDays(`${addMonths(to, 1)}-01`, -1);
  const clock = workingClock(deps.calendar, first, addDays(lastMonthEnd > today ? lastMonthEnd : today, 31));
  const secondsPerDay = clock.periods.reduce((sum, [s, e]) => sum + e - s, 0);

  const [sums, returns] = await Promise.all([
    selectSums(db, groupBy, filter, clock, now),
    selectReturns(db, groupBy, filter, clock.timeZone),
  ]);
  const byKey = new Map<string | null, Sums>();
  const into = (key: string | null) => {
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = zero()));
    return s;
  };
  const rollUp = groupBy === 'area' ? await areaUnits(db, query.areaId ?? null, today) : null;
  const keyOf = (key: string | null) => (rollUp === null || key === null ? key : rollUp(key));
  for (const r of sums) add(into(keyOf(r.key)), fromRow(r));
  for (const r of returns) into(keyOf(r.key)).returns += r.returns;
  // Every month of the period has its row, with zeros, so a month without reports does not vanish.
  if (groupBy === 'month' && from !== null && to !== null)
    for (let m = from; m <= to; m = addMonths(m, 1)) into(m);

  const names = await rowNames(db, groupBy, [...byKey.keys()]);
  const total = zero();
  const rows: LeaderRow[] = [];
  for (const [key, s] of byKey) {
    add(total, s);
    rows.push({ key, ...(names.get(key) ?? NOT_DETERMINED[groupBy]), ...figuresOf(s, secondsPerDay) });
  }
  rows.sort(rowOrder(groupBy));
  return {
    groupBy,
    from,
    to,
    filters,
    scope:
      reach === 'all'
        ? { everything: true, units: [] }
        : { everything: false, units: await scopeUnits(db, reach) },
    columns: [...LEADER_COLUMNS],
    rows,
    total: figuresOf(total, secondsPerDay),
    asOf: now.toISOString(),
  };
}

/** Months and states in their own order; other groups the largest first, then by name; "not determined" last. */
function rowOrder(groupBy: LeaderGrouping): (a: LeaderRow, b: LeaderRow) => number {
  return (a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    if (groupBy === 'month') return a.key.localeCompare(b.key);
    if (groupBy === 'status')
      return (
        WORKFLOW_STATES.indexOf(a.key as WorkflowState) - WORKFLOW_STATES.indexOf(b.key as WorkflowState)
      );
    return b.received - a.received || collator.compare(a.nameVi, b.nameVi);
  };
}

/**
 * Areas are counted in the units just below the area asked for (or below the province), in today's structure:
 * a report filed in a unit that has since merged counts in the unit it lies in now; after a split, whole, in
 * the successor that took the largest share (counts stay whole, unlike the public figures' shares).
 */
async function areaUnits(
  db: Db,
  top: string | null,
  today: string,
): Promise<(areaId: string) => string | null> {
  const lineage = await loadAreaLineage(db);
  const root = top ?? [...lineage.areas.values()].find((a) => a.parentId === null && isValidOn(a, today))?.id;
  return (areaId) => {
    const now = lineage.successorsOn(areaId, today)[0]?.areaId ?? areaId;
    const chain = lineage.chain(now);
    const index = chain.findIndex((a) => a.id === root);
    if (index < 0) return null;
    return index === 0 ? now : (chain[index - 1]?.id ?? null);
  };
}

async function rowNames(
  db: Db,
  groupBy: LeaderGrouping,
  keys: readonly (string | null)[],
): Promise<Map<string | null, { nameVi: string; nameEn: string }>> {
  const ids = keys.filter((k): k is string => k !== null);
  const names = new Map<string | null, { nameVi: string; nameEn: string }>();
  switch (groupBy) {
    case 'month':
      for (const k of ids) names.set(k, monthNames(k));
      break;
    case 'status':
      for (const k of ids) {
        const label = STATE_LABELS[k as WorkflowState] as (typeof STATE_LABELS)[WorkflowState] | undefined;
        if (label) names.set(k, { nameVi: label.vi, nameEn: label.en });
      }
      break;
    case 'agency':
    case 'category':
    case 'area': {
      const table = groupBy === 'agency' ? 'agencies' : groupBy === 'area' ? 'areas' : 'categories';
      for (const [id, unit] of await unitNames(db, table, ids))
        names.set(id, { nameVi: capitalised(unit.name), nameEn: capitalised(unit.nameEn) });
      break;
    }
  }
  return names;
}

/** The filters' units by name (the page and the files say what was asked); an unknown id is refused. */
async function namedFilters(db: Db, query: LeaderQuery): Promise<LeaderReply['filters']> {
  const one = async (
    table: 'agencies' | 'areas' | 'categories',
    id: string | undefined,
    field: 'agencyId' | 'categoryId' | 'areaId',
    what: { vi: string; en: string },
  ): Promise<NamedUnit | null> => {
    if (id === undefined) return null;
    const unit = (await unitNames(db, table, [id])).get(id);
    if (!unit)
      throw periodError(field, `Không tìm thấy ${what.vi} đã chọn.`, `The ${what.en} chosen does not exist.`);
    return { id, nameVi: capitalised(unit.name), nameEn: capitalised(unit.nameEn) };
  };
  return {
    agency: await one('agencies', query.agencyId, 'agencyId', { vi: 'cơ quan', en: 'agency' }),
    category: await one('categories', query.categoryId, 'categoryId', { vi: 'lĩnh vực', en: 'category' }),
    area: await one('areas', query.areaId, 'areaId', { vi: 'địa bàn', en: 'area' }),
  };
}

export interface ScopeAgency {
  id: string;
  parentId: string | null;
  name: string;
  /** Depth under the first agency of the list it hangs from (0 at the top). */
  depth: number;
}

/** The agencies in force that the actor may filter their statistics by, in tree order (each under its parent). */
export async function leaderAgencies(db: Db, actor: Actor | null, now = new Date()): Promise<ScopeAgency[]> {
  const reach = scopeOf(actor);
  const only =
    reach === 'all' || reach.some((p) => p.agencyIds === null)
      ? null
      : [...new Set(reach.flatMap((p) => (p.agencyIds ? [...p.agencyIds] : [])))];
  const agencies = await agenciesInForce(db, localDate(now), only);
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<string | null, typeof agencies>();
  for (const a of agencies) {
    const parent = a.parentId !== null && ids.has(a.parentId) ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const out: ScopeAgency[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const a of (children.get(parent) ?? []).sort((x, y) => collator.compare(x.name, y.name))) {
      out.push({ id: a.id, parentId: a.parentId, name: a.name, depth });
      walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
