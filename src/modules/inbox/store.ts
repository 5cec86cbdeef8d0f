// SQL of the inboxes: how many reports each tab holds, and one page of a tab with its filters, most urgent first
// (the running clock's due date — `reports.clock_due_at`, migration 0016 —, none last, then oldest first).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import type { Channel, Priority } from '../reports/tables.js';
import { workflowReportOf } from '../workflow/service.js';
import type { WorkflowState } from '../workflow/table.js';
import type { InboxReport, TabContext, TabDefinition } from './tabs.js';

/** Filters of a page, already checked and resolved (an area to its subtree, a search to a tsquery). */
export interface InboxFilters {
  categoryId?: string;
  /** The area and everything below it. */
  areaIds?: readonly string[];
  /** The lead agency, or the suggested one while there is none. */
  agencyId?: string;
  priority?: Priority;
  /** An exact tracking code. */
  code?: string;
  /** Folded words of a search (public.ts tsQuery), matched against `reports.search_doc`. */
  words?: string;
}

export interface InboxRow {
  id: string;
  code: string;
  status: WorkflowState;
  priority: Priority;
  channel: Channel;
  description: string;
  category_id: string | null;
  category_vi: string | null;
  category_en: string | null;
  area_id: string | null;
  area_name: string | null;
  agency_id: string | null;
  agency_name: string | null;
  suggested_agency_id: string | null;
  suggested_agency_name: string | null;
  coordinating_agency_ids: string[];
  submitted_at: Date;
  intake_due_at: Date | null;
  acknowledge_due_at: Date | null;
  due_at: Date | null;
  original_due_at: Date | null;
  version: number;
  photo_count: number;
  returns: number;
  extension_proposed_due_at: Date | null;
  extension_requested_at: Date | null;
}

function filterSql(filters: InboxFilters): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (filters.categoryId !== undefined) where.push(sql<SqlBool>`r.category_id = ${filters.categoryId}::uuid`);
  if (filters.areaIds !== undefined)
    where.push(sql<SqlBool>`r.area_id = any(${[...filters.areaIds]}::uuid[])`);
  if (filters.agencyId !== undefined)
    where.push(sql<SqlBool>`coalesce(r.agency_id, r.suggested_agency_id) = ${filters.agencyId}::uuid`);
  if (filters.priority !== undefined) where.push(sql<SqlBool>`r.priority = ${filters.priority}`);
  if (filters.code !== undefined) where.push(sql<SqlBool>`r.code = ${filters.code}`);
  if (filters.words !== undefined)
    where.push(sql<SqlBool>`r.search_doc @@ to_tsquery('simple', ${filters.words})`);
  return where;
}

/** Above this many agencies, a tab's lead-agency part is one branch (sorted) instead of one per agency. */
const MAX_AGENCY_BRANCHES = 16;

/**
 * The tab's reports as disjoint branches over `reports r`, each an index walk in the inbox order: the whole
 * province, or one branch per agency the officer's positions reach as lead agency (an `or` of agencies or of lead
 * and coordinating would leave PostgreSQL no index in that order), plus one for reports they only coordinate.
 */
export function tabBranches(
  tab: TabDefinition,
  context: TabContext,
  filters: InboxFilters = {},
): RawBuilder<SqlBool>[] {
  const common = [tab.where(context), ...filterSql(filters)];
  const where = (...more: RawBuilder<SqlBool>[]) =>
    sql<SqlBool>`${sql.join([...common, ...more], sql` and `)}`;
  const lead = (agencies: readonly string[]) =>
    agencies.length > MAX_AGENCY_BRANCHES
      ? [where(sql<SqlBool>`r.agency_id = any(${[...agencies]}::uuid[])`)]
      : agencies.map((id) => where(sql<SqlBool>`r.agency_id = ${id}::uuid`));
  switch (tab.scope) {
    case 'province':
      return [where()];
    case 'leading':
      return lead(context.scope.leading);
    case 'handling': {
      const agencies = [...context.scope.handling];
      return [
        ...lead(agencies),
        // `<> '{}'` lets the partial GIN index of coordinated reports serve; the lead part is excluded.
        where(
          sql<SqlBool>`r.coordinating_agency_ids && ${agencies}::uuid[]`,
          sql<SqlBool>`r.coordinating_agency_ids <> '{}'`,
          sql<SqlBool>`not coalesce(r.agency_id = any(${agencies}::uuid[]), false)`,
        ),
      ];
    }
  }
}

const ORDER = sql`order by r.clock_due_at, r.submitted_at, r.id`;

