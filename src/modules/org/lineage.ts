// Where an area's territory is on a given date: follows the lineage of merges, splits, renames, transfers and
// abolitions, so old reports can be counted in today's structure (and new areas traced back to old ones).
import type { Db } from '../../platform/db/tables.js';
import * as store from './store.js';

export interface AreaNode {
  id: string;
  slug: string;
  parentId: string | null;
  level: string;
  kind: string;
  name: string;
  validFrom: string;
  validTo: string | null;
}

export interface AreaLink {
  fromId: string;
  toId: string;
  effectiveOn: string;
  /** Fraction of `from` that went to `to`; null when the whole of `from` went there. */
  share: number | null;
}

export interface AreaShare {
  areaId: string;
  /**
   * Following time forwards: the fraction of the asked area that lies in this one (1 after a merge, a
   * split's share otherwise). Following it backwards (a new area on a date before it existed): null, the
   * predecessor is only known to be part of it.
   */
  share: number | null;
}

/** A unit is valid on `date` when valid_from ≤ date < valid_to (dates as `YYYY-MM-DD`, which compare as text). */
export function isValidOn(span: { validFrom: string; validTo: string | null }, date: string): boolean {
  return span.validFrom <= date && (span.validTo === null || span.validTo > date);
}

/** Lineage chains are short (a few events per decade); a longer walk means a cycle in bad data. */
const MAX_CHAIN = 50;

/** The area tree over all time with its lineage, loaded once and queried in memory. */
export class AreaLineage {
  readonly areas: ReadonlyMap<string, AreaNode>;
  private readonly forward = new Map<string, AreaLink[]>();
  private readonly backward = new Map<string, AreaLink[]>();

  constructor(areas: readonly AreaNode[], links: readonly AreaLink[]) {
    this.areas = new Map(areas.map((a) => [a.id, a]));
    for (const link of links) {
      push(this.forward, link.fromId, link);
      push(this.backward, link.toId, link);
    }
  }

