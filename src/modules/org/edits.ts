// Administration of the organisation one record at a time: the lists officers read (units and rules in
// force on a date) and an administrator's edits of agencies, categories and routing rules, each in one
// transaction ending with its audit entry. Structural changes of areas and agencies are restructurings.
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { cleanText, foldSearchKey } from '../../platform/text.js';
import * as admin from './admin-store.js';
import { DEFAULT_DEADLINE_POLICY, deadlinePolicyProblems } from './deadlines.js';
import { cleanQuestion, questionProblems } from './questions.js';
import {
  DeadlinePolicy,
  Question,
  emergencyOf,
  stopColumns,
  type CategoryIcon,
  type EmergencyStop,
  type Priority,
} from './schemas.js';
import { orgDb } from './store.js';

type Trx = Parameters<typeof orgDb>[0];

export const invalid = (details: ErrorDetail[]): AppError => new AppError('validation_failed', { details });

/** A unique index refused the write (a slug or a rule that already exists): 409. */
async function withConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') throw new AppError('conflict', { cause: error });
    throw error;
  }
}

const today = () => localDate(new Date());

/** The row just written, read back in the transaction. */
function found<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('Internal: a row written in this transaction is missing');
  return row;
}
const inForceOn = (u: { valid_from: string; valid_to: string | null }, date: string) =>
  u.valid_from <= date && (u.valid_to === null || u.valid_to > date);

// ---- presenters ----

export const presentArea = (r: admin.AreaRow) => ({
  id: r.id,
  slug: r.slug,
  parentId: r.parent_id,
  level: r.level,
  kind: r.kind,
  name: r.name,
  codes: r.codes,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});
export const presentAgency = (r: admin.AgencyRow) => ({
  id: r.id,
  slug: r.slug,
  parentId: r.parent_id,
  kind: r.kind,
  name: r.name,
  areaId: r.area_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});
export const presentCategory = (r: admin.CategoryRow) => ({
  id: r.id,
  slug: r.slug,
  parentId: r.parent_id,
  name: { vi: r.name_vi, en: r.name_en },
  description: { vi: r.description_vi, en: r.description_en },
  defaultPriority: r.default_priority as Priority,
  photoRequired: r.photo_required,
  publicByDefault: r.public_by_default,
  sortOrder: r.sort_order,
  active: r.active,
  deadlines: r.deadline_policy,
  questions: r.questions,
  icon: r.icon,
  emergency: emergencyOf(r),
});
export const presentJurisdiction = (r: admin.JurisdictionRow) => ({
  id: r.id,
  agencyId: r.agency_id,
  agencySlug: r.agency_slug,
  categoryId: r.category_id,
  categorySlug: r.category_slug,
  areaId: r.area_id,
  areaSlug: r.area_slug,
  includeSubareas: r.include_subareas,
  priority: r.priority,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  note: r.note,
});

// ---- reads (officers) ----

export async function areasOn(db: RootDb, actor: Actor | null, on?: string) {
  authorize(actor, 'org.read');
  return (await admin.listAreas(orgDb(db), on ?? today())).map(presentArea);
}

/** The areas in force today for anyone (a citizen picks the place of a report): names and the tree only. */
export async function publicAreas(db: RootDb) {
  return (await admin.listAreas(orgDb(db), today())).map((r) => {
    const a = presentArea(r);
    return { id: a.id, parentId: a.parentId, level: a.level, kind: a.kind, name: a.name };
  });
}

export async function agenciesOn(db: RootDb, actor: Actor | null, on?: string) {
  authorize(actor, 'org.read');
  return (await admin.listAgencies(orgDb(db), on ?? today())).map(presentAgency);
}

export async function jurisdictionsOn(db: RootDb, actor: Actor | null, on?: string) {
  authorize(actor, 'org.read');
  return (await admin.listJurisdictions(orgDb(db), on ?? today())).map(presentJurisdiction);
}

