// Applies an administrative restructuring (mergers of communes, abolished districts, merged provinces and
// departments) in one transaction: old units end, new ones start, lineage and routing rules follow.
import fs from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import { recordAudit } from '../../platform/audit.js';
import { cleanText, foldSearchKey } from '../../platform/text.js';
import { RestructuringPlan, type LineageEvent } from './schemas.js';
import * as store from './store.js';

export class RestructuringError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The restructuring plan has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'RestructuringError';
  }
}

export interface RestructuringResult {
  effectiveOn: string;
  areasCreated: number;
  areasEnded: number;
  agenciesCreated: number;
  agenciesEnded: number;
  agenciesMoved: number;
  /** Rules in force whose agency or area ended: they end on the same day. */
  jurisdictionsEnded: number;
  jurisdictionsCreated: number;
  /** Officers' positions at a unit that merged, was renamed or moved: re-homed to its one successor. */
  positionsMoved: number;
  /** Positions at a unit that split or was abolished: ended, to be reassigned by an administrator. */
  positionsEnded: number;
}

/** Reads and validates a plan file (JSON); lists every schema problem. */
export function readRestructuringPlan(file: string): RestructuringPlan {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RestructuringError([`${file}: not readable JSON (${(error as Error).message})`]);
  }
  checkSchema(data);
  return data;
}

function checkSchema(data: unknown): asserts data is RestructuringPlan {
  if (!Value.Check(RestructuringPlan, data))
    throw new RestructuringError(
      [...Value.Errors(RestructuringPlan, data)].slice(0, 50).map((e) => `${e.path || '/'}: ${e.message}`),
    );
}

type Span = store.SpanRow & { area_id?: string | null };

/**
 * Applies `plan` in one transaction, or changes nothing and throws a RestructuringError listing every
 * problem. On `plan.effectiveOn` (E): every unit named in an event's `from` ends (valid_to = E); the
 * plan's new areas and agencies start (valid_from = E); each event is recorded as lineage; agencies that
 * continue are re-homed (`agencyMoves`); routing rules of ended agencies or areas end and the plan's new
 * rules start. Finally the structure in force on E must be whole: no unit in force under an ended parent,
 * no agency serving an ended area, no rule pointing at an ended unit.
 */
