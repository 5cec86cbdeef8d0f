// SQL of the officer import and export. Writes are set-based: each statement takes whole columns as arrays
// and `unnest`s them, so 4,000 rows cost a handful of statements instead of thousands of round trips.
import { sql, type Kysely } from 'kysely';
import type { OfficerRole } from '../../platform/auth/policy.js';
import type { Db as RootDb, PlatformTables } from '../../platform/db/tables.js';
import type { OrgTables } from '../org/tables.js';
import type { OfficerFileRow } from './officer-file.js';
import type { ExistingAccount, Unit } from './officer-rows.js';

export type Db = Kysely<PlatformTables & OrgTables>;
export const accountsDb = (db: RootDb): Db => db.withTables<OrgTables>();

/**
 * Serializes officer imports until the transaction ends: two administrators importing overlapping lists
 * at once would otherwise both see a username as new and one would fail on the unique index.
 */
export async function lockOfficerImports(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('pakn.officer-import'))`.execute(db);
}

/** Every agency and area, ended ones included (a row may name a unit that no longer exists: it is reported). */
export async function loadUnits(db: Db): Promise<{ agencies: Unit[]; areas: Unit[] }> {
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'slug', 'name', 'parent_id', 'area_id', 'valid_from', 'valid_to'])
    .execute();
  const areas = await db
    .selectFrom('areas')
    .select(['id', 'slug', 'name', 'kind', 'parent_id', 'valid_from', 'valid_to'])
    .execute();
  return {
    agencies: agencies.map((a) => ({
      id: a.id,
      slug: a.slug,
      name: a.name,
      keys: [a.name],
      parentId: a.parent_id,
      areaId: a.area_id,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
    areas: areas.map((a) => ({
      id: a.id,
      slug: a.slug,
      name: `${a.kind} ${a.name}`,
      keys: [a.name, `${a.kind} ${a.name}`],
      parentId: a.parent_id,
      areaId: null,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
  };
}

/** The accounts holding these usernames (lower-cased), keyed by lower-cased username. */
export async function accountsByUsername(
  db: Db,
  usernames: readonly string[],
): Promise<Map<string, ExistingAccount>> {
  if (usernames.length === 0) return new Map();
  const { rows } = await sql<{
    id: string;
    key: string;
    kind: 'citizen' | 'officer';
    erased: boolean;
    display_name: string;
    email: string | null;
    phone: string | null;
  }>`select id, lower(username) as key, kind, deleted_at is not null as erased, display_name, email, phone
       from accounts where lower(username) = any(${[...usernames]}::text[])`.execute(db);
  return new Map(
    rows.map((r) => [
      r.key,
      {
        id: r.id,
        kind: r.kind,
        erased: r.erased,
        displayName: r.display_name,
        email: r.email,
        phone: r.phone,
      },
    ]),
  );
}

export interface ProfileValues {
  display_name: string;
  email: string | null;
  phone: string | null;
}

/** Creates officer accounts without a password; returns their ids by lower-cased username. */
export async function insertOfficers(
  db: Db,
  rows: readonly (ProfileValues & { username: string })[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const { rows: created } = await sql<{ id: string; key: string }>`
    insert into accounts (kind, username, display_name, email, phone)
    select 'officer', v.username, v.display_name, v.email, v.phone
      from unnest(${rows.map((r) => r.username)}::text[], ${rows.map((r) => r.display_name)}::text[],
                  ${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.phone)}::text[])
           as v(username, display_name, email, phone)
    returning id, lower(username) as key`.execute(db);
  return new Map(created.map((r) => [r.key, r.id]));
}

export async function updateProfiles(
  db: Db,
  rows: readonly (ProfileValues & { id: string })[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update accounts a set display_name = v.display_name, email = v.email, phone = v.phone
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.display_name)}::text[],
                  ${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.phone)}::text[])
           as v(id, display_name, email, phone)
     where a.id = v.id`.execute(db);
}

export interface PositionRow {
  id: string;
  account_id: string;
  role: OfficerRole;
  agency_id: string | null;
  area_id: string | null;
  valid_from: string;
  valid_to: string | null;
}

/** Positions of these accounts not ended on `date` (valid_to exclusive): current ones and those to come. */
export async function positionsOpenOn(
  db: Db,
  accountIds: readonly string[],
  date: string,
): Promise<PositionRow[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await sql<PositionRow>`
    select id, account_id, role, agency_id, area_id, valid_from, valid_to from positions
     where account_id = any(${[...accountIds]}::uuid[]) and (valid_to is null or valid_to > ${date}::date)
     order by created_at`.execute(db);
  return rows;
}

export async function deletePositions(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from positions where id = any(${[...ids]}::uuid[])`.execute(db);
}

export async function endPositions(db: Db, ends: readonly { id: string; validTo: string }[]): Promise<void> {
  if (ends.length === 0) return;
  await sql`
    update positions p set valid_to = v.valid_to
      from unnest(${ends.map((e) => e.id)}::uuid[], ${ends.map((e) => e.validTo)}::date[]) as v(id, valid_to)
     where p.id = v.id`.execute(db);
}

/** Gives positions a new start and no end. */
export async function restartPositions(
  db: Db,
  rows: readonly { id: string; validFrom: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update positions p set valid_from = v.valid_from, valid_to = null
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.validFrom)}::date[]) as v(id, valid_from)
     where p.id = v.id`.execute(db);
}

export async function insertPositions(
  db: Db,
  rows: readonly Omit<PositionRow, 'id' | 'valid_to'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into positions (account_id, role, agency_id, area_id, valid_from)
    select * from unnest(${rows.map((r) => r.account_id)}::uuid[], ${rows.map((r) => r.role)}::text[],
                         ${rows.map((r) => r.agency_id)}::uuid[], ${rows.map((r) => r.area_id)}::uuid[],
                         ${rows.map((r) => r.valid_from)}::date[])`.execute(db);
}

/** Every officer (erased ones excepted) with each position that has no end date, by username. */
export async function officersForExport(db: Db): Promise<OfficerFileRow[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('positions as p', 'p.account_id', 'a.id')
    .leftJoin('agencies as g', 'g.id', 'p.agency_id')
    .leftJoin('areas as r', 'r.id', 'p.area_id')
    .select([
      'a.username',
      'a.display_name',
      'a.email',
      'a.phone',
      'p.role',
      'g.slug as agency',
      'r.slug as area',
      'p.valid_from',
    ])
    .where('a.kind', '=', 'officer')
    .where('a.deleted_at', 'is', null)
    .where('a.username', 'is not', null)
    .where('p.valid_to', 'is', null)
    .orderBy(sql`lower(a.username)`)
    .orderBy('p.valid_from')
    .orderBy('p.created_at')
    .execute();
  return rows.map((r) => ({
    username: r.username ?? '',
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    role: r.role,
    agency: r.agency,
    area: r.area,
    validFrom: r.valid_from,
  }));
}

/** Agencies and areas in force on `date`, for the reference sheet of an exported file. */
export async function unitsInForce(db: Db, date: string) {
  const agencies = await db
    .selectFrom('agencies')
    .select(['slug', 'name'])
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .orderBy('slug')
    .execute();
  const areas = await db
    .selectFrom('areas')
    .select(['slug', sql<string>`kind || ' ' || name`.as('name')])
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .orderBy('slug')
    .execute();
  return { agencies, areas };
}
