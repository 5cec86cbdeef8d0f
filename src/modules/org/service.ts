// Imports an organisation data set (the demo set, or a province's own) in one transaction, idempotently.
import type { Db } from '../../platform/db/tables.js';
import fs from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import type { TSchema, Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../../platform/audit.js';
import { localDate } from '../../platform/calendar/calendar.js';
import { cleanText, foldSearchKey, normalizePhoneVN } from '../../platform/text.js';
import {
  AccountRecord,
  AgencyRecord,
  AreaGeometryRecord,
  AreaRecord,
  CalendarExceptionRecord,
  CategoryRecord,
  JurisdictionRecord,
  stopColumns,
} from './schemas.js';
import { DEFAULT_DEADLINE_POLICY, deadlinePolicyProblems } from './deadlines.js';
import { cleanQuestion, questionProblems } from './questions.js';
import * as store from './store.js';

/** The files of a data set, in the order they are imported; only `areas.json` is required. */
export const DATA_FILES = {
  areas: { file: 'areas.json', schema: AreaRecord, required: true },
  agencies: { file: 'agencies.json', schema: AgencyRecord, required: false },
  categories: { file: 'categories.json', schema: CategoryRecord, required: false },
  jurisdictions: { file: 'jurisdictions.json', schema: JurisdictionRecord, required: false },
  accounts: { file: 'accounts.json', schema: AccountRecord, required: false },
  calendar: { file: 'calendar-exceptions.json', schema: CalendarExceptionRecord, required: false },
  geometry: { file: 'area-geometry.json', schema: AreaGeometryRecord, required: false },
} as const;

export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`The data set has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ImportError';
  }
}

export interface ImportResult {
  areas: number;
  agencies: number;
  categories: number;
  jurisdictions: number;
  accounts: number;
  calendarExceptions: number;
  /** Accounts created by this import with a generated password (demo mode only). */
  createdAccounts: { username: string; role: string; id: string }[];
}

type Records = { [K in keyof typeof DATA_FILES]: Static<(typeof DATA_FILES)[K]['schema']>[] };

function readFile<S extends TSchema>(
  dir: string,
  name: string,
  schema: S,
  required: boolean,
  problems: string[],
): Static<S>[] {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    if (required) problems.push(`${name}: file is missing`);
    return [];
  }
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${name}: not valid JSON (${(error as Error).message})`);
    return [];
  }
  const list = Type.Array(schema);
  if (!Value.Check(list, data)) {
    for (const e of [...Value.Errors(list, data)].slice(0, 20))
      problems.push(`${name}${e.path}: ${e.message}`);
    return [];
  }
  return data;
}

/** Reads and validates every file, and checks that references resolve; lists every problem found. */
export function readDataSet(dir: string): Records {
  const problems: string[] = [];
  if (!fs.existsSync(dir)) throw new ImportError([`${dir}: directory not found`]);
  const records = {
    areas: readFile(dir, DATA_FILES.areas.file, DATA_FILES.areas.schema, true, problems),
    agencies: readFile(dir, DATA_FILES.agencies.file, DATA_FILES.agencies.schema, false, problems),
    categories: readFile(dir, DATA_FILES.categories.file, DATA_FILES.categories.schema, false, problems),
    jurisdictions: readFile(
      dir,
      DATA_FILES.jurisdictions.file,
      DATA_FILES.jurisdictions.schema,
      false,
      problems,
    ),
    accounts: readFile(dir, DATA_FILES.accounts.file, DATA_FILES.accounts.schema, false, problems),
    calendar: readFile(dir, DATA_FILES.calendar.file, DATA_FILES.calendar.schema, false, problems),
    geometry: readFile(dir, DATA_FILES.geometry.file, DATA_FILES.geometry.schema, false, problems),
  };
  const checkTree = (name: string, rows: { slug: string; parent: string | null }[]) => {
    const seen = new Set<string>();
    for (const row of rows) {
      if (seen.has(row.slug)) problems.push(`${name}: slug ${row.slug} appears twice`);
      if (row.parent !== null && !seen.has(row.parent))
        problems.push(`${name}: ${row.slug} names parent ${row.parent}, which is not listed before it`);
      seen.add(row.slug);
    }
    return seen;
  };
  const areaSlugs = checkTree('areas.json', records.areas);
  for (const g of records.geometry)
    if (!areaSlugs.has(g.slug)) problems.push(`area-geometry.json: unknown area ${g.slug}`);
  const agencySlugs = checkTree('agencies.json', records.agencies);
  const categorySlugs = checkTree('categories.json', records.categories);
  for (const a of records.agencies) {
    if (a.area !== null && !areaSlugs.has(a.area))
      problems.push(`agencies.json: ${a.slug} names unknown area ${a.area}`);
  }
  for (const c of records.categories) {
    if (c.deadlines)
      for (const p of deadlinePolicyProblems(c.deadlines))
        problems.push(`categories.json: ${c.slug} deadlines: ${p}`);
    for (const p of questionProblems(c.questions ?? []))
      problems.push(`categories.json: ${c.slug} questions: ${p}`);
  }
  problems.push(...jurisdictionProblems(records, categorySlugs));
  const usernames = new Set<string>();
  for (const a of records.accounts) {
    if (usernames.has(a.username)) problems.push(`accounts.json: username ${a.username} appears twice`);
    usernames.add(a.username);
    if (a.agency !== null && !agencySlugs.has(a.agency))
      problems.push(`accounts.json: ${a.username} names unknown agency ${a.agency}`);
    if (a.phone !== null && normalizePhoneVN(a.phone) === null)
      problems.push(`accounts.json: ${a.username} has an invalid phone number`);
  }
  if (problems.length > 0) throw new ImportError(problems);
  return records;
}