/** Every category, inactive ones too, with deadlines (officers; the public list shows active ones only). */
export async function allCategories(db: RootDb, actor: Actor | null) {
  authorize(actor, 'org.read');
  return (await admin.listCategories(orgDb(db))).map(presentCategory);
}

// ---- agencies ----

export type AgencyKind =
  | 'provincial_committee'
  | 'department'
  | 'district_committee'
  | 'commune_committee'
  | 'public_service_company'
  | 'central_agency';

export interface AgencyCreate {
  slug: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  areaId: string | null;
  validFrom?: string;
}

/** Checks that a parent or area exists and is in force on `date`; returns problems for `field`. */
async function unitProblems(
  db: Trx,
  table: 'areas' | 'agencies',
  id: string | null,
  date: string,
  field: string,
): Promise<ErrorDetail[]> {
  if (id === null) return [];
  const unit = await admin.findSpan(orgDb(db), table, id);
  if (!unit) return [{ field, problem: `no ${table === 'areas' ? 'area' : 'agency'} has this id` }];
  if (!inForceOn(unit, date)) return [{ field, problem: `${unit.slug} is not in force on ${date}` }];
  return [];
}

export async function createAgency(db: RootDb, actor: Actor | null, input: AgencyCreate) {
  authorize(actor, 'org.manage');
  const validFrom = input.validFrom ?? today();
  return withConflict(() =>
    db.transaction().execute(async (trx) => {
      const o = orgDb(trx);
      const problems = [
        ...(await unitProblems(trx, 'agencies', input.parentId, validFrom, '/body/parentId')),
        ...(await unitProblems(trx, 'areas', input.areaId, validFrom, '/body/areaId')),
      ];
      if (problems.length > 0) throw invalid(problems);
      const name = cleanText(input.name);
      const id = await admin.insertAgency(o, {
        slug: input.slug,
        parent_id: input.parentId,
        kind: input.kind,
        name,
        name_key: foldSearchKey(name),
        area_id: input.areaId,
        valid_from: validFrom,
        valid_to: null,
      });
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'org.agency.create',
        subjectType: 'agency',
        subjectId: id,
        requestId: actor.requestId,
        detail: { validFrom },
      });
      return presentAgency(found(await admin.findAgency(o, id)));
    }),
  );
}

export interface AgencyUpdate {
  name?: string;
  kind?: AgencyKind;
  /** Accepted only unchanged: a new parent or area is a restructuring (transfer, agencyMoves). */
  parentId?: string | null;
  areaId?: string | null;
}

const STRUCTURAL =
  'a structural change (parent, area, dates) is made by a restructuring plan: POST /api/v1/admin/restructurings';

/** Renames an agency in place or corrects its kind; its place in the structure is left to restructurings. */
export async function updateAgency(db: RootDb, actor: Actor | null, id: string, input: AgencyUpdate) {
  authorize(actor, 'org.manage');
  return db.transaction().execute(async (trx) => {
    const o = orgDb(trx);
    const agency = await admin.findAgency(o, id);
    if (!agency) throw new AppError('not_found');
    const problems: ErrorDetail[] = [];
    if (input.parentId !== undefined && input.parentId !== agency.parent_id)
      problems.push({ field: '/body/parentId', problem: STRUCTURAL });
    if (input.areaId !== undefined && input.areaId !== agency.area_id)
      problems.push({ field: '/body/areaId', problem: STRUCTURAL });
    if (problems.length > 0) throw invalid(problems);
    const name = input.name === undefined ? agency.name : cleanText(input.name);
    const kind = input.kind ?? agency.kind;
    const changed = [...(name !== agency.name ? ['name'] : []), ...(kind !== agency.kind ? ['kind'] : [])];
    if (changed.length > 0) {
      await admin.updateAgency(o, id, { name, name_key: foldSearchKey(name), kind });
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'org.agency.update',
        subjectType: 'agency',
        subjectId: id,
        requestId: actor.requestId,
        detail: { changed },
      });
    }
    return presentAgency(found(await admin.findAgency(o, id)));
  });
}

