// SQL of the officers' statistics: live sums over the reports table (not the public monthly view, which is a
// minute old and knows nothing of returns, overdue reports or handling times), grouped by one column.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/tables.js';

/** The column a grouping counts by, before any roll-up (areas are rolled up in `leader.ts`). */
export type KeyColumn = 'agency' | 'category' | 'area' | 'status' | 'month';

/** Where a scoped officer's statistics reach: one entry per position, each limited by agencies and/or areas. */
export interface ScopeUnit {
  agencyIds: readonly string[] | null;
  areaIds: readonly string[] | null;
}

/** Which reports count: submitted in [from, to), in the subtrees asked for, and within the officer's reach. */
export interface ReportFilter {
  from: Date | null;
  to: Date | null;
  agencyIds: readonly string[] | null;
  categoryIds: readonly string[] | null;
  areaIds: readonly string[] | null;
  /** 'all', or the positions' subtrees (a report counts when it lies in one of them). */
  scope: 'all' | readonly ScopeUnit[];
}

/**
 * Office time as a running total, so that the working time between two instants of a report is two look-ups:
 * `cumulative[i]` is the office seconds of the days before day `i` (day 0 = `base`), `working[i]` whether day
 * `i` is a working day, and `periods` the office periods of a working day in seconds after local midnight.
 * Built from the working calendar (`WorkCalendar`), so holidays and the administrators' exceptions count.
 */
export interface WorkingClock {
  base: string;
  cumulative: readonly number[];
  working: readonly boolean[];
  periods: readonly (readonly [number, number])[];
  timeZone: string;
}

export interface SumsRow {
  key: string | null;
  received: number;
  rejected: number;
  in_progress: number;
  handled: number;
  came_due: number;
  on_time: number;
  overdue: number;
  /** Office seconds from submission to the approved answer, summed over the handled reports. */
  handling_seconds: number;
  rated: number;
  satisfied: number;
}

const uuids = (ids: readonly string[]) => sql`${[...ids]}::uuid[]`;

function keyOf(column: KeyColumn, timeZone: string, returns: boolean): RawBuilder<string | null> {
  switch (column) {
    case 'agency':
      // Returns count for the agency that sent the report back, not the one that has it now.
      return returns ? sql`t.agency_id::text` : sql`r.agency_id::text`;
    case 'category':
      return sql`r.category_id::text`;
    case 'area':
      return sql`r.area_id::text`;
    case 'status':
      return sql`r.status`;
    case 'month':
      return sql`to_char(r.submitted_at at time zone ${timeZone}, 'YYYY-MM')`;
  }
}