export async function applyRestructuring(
  db: Db,
  plan: RestructuringPlan,
  options: { actorId?: string | null } = {},
): Promise<RestructuringResult> {
  checkSchema(plan);
  const E = plan.effectiveOn;
  return db.transaction().execute(async (trx) => {
    const o = store.orgDb(trx);
    const problems: string[] = [];

    const slugsOf = (events: LineageEvent[], extra: (string | null)[]) =>
      [...new Set([...events.flatMap((e) => [...e.from, ...e.to]), ...extra])].filter(
        (s): s is string => s !== null,
      );
    const areaSlugs = slugsOf(plan.areaEvents, [
      ...plan.areas.flatMap((a) => [a.slug, a.parent]),
      ...plan.agencies.map((a) => a.area),
      ...plan.agencyMoves.map((m) => m.area),
      ...plan.jurisdictions.map((j) => j.area),
    ]);
    const agencySlugs = slugsOf(plan.agencyEvents, [
      ...plan.agencies.flatMap((a) => [a.slug, a.parent]),
      ...plan.agencyMoves.flatMap((m) => [m.agency, m.parent]),
      ...plan.jurisdictions.map((j) => j.agency),
    ]);
    const areas = await store.spansBySlug(o, 'areas', areaSlugs);
    const agencies = await store.spansBySlug(o, 'agencies', agencySlugs);
    const categories = await store.idsBySlug(o, 'categories');

    const endedAreas = checkEvents(
      'area',
      plan.areaEvents,
      areas,
      new Set(plan.areas.map((a) => a.slug)),
      E,
      problems,
    );
    const endedAgencies = checkEvents(
      'agency',
      plan.agencyEvents,
      agencies,
      new Set(plan.agencies.map((a) => a.slug)),
      E,
      problems,
    );
    // A unit may be referred to from the new structure when it is created by the plan, or exists on E and
    // does not end on E.
    const inForce = (
      kind: 'area' | 'agency',
      slug: string,
      created: ReadonlySet<string>,
      what: string,
    ): void => {
      if (created.has(slug)) return;
      const span = (kind === 'area' ? areas : agencies).get(slug);
      const ended = kind === 'area' ? endedAreas : endedAgencies;
      if (!span) problems.push(`${what}: unknown ${kind} ${slug}`);
      else if (ended.has(slug) || !(span.valid_from <= E && (span.valid_to === null || span.valid_to > E)))
        problems.push(`${what}: ${kind} ${slug} is not in force on ${E}`);
    };

    const createdAreas = new Set<string>();
    for (const a of plan.areas) {
      if (createdAreas.has(a.slug) || areas.has(a.slug))
        problems.push(`areas: slug ${a.slug} already exists`);
      if (a.parent !== null) inForce('area', a.parent, createdAreas, `new area ${a.slug}'s parent`);
      createdAreas.add(a.slug);
    }
    const allNewAreas = new Set(plan.areas.map((a) => a.slug));
    for (const e of plan.areaEvents)
      for (const to of e.to) inForce('area', to, allNewAreas, `${e.kind} event into ${to}`);

    const createdAgencies = new Set<string>();
    for (const a of plan.agencies) {
      if (createdAgencies.has(a.slug) || agencies.has(a.slug))
        problems.push(`agencies: slug ${a.slug} already exists`);
      if (a.parent !== null) inForce('agency', a.parent, createdAgencies, `new agency ${a.slug}'s parent`);
      if (a.area !== null) inForce('area', a.area, allNewAreas, `new agency ${a.slug}'s area`);
      createdAgencies.add(a.slug);
    }
    const allNewAgencies = new Set(plan.agencies.map((a) => a.slug));
    for (const e of plan.agencyEvents)
      for (const to of e.to) inForce('agency', to, allNewAgencies, `${e.kind} event into ${to}`);
    for (const m of plan.agencyMoves) {
      if (allNewAgencies.has(m.agency))
        problems.push(`agencyMoves: ${m.agency} is new; give its parent and area`);
      else inForce('agency', m.agency, new Set(), `agencyMoves`);
      if (m.parent !== null) inForce('agency', m.parent, allNewAgencies, `move of ${m.agency}: parent`);
      if (m.area !== null) inForce('area', m.area, allNewAreas, `move of ${m.agency}: area`);
    }
    for (const [i, j] of plan.jurisdictions.entries()) {
      inForce('agency', j.agency, allNewAgencies, `jurisdictions[${i}]`);
      inForce('area', j.area, allNewAreas, `jurisdictions[${i}]`);
      if (j.category !== null && !categories.has(j.category))
        problems.push(`jurisdictions[${i}]: unknown category ${j.category}`);
    }
    if (problems.length > 0) throw new RestructuringError(problems);

    // New areas, in order (a parent before its children), then the ends and the lineage.
    const areaIds = new Map([...areas].map(([slug, span]) => [slug, span.id]));
    for (const a of plan.areas) {
      const name = cleanText(a.name);
      const id = await store.upsertArea(o, {
        slug: a.slug,
        parent_id: a.parent === null ? null : (areaIds.get(a.parent) ?? null),
        level: a.level,
        kind: cleanText(a.kind),
        name,
        name_key: foldSearchKey(name),
        valid_from: E,
        valid_to: null,
      });
      areaIds.set(a.slug, id);
      await store.replaceAreaCodes(o, id, a.codes);
    }
    const idOf = (ids: Map<string, string>, slug: string): string => {
      const id = ids.get(slug);
      if (id === undefined) throw new Error(`Internal: no id for ${slug}`);
      return id;
    };
    await store.endUnits(
      o,
      'areas',
      [...endedAreas].map((s) => idOf(areaIds, s)),
      E,
    );
    for (const e of plan.areaEvents)
      await store.insertLineage(
        o,
        'area',
        { kind: e.kind, effective_on: E, note: e.note },
        linksOf(e, areaIds, idOf),
      );

    const agencyIds = new Map([...agencies].map(([slug, span]) => [slug, span.id]));
    for (const a of plan.agencies) {
      const name = cleanText(a.name);
      const id = await store.upsertAgency(o, {
        slug: a.slug,
        parent_id: a.parent === null ? null : idOf(agencyIds, a.parent),
        kind: a.kind,
        name,
        name_key: foldSearchKey(name),
        area_id: a.area === null ? null : idOf(areaIds, a.area),
        valid_from: E,
        valid_to: null,
      });
      agencyIds.set(a.slug, id);
    }
    await store.endUnits(
      o,
      'agencies',
      [...endedAgencies].map((s) => idOf(agencyIds, s)),
      E,
    );
    for (const e of plan.agencyEvents)
      await store.insertLineage(
        o,
        'agency',
        { kind: e.kind, effective_on: E, note: e.note },
        linksOf(e, agencyIds, idOf),
      );
    for (const m of plan.agencyMoves)
      await o
        .updateTable('agencies')
        .set({
          parent_id: m.parent === null ? null : idOf(agencyIds, m.parent),
          area_id: m.area === null ? null : idOf(areaIds, m.area),
        })
        .where('id', '=', idOf(agencyIds, m.agency))
        .execute();

    const jurisdictionsEnded = await store.endJurisdictionsOf(
      o,
      {
        agencyIds: [...endedAgencies].map((s) => idOf(agencyIds, s)),
        areaIds: [...endedAreas].map((s) => idOf(areaIds, s)),
      },
      E,
    );
    for (const j of plan.jurisdictions)
      await store.upsertJurisdiction(o, {
        agency_id: idOf(agencyIds, j.agency),
        category_id: j.category === null ? null : idOf(categories, j.category),
        area_id: idOf(areaIds, j.area),
        include_subareas: j.includeSubareas,
        priority: j.priority,
        valid_from: E,
        valid_to: null,
        note: j.note === null ? null : cleanText(j.note),
      });

    // Staff follow their unit when it has exactly one successor; otherwise their positions end.
    let positionsMoved = 0;
    let positionsEnded = 0;
    const follow = async (
      column: 'agency_id' | 'area_id',
      events: readonly LineageEvent[],
      ids: Map<string, string>,
    ) => {
      for (const e of events) {
        const single =
          ['merge', 'rename', 'transfer'].includes(e.kind) && e.to.length === 1
            ? idOf(ids, e.to[0] ?? '')
            : null;
        for (const from of e.from) {
          const moved = await movePositions(trx, column, idOf(ids, from), single, E);
          if (single === null) positionsEnded += moved;
          else positionsMoved += moved;
        }
      }
    };
    await follow('agency_id', plan.agencyEvents, agencyIds);
    await follow('area_id', plan.areaEvents, areaIds);

    const broken = await store.structureProblemsOn(o, E);
    if (broken.length > 0) throw new RestructuringError(broken);

    const result: RestructuringResult = {
      effectiveOn: E,
      areasCreated: plan.areas.length,
      areasEnded: endedAreas.size,
      agenciesCreated: plan.agencies.length,
      agenciesEnded: endedAgencies.size,
      agenciesMoved: plan.agencyMoves.length,
      jurisdictionsEnded,
      jurisdictionsCreated: plan.jurisdictions.length,
      positionsMoved,
      positionsEnded,
    };
    await recordAudit(trx, {
      actorId: options.actorId ?? null,
      action: 'org.restructure',
      subjectType: 'restructuring',
      subjectId: E,
      detail: { note: plan.note, ...result },
    });
    return result;
  });
}