// ---- categories ----

const QuestionList = Type.Array(Question, { maxItems: 30 });

/** Problems of a deadline policy and a question list (schema first, then the rules the schema cannot say). */
export function categoryDocumentProblems(input: { deadlines?: unknown; questions?: unknown }): {
  field: 'deadlines' | 'questions';
  problem: string;
}[] {
  const problems: { field: 'deadlines' | 'questions'; problem: string }[] = [];
  if (input.deadlines !== undefined) {
    if (!Value.Check(DeadlinePolicy, input.deadlines))
      for (const e of [...Value.Errors(DeadlinePolicy, input.deadlines)].slice(0, 5))
        problems.push({ field: 'deadlines', problem: `${e.path || '/'} ${e.message}` });
    else
      for (const p of deadlinePolicyProblems(input.deadlines))
        problems.push({ field: 'deadlines', problem: p });
  }
  if (input.questions !== undefined) {
    if (!Value.Check(QuestionList, input.questions))
      for (const e of [...Value.Errors(QuestionList, input.questions)].slice(0, 5))
        problems.push({ field: 'questions', problem: `${e.path || '/'} ${e.message}` });
    else for (const p of questionProblems(input.questions)) problems.push({ field: 'questions', problem: p });
  }
  return problems;
}

export interface CategoryFields {
  parentId?: string | null;
  nameVi?: string;
  nameEn?: string;
  descriptionVi?: string | null;
  descriptionEn?: string | null;
  defaultPriority?: Priority;
  photoRequired?: boolean;
  publicByDefault?: boolean;
  sortOrder?: number;
  active?: boolean;
  deadlines?: DeadlinePolicy;
  questions?: Question[];
  icon?: CategoryIcon | null;
  emergency?: EmergencyStop | null;
}
export type CategoryCreate = CategoryFields & { slug: string; nameVi: string; nameEn: string };

/** Problems of a category's parent: unknown, itself, or one of its own descendants (a cycle). */
async function parentProblems(db: Trx, id: string | null, parentId: string | null): Promise<ErrorDetail[]> {
  if (parentId === null) return [];
  const o = orgDb(db);
  const parents = new Map(
    (await o.selectFrom('categories').select(['id', 'parent_id']).execute()).map((r) => [r.id, r.parent_id]),
  );
  if (!parents.has(parentId)) return [{ field: '/body/parentId', problem: 'no category has this id' }];
  for (let at: string | null | undefined = parentId, n = 0; at && n < 100; at = parents.get(at), n++)
    if (at === id) return [{ field: '/body/parentId', problem: 'a category cannot be under itself' }];
  return [];
}

function documentDetails(input: CategoryFields): ErrorDetail[] {
  return categoryDocumentProblems(input).map((p) => ({ field: `/body/${p.field}`, problem: p.problem }));
}

const textOrNull = (s: string | null | undefined) =>
  s === null || s === undefined || cleanText(s) === '' ? null : cleanText(s);

export async function createCategory(db: RootDb, actor: Actor | null, input: CategoryCreate) {
  authorize(actor, 'org.manage');
  return withConflict(() =>
    db.transaction().execute(async (trx) => {
      const o = orgDb(trx);
      const problems = [
        ...(await parentProblems(trx, null, input.parentId ?? null)),
        ...documentDetails(input),
      ];
      if (problems.length > 0) throw invalid(problems);
      const nameVi = cleanText(input.nameVi);
      const id = await admin.insertCategory(o, {
        slug: input.slug,
        parent_id: input.parentId ?? null,
        name_vi: nameVi,
        name_en: cleanText(input.nameEn),
        name_key: foldSearchKey(nameVi),
        description_vi: textOrNull(input.descriptionVi),
        description_en: textOrNull(input.descriptionEn),
        default_priority: input.defaultPriority ?? 'normal',
        photo_required: input.photoRequired ?? false,
        public_by_default: input.publicByDefault ?? true,
        sort_order: input.sortOrder ?? 0,
        active: input.active ?? true,
        deadline_policy: JSON.stringify(input.deadlines ?? DEFAULT_DEADLINE_POLICY),
        questions: JSON.stringify((input.questions ?? []).map(cleanQuestion)),
        icon: input.icon ?? null,
        ...stopColumns(input.emergency ?? null),
      });
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'org.category.create',
        subjectType: 'category',
        subjectId: id,
        requestId: actor.requestId,
      });
      return presentCategory(found(await admin.findCategory(o, id)));
    }),
  );
}

