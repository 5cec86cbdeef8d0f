// SQL of the organisation's administration: units and rules in force on a date, whole tables for the
// spreadsheets, and single-row edits of agencies, categories and routing rules.
import { sql, type Kysely, type Updateable } from 'kysely';
import type { PlatformTables } from '../../platform/db/tables.js';
import type { OrgTables } from './tables.js';

type Db = Kysely<OrgTables & PlatformTables>;

const inForce = (alias: string, date: string) =>
  sql<boolean>`(${sql.ref(`${alias}.valid_from`)} <= ${date} and (${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} > ${date}))`;

export interface AreaRow {
  id: string;
  slug: string;
  parent_id: string | null;
  parent_slug: string | null;
  level: string;
  kind: string;
  name: string;
  valid_from: string;
  valid_to: string | null;
  codes: Record<string, string>;
}

/** Areas (all, or those in force on `date`) with their parent's slug and their codes. */
export async function listAreas(db: Db, date?: string): Promise<AreaRow[]> {
  let query = db
    .selectFrom('areas as a')
    .leftJoin('areas as p', 'p.id', 'a.parent_id')
    .select([
      'a.id',
      'a.slug',
      'a.parent_id',
      'p.slug as parent_slug',
      'a.level',
      'a.kind',
      'a.name',
      'a.valid_from',
      'a.valid_to',
    ])
    .orderBy('a.slug');
  if (date !== undefined) query = query.where(inForce('a', date));
  const rows = await query.execute();
  const codes = await db.selectFrom('area_codes').select(['area_id', 'scheme', 'code']).execute();
  const byArea = new Map<string, Record<string, string>>();
  for (const c of codes) byArea.set(c.area_id, { ...byArea.get(c.area_id), [c.scheme]: c.code });
  return rows.map((r) => ({ ...r, codes: byArea.get(r.id) ?? {} }));
}

export interface AgencyRow {
  id: string;
  slug: string;
  parent_id: string | null;
  parent_slug: string | null;
  kind: string;
  name: string;
  area_id: string | null;
  area_slug: string | null;
  valid_from: string;
  valid_to: string | null;
}

/** Agencies with the slugs of their parent and area. */
const agencyRows = (db: Db) =>
  db
    .selectFrom('agencies as g')
    .leftJoin('agencies as p', 'p.id', 'g.parent_id')
    .leftJoin('areas as a', 'a.id', 'g.area_id')
    .select([
      'g.id',
      'g.slug',
      'g.parent_id',
      'p.slug as parent_slug',
      'g.kind',
      'g.name',
      'g.area_id',
      'a.slug as area_slug',
      'g.valid_from',
      'g.valid_to',
    ]);

export async function listAgencies(db: Db, date?: string): Promise<AgencyRow[]> {
  let query = agencyRows(db).orderBy('g.slug');
  if (date !== undefined) query = query.where(inForce('g', date));
  return query.execute();
}

export async function findAgency(db: Db, id: string): Promise<AgencyRow | undefined> {
  return agencyRows(db).where('g.id', '=', id).executeTakeFirst();
}

export interface CategoryRow {
  id: string;
  slug: string;
  parent_id: string | null;
  parent_slug: string | null;
  name_vi: string;
  name_en: string;
  description_vi: string | null;
  description_en: string | null;
  default_priority: string;
  photo_required: boolean;
  public_by_default: boolean;
  sort_order: number;
  active: boolean;
  deadline_policy: unknown;
  questions: unknown;
  icon: string | null;
  emergency_hotline: string | null;
  emergency_notice_vi: string | null;
  emergency_notice_en: string | null;
}