/** The conditions on `r` (reports) of a filter; `agencyColumn` is the report's agency, or the returning one. */
function conditions(filter: ReportFilter, agencyColumn: RawBuilder<unknown>): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`r.merged_into is null`];
  if (filter.from) parts.push(sql`r.submitted_at >= ${filter.from}`);
  if (filter.to) parts.push(sql`r.submitted_at < ${filter.to}`);
  if (filter.agencyIds) parts.push(sql`${agencyColumn} = any(${uuids(filter.agencyIds)})`);
  if (filter.categoryIds) parts.push(sql`r.category_id = any(${uuids(filter.categoryIds)})`);
  if (filter.areaIds) parts.push(sql`r.area_id = any(${uuids(filter.areaIds)})`);
  if (filter.scope !== 'all') {
    const units = filter.scope.map((unit) => {
      const limits: RawBuilder<unknown>[] = [];
      if (unit.agencyIds) limits.push(sql`${agencyColumn} = any(${uuids(unit.agencyIds)})`);
      if (unit.areaIds) limits.push(sql`r.area_id = any(${uuids(unit.areaIds)})`);
      return limits.length === 0 ? sql`true` : sql`(${sql.join(limits, sql` and `)})`;
    });
    parts.push(units.length === 0 ? sql`false` : sql`(${sql.join(units, sql` or `)})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Office seconds from the clock's base to `instant` (a column of `r`): the days before it from the running
 * total, plus the office time of its own day up to its local time of day.
 */
function workingSecondsAt(instant: RawBuilder<unknown>, clock: WorkingClock): RawBuilder<number> {
  const local = sql`(${instant} at time zone ${clock.timeZone})`;
  const last = clock.cumulative.length;
  // Bounded, so an instant outside the clock's days (none are) could not turn into a null and vanish from a sum.
  const day = sql`greatest(1, least(${last}::int, ${local}::date - ${clock.base}::date + 1))`;
  const timeOfDay = sql`extract(epoch from ${local}::time)`;
  const today = sql.join(
    clock.periods.map(
      ([start, end]) => sql`greatest(0, least(${timeOfDay}, ${end}::numeric) - ${start}::numeric)`,
    ),
    sql` + `,
  );
  return sql<number>`(cal.cumulative[${day}] + case when cal.working[${day}] then ${today} else 0 end)`;
}

/**
 * Sums per key of the reports that count, at `now`: received, rejected, still open, handled (an approved
 * answer), came due and on time against the first due date (as the public figures), overdue now, handling
 * time, ratings. Merged reports count in the report they were merged into, so not on their own.
 */
export async function selectSums(
  db: Db,
  column: KeyColumn,
  filter: ReportFilter,
  clock: WorkingClock,
  now: Date,
): Promise<SumsRow[]> {
  const open = sql`r.resolved_at is null and r.status not in ('rejected', 'closed')`;
  const handling = sql`${workingSecondsAt(sql`r.resolved_at`, clock)} - ${workingSecondsAt(sql`r.submitted_at`, clock)}`;
  const result = await sql<SumsRow>`
    with cal as (select ${[...clock.cumulative]}::bigint[] as cumulative, ${[...clock.working]}::boolean[] as working)
    select ${keyOf(column, clock.timeZone, false)} as key,
           count(*)::int as received,
           count(*) filter (where r.status = 'rejected')::int as rejected,
           count(*) filter (where ${open})::int as in_progress,
           count(*) filter (where r.resolved_at is not null)::int as handled,
           count(*) filter (where r.due_at is not null
                              and (r.resolved_at is not null or r.due_at < ${now}))::int as came_due,
           count(*) filter (where r.due_at is not null and r.resolved_at is not null
                              and r.resolved_at <= coalesce(r.original_due_at, r.due_at))::int as on_time,
           count(*) filter (where ${open} and r.due_at < ${now})::int as overdue,
           coalesce(sum(${handling}) filter (where r.resolved_at is not null), 0)::float8 as handling_seconds,
           count(*) filter (where r.rating is not null)::int as rated,
           count(*) filter (where r.rating = 'satisfied')::int as satisfied
      from reports r cross join cal
     where ${conditions(filter, sql`r.agency_id`)}
     group by 1`.execute(db);
  return result.rows;
}

/**
 * Returns (an agency sending a report back as not its remit) of the reports that count, per key. By agency,
 * they count for the agency that returned the report, and the agency filter and scope apply to it.
 */
export async function selectReturns(
  db: Db,
  column: KeyColumn,
  filter: ReportFilter,
  timeZone: string,
): Promise<{ key: string | null; returns: number }[]> {
  const result = await sql<{ key: string | null; returns: number }>`
    select ${keyOf(column, timeZone, true)} as key, count(*)::int as returns
      from report_returns t join reports r on r.id = t.report_id
     where ${conditions(filter, sql`t.agency_id`)}
     group by 1`.execute(db);
  return result.rows;
}

/** When the first report was submitted (the clock starts on its day); null when there is none. */
export async function firstSubmission(db: Db): Promise<Date | null> {
  const result = await sql<{ at: Date | null }>`select min(submitted_at) as at from reports`.execute(db);
  return result.rows[0]?.at ?? null;
}

/** `id` and every unit below it, at any time (a filter on a unit keeps the reports of its ended children). */
export async function subtreeOf(
  db: Db,
  table: 'agencies' | 'areas' | 'categories',
  id: string,
): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive sub(id) as (
      select id from ${sql.table(table)} where id = ${id}::uuid
      union select c.id from ${sql.table(table)} c join sub on c.parent_id = sub.id)
    select id::text as id from sub`.execute(db);
  return result.rows.map((r) => r.id);
}

export interface UnitName {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string;
}

/** Names (and parents) of agencies, categories or areas by id; areas are named with their kind (huyện Lục Ngạn). */
export async function unitNames(
  db: Db,
  table: 'agencies' | 'areas' | 'categories',
  ids: readonly string[],
): Promise<Map<string, UnitName>> {
  if (ids.length === 0) return new Map();
  const columns =
    table === 'categories'
      ? sql`name_vi as name, name_en as "nameEn"`
      : table === 'areas'
        ? sql`kind || ' ' || name as name, kind || ' ' || name as "nameEn"`
        : sql`name, name as "nameEn"`;
  const result = await sql<UnitName>`
    select id::text as id, parent_id::text as "parentId", ${columns}
      from ${sql.table(table)} where id = any(${uuids(ids)})`.execute(db);
  return new Map(result.rows.map((r) => [r.id, r]));
}

/** Agencies in force on `today` (`YYYY-MM-DD`), optionally only these. */
export async function agenciesInForce(
  db: Db,
  today: string,
  only: readonly string[] | null,
): Promise<UnitName[]> {
  const result = await sql<UnitName>`
    select id::text as id, parent_id::text as "parentId", name, name as "nameEn"
      from agencies
     where valid_from <= ${today}::date and (valid_to is null or valid_to > ${today}::date)
       ${only ? sql`and id = any(${uuids(only)})` : sql``}`.execute(db);
  return result.rows;
}