/**
 * Positions open on E whose scope is `fromId` end on E (or are removed if they start on E) and, when
 * there is a successor, start again there on E with the same role. Returns how many positions it touched.
 */
async function movePositions(
  db: Db,
  column: 'agency_id' | 'area_id',
  fromId: string,
  toId: string | null,
  E: string,
): Promise<number> {
  const open = await sql<{
    id: string;
    account_id: string;
    role: string;
    agency_id: string | null;
    area_id: string | null;
    starts_on_e: boolean;
  }>`
    select id, account_id, role, agency_id, area_id, valid_from = ${E}::date as starts_on_e
      from positions
     where ${sql.ref(column)} = ${fromId} and valid_from <= ${E}::date and (valid_to is null or valid_to > ${E}::date)`.execute(
    db,
  );
  for (const p of open.rows) {
    if (p.starts_on_e) await sql`delete from positions where id = ${p.id}`.execute(db);
    else await sql`update positions set valid_to = ${E}::date where id = ${p.id}`.execute(db);
    if (toId !== null) {
      const agency = column === 'agency_id' ? toId : p.agency_id;
      const area = column === 'area_id' ? toId : p.area_id;
      await sql`insert into positions (account_id, role, agency_id, area_id, valid_from)
                values (${p.account_id}, ${p.role}, ${agency}, ${area}, ${E}::date)`.execute(db);
    }
  }
  return open.rows.length;
}

