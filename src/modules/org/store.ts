// SQL of the organisation tables: upserts keyed by slug (areas, agencies, categories) or username (accounts),
// lineage, jurisdiction rules.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Db as RootDb, PlatformTables } from '../../platform/db/tables.js';
import type { OfficerRole, OrgTables } from './tables.js';

type Db = Kysely<OrgTables & PlatformTables>;
export const orgDb = (db: RootDb): Db => db.withTables<OrgTables>();

export async function idsBySlug(
  db: Db,
  table: 'areas' | 'agencies' | 'categories',
): Promise<Map<string, string>> {
  const rows = await db.selectFrom(table).select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function upsertArea(
  db: Db,
  row: Omit<OrgTables['areas'], 'id'> & { parent_id: string | null },
): Promise<string> {
  const { id } = await db
    .insertInto('areas')
    .values(row)
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet({
        parent_id: row.parent_id,
        level: row.level,
        kind: row.kind,
        name: row.name,
        name_key: row.name_key,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function replaceAreaCodes(db: Db, areaId: string, codes: Record<string, string>): Promise<void> {
  await db.deleteFrom('area_codes').where('area_id', '=', areaId).execute();
  const rows = Object.entries(codes).map(([scheme, code]) => ({ area_id: areaId, scheme, code }));
  if (rows.length > 0) await db.insertInto('area_codes').values(rows).execute();
}

export async function upsertAgency(db: Db, row: Omit<OrgTables['agencies'], 'id'>): Promise<string> {
  const { id } = await db
    .insertInto('agencies')
    .values(row)
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet({
        parent_id: row.parent_id,
        kind: row.kind,
        name: row.name,
        name_key: row.name_key,
        area_id: row.area_id,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function upsertCategory(
  db: Db,
  row: Omit<Insertable<OrgTables['categories']>, 'id' | 'active'>,
): Promise<string> {
  const { slug: _slug, ...update } = row;
  const { id } = await db
    .insertInto('categories')
    .values(row)
    .onConflict((oc) => oc.column('slug').doUpdateSet(update))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface AccountRow {
  kind: 'citizen' | 'officer';
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  is_demo: boolean;
}

/** Inserts the account or updates its profile; an existing password is never overwritten by an import. */
export async function upsertAccount(db: Db, row: AccountRow): Promise<{ id: string; created: boolean }> {
  const existing = await db
    .selectFrom('accounts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', row.username.toLowerCase()))
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('accounts')
      .set({ kind: row.kind, display_name: row.display_name, email: row.email, phone: row.phone })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, created: false };
  }
  const { id } = await db.insertInto('accounts').values(row).returning('id').executeTakeFirstOrThrow();
  return { id, created: true };
}

/**
 * Makes `role` in `agencyId` the officer's current position. A different current position ends
 * today (or disappears if it began today); the history of earlier positions is kept.
 */
export async function setCurrentPosition(
  db: Db,
  accountId: string,
  position: { role: OfficerRole; agency_id: string | null; area_id: string | null },
  today: string,
): Promise<void> {
  const current = await db
    .selectFrom('positions')
    .select(['id', 'role', 'agency_id', 'area_id', 'valid_from'])
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .execute();
  const same = current.find(
    (p) => p.role === position.role && p.agency_id === position.agency_id && p.area_id === position.area_id,
  );
  for (const p of current) {
    if (p === same) continue;
    if (p.valid_from >= today) await db.deleteFrom('positions').where('id', '=', p.id).execute();
    else await db.updateTable('positions').set({ valid_to: today }).where('id', '=', p.id).execute();
  }
  if (!same)
    await db
      .insertInto('positions')
      .values({ account_id: accountId, ...position, valid_from: today })
      .execute();
}

export async function upsertCalendarException(
  db: Db,
  row: { day: string; kind: 'day_off' | 'working_day'; note: string | null },
): Promise<void> {
  await db
    .insertInto('calendar_exceptions')
    .values(row)
    .onConflict((oc) => oc.column('day').doUpdateSet({ kind: row.kind, note: row.note }))
    .execute();
}

export async function countAreas(db: Db): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function upsertJurisdiction(
  db: Db,
  row: Omit<Insertable<OrgTables['jurisdictions']>, 'id' | 'created_at'>,
): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['agency_id', 'category_id', 'area_id', 'valid_from']).doUpdateSet({
        include_subareas: row.include_subareas,
        priority: row.priority,
        valid_to: row.valid_to,
        note: row.note,
      }),
    )
    .execute();
}

/** Every area (all time) and every lineage link with its event's date: the input of AreaLineage. */
export async function loadAreaGraph(db: Db) {
  const areas = await db
    .selectFrom('areas')
    .select(['id', 'slug', 'parent_id', 'level', 'kind', 'name', 'valid_from', 'valid_to'])
    .execute();
  const links = await db
    .selectFrom('area_lineage_links as l')
    .innerJoin('area_lineage as e', 'e.id', 'l.lineage_id')
    .select(['l.from_area_id', 'l.to_area_id', 'l.share', 'e.effective_on', 'e.kind'])
    .execute();
  return { areas, links };
}

export interface SpanRow {
  id: string;
  slug: string;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
}

export async function spansBySlug(db: Db, table: 'areas' | 'agencies', slugs: readonly string[]) {
  const rows: (SpanRow & { area_id?: string | null })[] =
    slugs.length === 0
      ? []
      : table === 'areas'
        ? await db
            .selectFrom('areas')
            .select(['id', 'slug', 'parent_id', 'valid_from', 'valid_to'])
            .where('slug', 'in', [...slugs])
            .execute()
        : await db
            .selectFrom('agencies')
            .select(['id', 'slug', 'parent_id', 'area_id', 'valid_from', 'valid_to'])
            .where('slug', 'in', [...slugs])
            .execute();
  return new Map(rows.map((r) => [r.slug, r]));
}

export async function insertLineage(
  db: Db,
  subject: 'area' | 'agency',
  event: { kind: OrgTables['area_lineage']['kind']; effective_on: string; note: string | null },
  links: { fromId: string; toId: string; share: number | null }[],
): Promise<void> {
  if (subject === 'area') {
    const { id } = await db
      .insertInto('area_lineage')
      .values(event)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('area_lineage_links')
      .values(
        links.map((l) => ({ lineage_id: id, from_area_id: l.fromId, to_area_id: l.toId, share: l.share })),
      )
      .execute();
  } else {
    const { id } = await db
      .insertInto('agency_lineage')
      .values(event)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('agency_lineage_links')
      .values(links.map((l) => ({ lineage_id: id, from_agency_id: l.fromId, to_agency_id: l.toId })))
      .execute();
  }
}

export async function endUnits(
  db: Db,
  table: 'areas' | 'agencies',
  ids: readonly string[],
  date: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable(table)
    .set({ valid_to: date })
    .where('id', 'in', [...ids])
    .execute();
}

/** Ends, on `date`, the rules in force then whose agency or area ends; returns how many. */
export async function endJurisdictionsOf(
  db: Db,
  ended: { agencyIds: readonly string[]; areaIds: readonly string[] },
  date: string,
): Promise<number> {
  if (ended.agencyIds.length === 0 && ended.areaIds.length === 0) return 0;
  const result = await db
    .updateTable('jurisdictions')
    .set({ valid_to: date })
    .where('valid_from', '<', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .where((eb) =>
      eb.or([
        ...(ended.agencyIds.length > 0 ? [eb('agency_id', 'in', [...ended.agencyIds])] : []),
        ...(ended.areaIds.length > 0 ? [eb('area_id', 'in', [...ended.areaIds])] : []),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * What is inconsistent in the structure valid on `date`: a unit in force whose parent (or, for an agency,
 * whose area) is not, and a rule in force whose agency or area is not. Each entry names the unit.
 */
export async function structureProblemsOn(db: Db, date: string): Promise<string[]> {
  const problems: string[] = [];
  const validOn = (alias: string) =>
    sql<boolean>`(${sql.ref(`${alias}.valid_from`)} <= ${date} and (${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} > ${date}))`;
  const areas = await db
    .selectFrom('areas as c')
    .innerJoin('areas as p', 'p.id', 'c.parent_id')
    .select(['c.slug', 'p.slug as parent'])
    .where(validOn('c'))
    .where(sql<boolean>`not ${validOn('p')}`)
    .orderBy('c.slug')
    .execute();
  for (const a of areas)
    problems.push(`area ${a.slug} is in force on ${date} but its parent ${a.parent} is not`);
  const agencies = await db
    .selectFrom('agencies as c')
    .innerJoin('agencies as p', 'p.id', 'c.parent_id')
    .select(['c.slug', 'p.slug as parent'])
    .where(validOn('c'))
    .where(sql<boolean>`not ${validOn('p')}`)
    .orderBy('c.slug')
    .execute();
  for (const a of agencies)
    problems.push(`agency ${a.slug} is in force on ${date} but its parent ${a.parent} is not`);
  const served = await db
    .selectFrom('agencies as c')
    .innerJoin('areas as a', 'a.id', 'c.area_id')
    .select(['c.slug', 'a.slug as area'])
    .where(validOn('c'))
    .where(sql<boolean>`not ${validOn('a')}`)
    .orderBy('c.slug')
    .execute();
  for (const a of served)
    problems.push(`agency ${a.slug} is in force on ${date} but the area it serves, ${a.area}, is not`);
  const rules = await db
    .selectFrom('jurisdictions as j')
    .innerJoin('agencies as g', 'g.id', 'j.agency_id')
    .innerJoin('areas as a', 'a.id', 'j.area_id')
    .select(['g.slug as agency', 'a.slug as area'])
    .where(validOn('j'))
    .where(sql<boolean>`not (${validOn('g')} and ${validOn('a')})`)
    .orderBy('g.slug')
    .execute();
  for (const r of rules)
    problems.push(
      `a rule of agency ${r.agency} in area ${r.area} is in force on ${date} but its agency or area is not`,
    );
  return problems;
}

/** Rules in force on `date` for these areas (a report's area and its ancestors), with their agency valid too. */
/** The rules in force on `date` for the given areas, or for every area with 'all'. */
export async function rulesInForce(db: Db, areaIds: readonly string[] | 'all', date: string) {
  if (areaIds !== 'all' && areaIds.length === 0) return [];
  const query = db
    .selectFrom('jurisdictions as j')
    .innerJoin('agencies as g', 'g.id', 'j.agency_id')
    .select([
      'j.id',
      'j.agency_id',
      'j.category_id',
      'j.area_id',
      'j.include_subareas',
      'j.priority',
      'g.slug as agency_slug',
      'g.name as agency_name',
    ])
    .where('j.valid_from', '<=', date)
    .where((eb) => eb.or([eb('j.valid_to', 'is', null), eb('j.valid_to', '>', date)]))
    .where('g.valid_from', '<=', date)
    .where((eb) => eb.or([eb('g.valid_to', 'is', null), eb('g.valid_to', '>', date)]));
  return (areaIds === 'all' ? query : query.where('j.area_id', 'in', [...areaIds])).execute();
}

export async function categoryParents(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}