function categoryQuery(db: Db) {
  return db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select([
      'c.id',
      'c.slug',
      'c.parent_id',
      'p.slug as parent_slug',
      'c.name_vi',
      'c.name_en',
      'c.description_vi',
      'c.description_en',
      'c.default_priority',
      'c.photo_required',
      'c.public_by_default',
      'c.sort_order',
      'c.active',
      'c.deadline_policy',
      'c.questions',
      'c.icon',
      'c.emergency_hotline',
      'c.emergency_notice_vi',
      'c.emergency_notice_en',
    ]);
}

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return categoryQuery(db).orderBy('c.sort_order').orderBy('c.slug').execute();
}

export async function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return categoryQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export interface JurisdictionRow {
  id: string;
  agency_id: string;
  agency_slug: string;
  category_id: string | null;
  category_slug: string | null;
  area_id: string;
  area_slug: string;
  include_subareas: boolean;
  priority: number;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
}

function jurisdictionQuery(db: Db) {
  return db
    .selectFrom('jurisdictions as j')
    .innerJoin('agencies as g', 'g.id', 'j.agency_id')
    .innerJoin('areas as a', 'a.id', 'j.area_id')
    .leftJoin('categories as c', 'c.id', 'j.category_id')
    .select([
      'j.id',
      'j.agency_id',
      'g.slug as agency_slug',
      'j.category_id',
      'c.slug as category_slug',
      'j.area_id',
      'a.slug as area_slug',
      'j.include_subareas',
      'j.priority',
      'j.valid_from',
      'j.valid_to',
      'j.note',
    ]);
}

export async function listJurisdictions(db: Db, date?: string): Promise<JurisdictionRow[]> {
  let query = jurisdictionQuery(db)
    .orderBy('a.slug')
    .orderBy('c.slug')
    .orderBy('g.slug')
    .orderBy('j.valid_from');
  if (date !== undefined) query = query.where(inForce('j', date));
  return query.execute();
}

export async function findJurisdiction(db: Db, id: string): Promise<JurisdictionRow | undefined> {
  return jurisdictionQuery(db).where('j.id', '=', id).executeTakeFirst();
}

export interface UnitSpan {
  id: string;
  slug: string;
  valid_from: string;
  valid_to: string | null;
}

export async function findUnit(
  db: Db,
  table: 'areas' | 'agencies' | 'categories',
  id: string,
): Promise<{ id: string; slug: string } | undefined> {
  return db.selectFrom(table).select(['id', 'slug']).where('id', '=', id).executeTakeFirst();
}

export async function findSpan(
  db: Db,
  table: 'areas' | 'agencies',
  id: string,
): Promise<UnitSpan | undefined> {
  return db
    .selectFrom(table)
    .select(['id', 'slug', 'valid_from', 'valid_to'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertAgency(db: Db, row: Omit<OrgTables['agencies'], 'id'>): Promise<string> {
  const { id } = await db.insertInto('agencies').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateAgency(
  db: Db,
  id: string,
  set: Updateable<OrgTables['agencies']>,
): Promise<void> {
  await db.updateTable('agencies').set(set).where('id', '=', id).execute();
}

export type CategoryValues = Omit<
  OrgTables['categories'],
  'id' | 'active' | 'deadline_policy' | 'questions'
> & {
  active: boolean;
  deadline_policy: string;
  questions: string;
};

export async function insertCategory(db: Db, row: CategoryValues): Promise<string> {
  const { id } = await db.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateCategory(db: Db, id: string, set: Partial<CategoryValues>): Promise<void> {
  await db.updateTable('categories').set(set).where('id', '=', id).execute();
}

export async function insertJurisdiction(
  db: Db,
  row: Omit<OrgTables['jurisdictions'], 'id' | 'created_at'>,
): Promise<string> {
  const { id } = await db.insertInto('jurisdictions').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateJurisdiction(
  db: Db,
  id: string,
  set: Updateable<OrgTables['jurisdictions']>,
): Promise<void> {
  await db.updateTable('jurisdictions').set(set).where('id', '=', id).execute();
}

export async function updateArea(db: Db, id: string, set: Updateable<OrgTables['areas']>): Promise<void> {
  await db.updateTable('areas').set(set).where('id', '=', id).execute();
}