/**
 * Imports a data set in one transaction: existing rows (same slug or username) are updated, new ones
 * inserted, nothing is deleted. `passwordFor` gives new accounts a password hash (demo mode); otherwise
 * new accounts have none and must set one through the account flow.
 */
export async function importDataSet(
  db: Db,
  dir: string,
  options: { demo?: boolean; passwordHashFor?: (username: string) => Promise<string> } = {},
): Promise<ImportResult> {
  const records = readDataSet(dir);
  return db.transaction().execute(async (trx) => {
    const o = store.orgDb(trx);
    const result: ImportResult = {
      areas: 0,
      agencies: 0,
      categories: 0,
      jurisdictions: 0,
      accounts: 0,
      calendarExceptions: 0,
      createdAccounts: [],
    };

    const areaIds = await store.idsBySlug(o, 'areas');
    for (const a of records.areas) {
      const name = cleanText(a.name);
      const id = await store.upsertArea(o, {
        slug: a.slug,
        parent_id: a.parent === null ? null : (areaIds.get(a.parent) ?? null),
        level: a.level,
        kind: cleanText(a.kind),
        name,
        name_key: foldSearchKey(name),
        valid_from: a.validFrom,
        valid_to: a.validTo,
      });
      areaIds.set(a.slug, id);
      await store.replaceAreaCodes(o, id, a.codes);
      result.areas++;
    }

    const agencyIds = await store.idsBySlug(o, 'agencies');
    for (const a of records.agencies) {
      const name = cleanText(a.name);
      const id = await store.upsertAgency(o, {
        slug: a.slug,
        parent_id: a.parent === null ? null : (agencyIds.get(a.parent) ?? null),
        kind: a.kind,
        name,
        name_key: foldSearchKey(name),
        area_id: a.area === null ? null : (areaIds.get(a.area) ?? null),
        valid_from: a.validFrom,
        valid_to: a.validTo,
      });
      agencyIds.set(a.slug, id);
      result.agencies++;
    }

    const categoryIds = await store.idsBySlug(o, 'categories');
    for (const c of records.categories) {
      const nameVi = cleanText(c.nameVi);
      const id = await store.upsertCategory(o, {
        slug: c.slug,
        parent_id: c.parent === null ? null : (categoryIds.get(c.parent) ?? null),
        name_vi: nameVi,
        name_en: cleanText(c.nameEn),
        name_key: foldSearchKey(nameVi),
        description_vi: c.descriptionVi === null ? null : cleanText(c.descriptionVi),
        description_en: c.descriptionEn === null ? null : cleanText(c.descriptionEn),
        default_priority: c.defaultPriority,
        photo_required: c.photoRequired,
        public_by_default: c.publicByDefault,
        sort_order: c.sortOrder,
        deadline_policy: JSON.stringify(c.deadlines ?? DEFAULT_DEADLINE_POLICY),
        questions: JSON.stringify((c.questions ?? []).map(cleanQuestion)),
        icon: c.icon ?? null,
        ...stopColumns(c.emergency ?? null),
      });
      categoryIds.set(c.slug, id);
      result.categories++;
    }

    const idOf = (ids: Map<string, string>, slug: string): string => {
      const found = ids.get(slug);
      if (found === undefined) throw new Error(`Internal: ${slug} was checked but has no id`);
      return found;
    };
    for (const j of records.jurisdictions) {
      await store.upsertJurisdiction(o, {
        agency_id: idOf(agencyIds, j.agency),
        category_id: j.category === null ? null : idOf(categoryIds, j.category),
        area_id: idOf(areaIds, j.area),
        include_subareas: j.includeSubareas,
        priority: j.priority,
        valid_from: j.validFrom,
        valid_to: j.validTo,
        note: j.note === null ? null : cleanText(j.note),
      });
      result.jurisdictions++;
    }

    for (const a of records.accounts) {
      const { id, created } = await store.upsertAccount(o, {
        kind: a.role === 'citizen' ? 'citizen' : 'officer',
        username: a.username,
        display_name: cleanText(a.displayName),
        email: a.email?.toLowerCase() ?? null,
        phone: a.phone === null ? null : normalizePhoneVN(a.phone),
        is_demo: options.demo === true,
      });
      if (a.role !== 'citizen') {
        await store.setCurrentPosition(
          o,
          id,
          {
            role: a.role,
            agency_id: a.agency === null ? null : (agencyIds.get(a.agency) ?? null),
            area_id: null,
          },
          localDate(new Date()),
        );
      }
      if (created && options.passwordHashFor) {
        await o
          .updateTable('accounts')
          .set({ password_hash: await options.passwordHashFor(a.username) })
          .where('id', '=', id)
          .execute();
        result.createdAccounts.push({ username: a.username, role: a.role, id });
      }
      result.accounts++;
    }

    for (const e of records.calendar) {
      await store.upsertCalendarException(o, {
        day: e.date,
        kind: e.kind,
        note: e.note === null ? null : cleanText(e.note),
      });
      result.calendarExceptions++;
    }

    // Geometry goes on the areas by slug; the reports module reads it to check and place reported points.
    for (const g of records.geometry) {
      await sql`update areas set boundary = ${g.boundary === null ? null : JSON.stringify(g.boundary)}::jsonb,
                  center_lat = ${g.center?.latitude ?? null}, center_lon = ${g.center?.longitude ?? null}
                where slug = ${g.slug}`.execute(trx);
    }

    await recordAudit(trx, {
      actorId: null,
      action: 'org.import',
      subjectType: 'data_set',
      subjectId: path.basename(dir),
      detail: { ...result, createdAccounts: result.createdAccounts.length },
    });
    return result;
  });
}

