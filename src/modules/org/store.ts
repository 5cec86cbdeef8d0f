// SQL of the organisation tables: upserts keyed by slug (areas, agencies, categories) or username (accounts).
import type { Kysely } from 'kysely';
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
  row: Omit<OrgTables['categories'], 'id' | 'active'>,
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