export async function updateCategory(db: RootDb, actor: Actor | null, id: string, input: CategoryFields) {
  authorize(actor, 'org.manage');
  return db.transaction().execute(async (trx) => {
    const o = orgDb(trx);
    const before = await admin.findCategory(o, id);
    if (!before) throw new AppError('not_found');
    const problems = [
      ...(input.parentId === undefined ? [] : await parentProblems(trx, id, input.parentId)),
      ...documentDetails(input),
    ];
    if (problems.length > 0) throw invalid(problems);
    const set: Partial<admin.CategoryValues> = {};
    if (input.parentId !== undefined) set.parent_id = input.parentId;
    if (input.nameVi !== undefined) {
      set.name_vi = cleanText(input.nameVi);
      set.name_key = foldSearchKey(set.name_vi);
    }
    if (input.nameEn !== undefined) set.name_en = cleanText(input.nameEn);
    if (input.descriptionVi !== undefined) set.description_vi = textOrNull(input.descriptionVi);
    if (input.descriptionEn !== undefined) set.description_en = textOrNull(input.descriptionEn);
    if (input.defaultPriority !== undefined) set.default_priority = input.defaultPriority;
    if (input.photoRequired !== undefined) set.photo_required = input.photoRequired;
    if (input.publicByDefault !== undefined) set.public_by_default = input.publicByDefault;
    if (input.sortOrder !== undefined) set.sort_order = input.sortOrder;
    if (input.active !== undefined) set.active = input.active;
    if (input.deadlines !== undefined) set.deadline_policy = JSON.stringify(input.deadlines);
    if (input.questions !== undefined) set.questions = JSON.stringify(input.questions.map(cleanQuestion));
    if (input.icon !== undefined) set.icon = input.icon;
    if (input.emergency !== undefined) Object.assign(set, stopColumns(input.emergency));
    if (Object.keys(set).length > 0) {
      await admin.updateCategory(o, id, set);
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'org.category.update',
        subjectType: 'category',
        subjectId: id,
        requestId: actor.requestId,
        detail: { changed: Object.keys(set).filter((k) => k !== 'name_key') },
      });
    }
    return presentCategory(found(await admin.findCategory(o, id)));
  });
}

// ---- routing rules ----

export interface JurisdictionCreate {
  agencyId: string;
  /** Null: every category. */
  categoryId: string | null;
  areaId: string;
  includeSubareas: boolean;
  priority: number;
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
}

/** A rule must name existing units and lie within the life of its agency and area. */
async function ruleProblems(
  trx: Trx,
  rule: {
    agencyId: string;
    areaId: string;
    categoryId: string | null;
    validFrom: string;
    validTo: string | null;
  },
): Promise<ErrorDetail[]> {
  const o = orgDb(trx);
  const problems: ErrorDetail[] = [];
  if (rule.validTo !== null && rule.validTo <= rule.validFrom)
    problems.push({ field: '/body/validTo', problem: 'is not after validFrom' });
  for (const [table, id, field] of [
    ['agencies', rule.agencyId, '/body/agencyId'],
    ['areas', rule.areaId, '/body/areaId'],
  ] as const) {
    const unit = await admin.findSpan(o, table, id);
    if (!unit) {
      problems.push({ field, problem: 'no unit has this id' });
      continue;
    }
    if (rule.validFrom < unit.valid_from)
      problems.push({ field, problem: `the rule starts before ${unit.slug} exists (${unit.valid_from})` });
    if (unit.valid_to !== null && (rule.validTo === null || rule.validTo > unit.valid_to))
      problems.push({ field, problem: `the rule lasts longer than ${unit.slug} (ends ${unit.valid_to})` });
  }
  if (rule.categoryId !== null && !(await admin.findUnit(o, 'categories', rule.categoryId)))
    problems.push({ field: '/body/categoryId', problem: 'no category has this id' });
  return problems;
}