  /**
   * The area(s) that `areaId` belongs to in the structure valid on `date`: itself while it is valid;
   * after it ended, its successors (recursively, through a chain of events), with the share of it each
   * received; before it existed, its predecessors (share null). Empty when an ended area has no recorded
   * successor, or the id is unknown.
   */
  successorsOn(areaId: string, date: string): AreaShare[] {
    const found = new Map<string, number | null>();
    this.walk(areaId, date, 1, found, 0, false);
    return [...found]
      .map(([id, share]) => ({ areaId: id, share }))
      .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || a.areaId.localeCompare(b.areaId));
  }

  /** The area itself or its nearest ancestor at `level`; null when there is none. */
  ancestorAt(areaId: string, level: string): AreaNode | null {
    for (let node = this.areas.get(areaId), n = 0; node && n < MAX_CHAIN; n++) {
      if (node.level === level) return node;
      node = node.parentId === null ? undefined : this.areas.get(node.parentId);
    }
    return null;
  }

  /** The area and its ancestors, nearest first. */
  chain(areaId: string): AreaNode[] {
    const result: AreaNode[] = [];
    for (let node = this.areas.get(areaId); node && result.length < MAX_CHAIN;) {
      result.push(node);
      node = node.parentId === null ? undefined : this.areas.get(node.parentId);
    }
    return result;
  }

  /**
   * `backwards`: reached from a later unit. A unit found in force that way may still have absorbed others
   * after `date` (phường Lê Lợi merged into phường Trần Phú), which are part of the later unit too.
   */
  private walk(
    id: string,
    date: string,
    weight: number | null,
    found: Map<string, number | null>,
    depth: number,
    backwards: boolean,
  ): void {
    const area = this.areas.get(id);
    if (!area || depth > MAX_CHAIN) return;
    if (isValidOn(area, date)) {
      const before = found.get(id);
      found.set(
        id,
        before === undefined ? weight : weight === null || before === null ? null : before + weight,
      );
      if (backwards) this.walkBack(id, date, found, depth);
      return;
    }
    if (area.validTo !== null && area.validTo <= date) {
      const links = (this.forward.get(id) ?? []).filter((l) => l.effectiveOn <= date);
      const given = links.reduce((sum, l) => sum + (l.share ?? 0), 0);
      const unspecified = links.filter((l) => l.share === null).length;
      for (const link of links) {
        const share = link.share ?? Math.max(0, 1 - given) / unspecified;
        this.walk(link.toId, date, weight === null ? null : weight * share, found, depth + 1, false);
      }
      return;
    }
    this.walkBack(id, date, found, depth);
  }

  private walkBack(id: string, date: string, found: Map<string, number | null>, depth: number): void {
    for (const link of this.backward.get(id) ?? [])
      if (link.effectiveOn > date) this.walk(link.fromId, date, null, found, depth + 1, true);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function loadAreaLineage(db: Db): Promise<AreaLineage> {
  const { areas, links } = await store.loadAreaGraph(store.orgDb(db));
  return new AreaLineage(
    areas.map((a) => ({
      id: a.id,
      slug: a.slug,
      parentId: a.parent_id,
      level: a.level,
      kind: a.kind,
      name: a.name,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
    links.map((l) => ({
      fromId: l.from_area_id,
      toId: l.to_area_id,
      effectiveOn: l.effective_on,
      share: l.share === null ? null : Number(l.share),
    })),
  );
}

/** The area(s) that `areaId` belongs to on `date` (`YYYY-MM-DD`); see AreaLineage.successorsOn. */
export async function successorsOn(db: Db, areaId: string, date: string): Promise<AreaShare[]> {
  return (await loadAreaLineage(db)).successorsOn(areaId, date);
}

/**
 * For every area ever recorded, where it lies in the structure valid on `date`: the map statistics use to
 * count old reports in today's units. With `level` (e.g. 'province'), each successor is replaced by its
 * ancestor at that level; a successor above that level (a district abolished into its province) is kept.
 * Shares of the same target are added up.
 */
export async function rollUpMap(
  db: Db,
  date: string,
  options: { level?: string } = {},
): Promise<Map<string, AreaShare[]>> {
  const lineage = await loadAreaLineage(db);
  const map = new Map<string, AreaShare[]>();
  for (const id of lineage.areas.keys()) {
    const targets = new Map<string, number | null>();
    for (const s of lineage.successorsOn(id, date)) {
      const target =
        options.level === undefined
          ? s.areaId
          : (lineage.ancestorAt(s.areaId, options.level)?.id ?? s.areaId);
      const before = targets.get(target);
      targets.set(
        target,
        before === undefined ? s.share : s.share === null || before === null ? null : before + s.share,
      );
    }
    map.set(
      id,
      [...targets].map(([areaId, share]) => ({ areaId, share })),
    );
  }
  return map;
}

/**
 * Adds counts kept per original area into the units of a roll-up map (shares split a count; a result can
 * be fractional after a split). Counts whose area has no successor, or only predecessors (share null),
 * go to `unmapped`.
 */
export function rollUpCounts(
  counts: Iterable<{ areaId: string | null; count: number }>,
  map: ReadonlyMap<string, readonly AreaShare[]>,
): { byArea: Map<string, number>; unmapped: number } {
  const byArea = new Map<string, number>();
  let unmapped = 0;
  for (const { areaId, count } of counts) {
    const targets = areaId === null ? [] : (map.get(areaId) ?? []);
    const shares = targets.filter((t): t is { areaId: string; share: number } => t.share !== null);
    if (shares.length === 0) {
      unmapped += count;
      continue;
    }
    let placed = 0;
    for (const t of shares) {
      byArea.set(t.areaId, (byArea.get(t.areaId) ?? 0) + count * t.share);
      placed += t.share;
    }
    if (placed < 1 - 1e-9) unmapped += count * (1 - placed);
  }
  return { byArea, unmapped };
}