/** The page query: the tab's reports in the inbox order, with what an item shows. */
export function pageQuery(
  tab: TabDefinition,
  context: TabContext,
  filters: InboxFilters,
  offset: number,
  limit: number,
) {
  const branches = tabBranches(tab, context, filters);
  // The page's ids first: each branch walks its index in order and stops after `offset + limit`; the branches are
  // merged and the page cut. Then the columns of those rows only, names by scalar subqueries rather than joins,
  // which cost more to plan than to run at this size.
  const ids =
    branches.length === 1
      ? sql`select r.id from reports r where ${branches[0]} ${ORDER} offset ${offset} limit ${limit}`
      : sql`select r.id from (${sql.join(
          branches.map(
            (branch) =>
              sql`(select r.id, r.clock_due_at, r.submitted_at from reports r where ${branch} ${ORDER} limit ${offset + limit})`,
          ),
          sql` union all `,
        )}) r ${ORDER} offset ${offset} limit ${limit}`;
  return sql<InboxRow>`
    select r.id, r.code, r.status, r.priority, r.channel, r.description, r.category_id,
           (select c.name_vi from categories c where c.id = r.category_id) as category_vi,
           (select c.name_en from categories c where c.id = r.category_id) as category_en,
           r.area_id, (select a.name from areas a where a.id = r.area_id) as area_name,
           r.agency_id, (select g.name from agencies g where g.id = r.agency_id) as agency_name,
           r.suggested_agency_id,
           (select g.name from agencies g where g.id = r.suggested_agency_id) as suggested_agency_name,
           r.coordinating_agency_ids, r.submitted_at, r.intake_due_at, r.acknowledge_due_at, r.due_at,
           r.original_due_at, r.version,
           (select count(*) from report_media m where m.report_id = r.id and m.kind = 'photo')::int as photo_count,
           (select count(*) from report_returns t where t.report_id = r.id)::int as returns,
           (select x.proposed_due_at from report_extensions x where x.report_id = r.id and x.decision is null)
             as extension_proposed_due_at,
           (select x.requested_at from report_extensions x where x.report_id = r.id and x.decision is null)
             as extension_requested_at
      from (${ids}) p
      join reports r on r.id = p.id
     ${ORDER}`;
}

/** The count of the tab's reports, as one SQL expression: the branches are disjoint. */
function countExpression(tab: TabDefinition, context: TabContext, filters: InboxFilters) {
  const counts = tabBranches(tab, context, filters).map(
    (branch) => sql`(select count(*) from reports r where ${branch})`,
  );
  return counts.length === 0 ? sql`0` : sql`(${sql.join(counts, sql` + `)})::int`;
}

/** How many reports the tab holds with the filters. */
export function countQuery(tab: TabDefinition, context: TabContext, filters: InboxFilters) {
  return sql<{ n: number }>`select ${countExpression(tab, context, filters)} as n`;
}

/** Every report id of the tab with the filters (tests compare it with the workflow machine). */
export function idsQuery(tab: TabDefinition, context: TabContext, filters: InboxFilters = {}) {
  return sql<{ id: string }>`${sql.join(
    tabBranches(tab, context, filters).map((branch) => sql`(select r.id from reports r where ${branch})`),
    sql` union all `,
  )}`;
}

/** How many reports each tab holds, in one round trip (indexed counts). */
export function tabCountsQuery(tabs: readonly TabDefinition[], context: TabContext) {
  return sql<Record<string, number>>`select ${sql.join(
    tabs.map((tab) => sql`${countExpression(tab, context, {})} as ${sql.ref(tab.id)}`),
  )}`;
}

export async function readPage(
  db: Db,
  tab: TabDefinition,
  context: TabContext,
  filters: InboxFilters,
  offset: number,
  limit: number,
): Promise<{ rows: InboxRow[]; total: number }> {
  const [page, count] = await Promise.all([
    pageQuery(tab, context, filters, offset, limit).execute(db),
    countQuery(tab, context, filters).execute(db),
  ]);
  return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
}

export async function readTabCounts(
  db: Db,
  tabs: readonly TabDefinition[],
  context: TabContext,
): Promise<Map<string, number>> {
  if (tabs.length === 0) return new Map();
  const row = (await tabCountsQuery(tabs, context).execute(db)).rows[0] ?? {};
  return new Map(tabs.map((tab) => [tab.id, row[tab.id] ?? 0]));
}

/** A stored report as the tabs' machine predicates read it (tests compare them with the SQL). */
export async function inboxReportOf(db: Db, id: string): Promise<InboxReport> {
  const report = await workflowReportOf(db, id);
  const row = await sql<{ channel: Channel }>`select channel from reports where id = ${id}::uuid`.execute(db);
  const channel = row.rows[0]?.channel;
  if (channel === undefined) throw new Error(`no report ${id}`);
  return { ...report, channel };
}