export async function createJurisdiction(db: RootDb, actor: Actor | null, input: JurisdictionCreate) {
  authorize(actor, 'org.manage');
  return withConflict(() =>
    db.transaction().execute(async (trx) => {
      const o = orgDb(trx);
      const validTo = input.validTo ?? null;
      const problems = await ruleProblems(trx, { ...input, validTo });
      if (problems.length > 0) throw invalid(problems);
      const id = await admin.insertJurisdiction(o, {
        agency_id: input.agencyId,
        category_id: input.categoryId,
        area_id: input.areaId,
        include_subareas: input.includeSubareas,
        priority: input.priority,
        valid_from: input.validFrom,
        valid_to: validTo,
        note: textOrNull(input.note),
      });
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'org.jurisdiction.create',
        subjectType: 'jurisdiction',
        subjectId: id,
        requestId: actor.requestId,
      });
      return presentJurisdiction(found(await admin.findJurisdiction(o, id)));
    }),
  );
}

export interface JurisdictionUpdate {
  includeSubareas?: boolean;
  priority?: number;
  note?: string | null;
  /** Null: in force until further notice. */
  validTo?: string | null;
}

export async function updateJurisdiction(
  db: RootDb,
  actor: Actor | null,
  id: string,
  input: JurisdictionUpdate,
  action: 'update' | 'end' = 'update',
) {
  authorize(actor, 'org.manage');
  return db.transaction().execute(async (trx) => {
    const o = orgDb(trx);
    const rule = await admin.findJurisdiction(o, id);
    if (!rule) throw new AppError('not_found');
    const validTo = input.validTo === undefined ? rule.valid_to : input.validTo;
    if (action === 'end' && rule.valid_to !== null && validTo !== null && validTo >= rule.valid_to)
      throw invalid([{ field: '/body/on', problem: `the rule already ends on ${rule.valid_to}` }]);
    const problems = await ruleProblems(trx, {
      agencyId: rule.agency_id,
      areaId: rule.area_id,
      categoryId: rule.category_id,
      validFrom: rule.valid_from,
      validTo,
    });
    if (problems.length > 0)
      throw invalid(
        problems.map((p) =>
          action === 'end' && p.field === '/body/validTo' ? { ...p, field: '/body/on' } : p,
        ),
      );
    const set = {
      include_subareas: input.includeSubareas ?? rule.include_subareas,
      priority: input.priority ?? rule.priority,
      note: input.note === undefined ? rule.note : textOrNull(input.note),
      valid_to: validTo,
    };
    const changed = Object.entries(set)
      .filter(([k, v]) => rule[k as keyof typeof set] !== v)
      .map(([k]) => k);
    if (changed.length > 0) {
      await admin.updateJurisdiction(o, id, set);
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: `org.jurisdiction.${action}`,
        subjectType: 'jurisdiction',
        subjectId: id,
        requestId: actor.requestId,
        detail: { changed },
      });
    }
    return presentJurisdiction(found(await admin.findJurisdiction(o, id)));
  });
}

/** Ends a rule on `on` (it no longer applies from that day). */
export async function endJurisdiction(db: RootDb, actor: Actor | null, id: string, on: string) {
  return updateJurisdiction(db, actor, id, { validTo: on }, 'end');
}