/**
 * Checks the events of one kind of unit against its kind's shape and returns the slugs that end. Every
 * `from` must exist, be open on the eve of E (started before E, no end set), and end only once.
 */
function checkEvents(
  subject: 'area' | 'agency',
  events: readonly LineageEvent[],
  spans: ReadonlyMap<string, Span>,
  created: ReadonlySet<string>,
  E: string,
  problems: string[],
): Set<string> {
  const ended = new Set<string>();
  const name = subject === 'area' ? 'areaEvents' : 'agencyEvents';
  events.forEach((e, i) => {
    const where = `${name}[${i}] (${e.kind})`;
    const one = (list: readonly string[], side: string) => {
      if (list.length !== 1) problems.push(`${where}: needs exactly one ${side}`);
    };
    switch (e.kind) {
      case 'merge':
      case 'abolish':
        one(e.to, 'to');
        break;
      case 'split':
        one(e.from, 'from');
        if (e.to.length < 2) problems.push(`${where}: a split needs at least two to`);
        break;
      case 'rename':
      case 'transfer':
        one(e.from, 'from');
        one(e.to, 'to');
        for (const to of e.to)
          if (!created.has(to)) problems.push(`${where}: ${to} must be a new ${subject} of the plan`);
        break;
    }
    if (e.shares !== undefined) {
      if (e.kind !== 'split') problems.push(`${where}: shares are for splits only`);
      for (const key of Object.keys(e.shares))
        if (!e.to.includes(key)) problems.push(`${where}: share for ${key}, which is not a to`);
      const total = Object.values(e.shares).reduce((a, b) => a + b, 0);
      if (total > 1 + 1e-9) problems.push(`${where}: shares add up to more than 1`);
    }
    if (new Set(e.to).size !== e.to.length) problems.push(`${where}: a to is listed twice`);
    for (const from of e.from) {
      if (e.to.includes(from)) problems.push(`${where}: ${from} is both from and to`);
      if (ended.has(from)) problems.push(`${where}: ${from} already ends in another event`);
      ended.add(from);
      const span = spans.get(from);
      if (!span) problems.push(`${where}: unknown ${subject} ${from}`);
      else if (!(span.valid_from < E && span.valid_to === null))
        problems.push(`${where}: ${subject} ${from} is not open on the eve of ${E}`);
    }
  });
  return ended;
}

function linksOf(
  e: LineageEvent,
  ids: Map<string, string>,
  idOf: (ids: Map<string, string>, slug: string) => string,
): { fromId: string; toId: string; share: number | null }[] {
  return e.from.flatMap((from) =>
    e.to.map((to) => ({
      fromId: idOf(ids, from),
      toId: idOf(ids, to),
      share: e.shares?.[to] ?? null,
    })),
  );
}