/**
 * Rules must name known agencies, areas and categories, and lie within the life of their agency and area
 * (a rule for a unit that no longer exists would route reports nowhere).
 */
function jurisdictionProblems(records: Records, categorySlugs: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const areas = new Map(records.areas.map((a) => [a.slug, a]));
  const agencies = new Map(records.agencies.map((a) => [a.slug, a]));
  const seen = new Set<string>();
  records.jurisdictions.forEach((j, i) => {
    const where = `jurisdictions.json[${i}] (${j.agency}, ${j.category ?? 'every category'}, ${j.area})`;
    const key = `${j.agency} ${j.category ?? ''} ${j.area} ${j.validFrom}`;
    if (seen.has(key)) problems.push(`${where}: the same rule appears twice`);
    seen.add(key);
    if (j.validTo !== null && j.validTo <= j.validFrom)
      problems.push(`${where}: validTo is not after validFrom`);
    if (j.category !== null && !categorySlugs.has(j.category))
      problems.push(`${where}: unknown category ${j.category}`);
    for (const [what, unit] of [
      ['agency', agencies.get(j.agency)],
      ['area', areas.get(j.area)],
    ] as const) {
      if (!unit) {
        problems.push(`${where}: unknown ${what} ${what === 'agency' ? j.agency : j.area}`);
        continue;
      }
      if (j.validFrom < unit.validFrom) problems.push(`${where}: starts before its ${what} exists`);
      if (unit.validTo !== null && (j.validTo === null || j.validTo > unit.validTo))
        problems.push(`${where}: lasts longer than its ${what}`);
    }
  });
  return problems;
}
