// Jurisdiction: which agency handles a report of a category in an area on a date — the rule that routes
// reports automatically. The most specific rule in force wins.
import type { Db } from '../../platform/db/tables.js';
import { localDate } from '../../platform/calendar/calendar.js';
import { loadAreaLineage, type AreaLineage } from './lineage.js';
import * as store from './store.js';

export interface CandidateRule {
  id: string;
  agencyId: string;
  agencySlug: string;
  agencyName: string;
  categoryId: string | null;
  areaId: string;
  includeSubareas: boolean;
  priority: number;
}

export interface RoutedRule extends CandidateRule {
  /** 0 for a rule on every category, then 1 for a top-level category, 2 for a subcategory… */
  categoryDepth: number;
  /** Depth in the area tree of the rule's area (1 = a root such as the province). */
  areaDepth: number;
}

export interface Route {
  agencyId: string;
  agencySlug: string;
  agencyName: string;
  ruleId: string;
  /** The area the report was routed in: its own, or where it lies on that date if it has since changed. */
  areaId: string;
  /** Another rule was exactly as specific (same depths and priority) and lost only on the agency's slug. */
  ambiguous: boolean;
}

/**
 * Picks the rule for a report, given the rules in force on the day, the report's area with its ancestors
 * (nearest first) and its category with its ancestors (nearest first). A rule applies when its category is
 * null or in the category chain, and its area is the report's own or an ancestor with includeSubareas.
 * Order: deepest category first (a province-wide rule for "Điện lực" beats a commune's catch-all), then
 * deepest area, then highest priority, then the agency's slug so the answer never depends on row order.
 */
export function chooseRule(
  rules: readonly CandidateRule[],
  areaChain: readonly string[],
  categoryChain: readonly string[],
): { rule: RoutedRule; ambiguous: boolean } | null {
  const ranked: RoutedRule[] = [];
  for (const rule of rules) {
    const areaIndex = areaChain.indexOf(rule.areaId);
    if (areaIndex < 0 || (areaIndex > 0 && !rule.includeSubareas)) continue;
    const categoryIndex =
      rule.categoryId === null ? categoryChain.length : categoryChain.indexOf(rule.categoryId);
    if (categoryIndex < 0) continue;
    ranked.push({
      ...rule,
      categoryDepth: categoryChain.length - categoryIndex,
      areaDepth: areaChain.length - areaIndex,
    });
  }
  ranked.sort(
    (a, b) =>
      b.categoryDepth - a.categoryDepth ||
      b.areaDepth - a.areaDepth ||
      b.priority - a.priority ||
      a.agencySlug.localeCompare(b.agencySlug),
  );
  const [first, second] = ranked;
  if (!first) return null;
  const ambiguous =
    second !== undefined &&
    second.agencyId !== first.agencyId &&
    second.categoryDepth === first.categoryDepth &&
    second.areaDepth === first.areaDepth &&
    second.priority === first.priority;
  return { rule: first, ambiguous };
}

/** A rule row as `store.rulesInForce` reads it, in the shape `chooseRule` takes. */
export function candidateRule(r: Awaited<ReturnType<typeof store.rulesInForce>>[number]): CandidateRule {
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencySlug: r.agency_slug,
    agencyName: r.agency_name,
    categoryId: r.category_id,
    areaId: r.area_id,
    includeSubareas: r.include_subareas,
    priority: r.priority,
  };
}

/**
 * What routing needs for one day, read at once: the area lineage, the category tree and every rule in force
 * that day. `route` is then pure computation, so the intake path can keep a Router in its cached snapshot
 * instead of reading all of it again for every report.
 */
export class Router {
  private readonly rulesByArea = new Map<string, CandidateRule[]>();

  constructor(
    readonly date: string,
    private readonly lineage: AreaLineage,
    private readonly parents: ReadonlyMap<string, string | null>,
    rules: readonly CandidateRule[],
  ) {
    for (const rule of rules) {
      const list = this.rulesByArea.get(rule.areaId);
      if (list) list.push(rule);
      else this.rulesByArea.set(rule.areaId, [rule]);
    }
  }

  /**
   * The agency that handles a report of `categoryId` located in `areaId`, by the rules in force on the
   * router's day. An area that no longer exists that day (a report filed before a merger and routed again
   * after it) is first replaced by the unit it lies in then — the largest share after a split. Null when no
   * rule applies: the intake officer routes the report by hand.
   */
  route(categoryId: string, areaId: string): Route | null {
    const where = this.lineage.successorsOn(areaId, this.date).find((s) => s.share !== null);
    if (!where) return null;
    const areaChain = this.lineage.chain(where.areaId).map((a) => a.id);
    const categoryChain: string[] = [];
    for (
      let id: string | null | undefined = categoryId;
      id && categoryChain.length < 20;
      id = this.parents.get(id)
    )
      categoryChain.push(id);
    if (categoryChain.length === 0 || !this.parents.has(categoryId)) return null;
    const rules = areaChain.flatMap((id) => this.rulesByArea.get(id) ?? []);
    const chosen = chooseRule(rules, areaChain, categoryChain);
    if (!chosen) return null;
    return {
      agencyId: chosen.rule.agencyId,
      agencySlug: chosen.rule.agencySlug,
      agencyName: chosen.rule.agencyName,
      ruleId: chosen.rule.id,
      areaId: where.areaId,
      ambiguous: chosen.ambiguous,
    };
  }
}

/** Reads what routing needs on `date` (`YYYY-MM-DD`, Vietnam's date). */
export async function loadRouter(db: Db, date: string): Promise<Router> {
  const o = store.orgDb(db);
  const lineage = await loadAreaLineage(db);
  const parents = await store.categoryParents(o);
  const rules = (await store.rulesInForce(o, 'all', date)).map(candidateRule);
  return new Router(date, lineage, parents, rules);
}

/** Routes one report by the rules in force on the day of `on` (see Router.route). */
export async function routeReport(
  db: Db,
  input: { categoryId: string; areaId: string; on: Date },
): Promise<Route | null> {
  return (await loadRouter(db, localDate(input.on))).route(input.categoryId, input.areaId);
}
