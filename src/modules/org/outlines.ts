// The outlines of the areas in force today for the portal's maps (GET /api/v1/public/areas/outlines): the
// stored GeoJSON boundaries simplified for drawing, with each area's id, name and level and nothing else.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db } from '../../platform/db/tables.js';
import type { AreaOutlines } from './schemas.js';

type Position = [number, number];
type Ring = Position[];
type Feature = AreaOutlines['features'][number];

/** ≈ 110 m: finer than a district's outline can be seen at the zoom that shows a whole province. */
export const SIMPLIFY_TOLERANCE_DEGREES = 0.001;

/** Coarsest first, so finer units are drawn over their parents. */
const LEVEL_ORDER = ['province', 'legacy_district', 'district', 'commune'];

/** Squared distance from p to the segment a–b, in degrees² (flat: fine at a province's scale). */
function segmentDistanceSquared(p: Position, a: Position, b: Position): number {
  const [px, py] = p;
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}

/** Douglas–Peucker on an open line: keeps the ends and every point farther than `tolerance` from the line. */
function simplifyLine(points: Ring, tolerance: number): Ring {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const squared = tolerance * tolerance;
  // An explicit stack: a real outline has tens of thousands of points, too deep for recursion.
  const stack: [number, number][] = [[0, points.length - 1]];
  for (let range = stack.pop(); range !== undefined; range = stack.pop()) {
    const [first, last] = range;
    let farthest = -1;
    let max = squared;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistanceSquared(
        points[i] as Position,
        points[first] as Position,
        points[last] as Position,
      );
      if (d > max) {
        max = d;
        farthest = i;
      }
    }
    if (farthest !== -1) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * A closed ring simplified (split at its point farthest from the start, so both halves keep their shape),
 * rounded to 5 decimals (≈ 1 m); null when too little of it is left to enclose anything.
 */
export function simplifyRing(ring: readonly (readonly number[])[], tolerance: number): Ring | null {
  const points: Ring = ring.map(([lon = 0, lat = 0]) => [round(lon), round(lat)]);
  const open =
    points.length > 1 && points[0]?.[0] === points.at(-1)?.[0] && points[0]?.[1] === points.at(-1)?.[1]
      ? points.slice(0, -1)
      : points;
  if (open.length < 3) return null;
  const start = open[0] as Position;
  const fromStart = (p: Position) => (p[0] - start[0]) ** 2 + (p[1] - start[1]) ** 2;
  let split = 1;
  for (let i = 2; i < open.length; i++)
    if (fromStart(open[i] as Position) > fromStart(open[split] as Position)) split = i;
  const first = simplifyLine(open.slice(0, split + 1), tolerance);
  const second = simplifyLine([...open.slice(split), start], tolerance);
  const result = [...first, ...second.slice(1)];
  return result.length >= 4 ? result : null;
}

type StoredGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

function isStoredGeometry(value: unknown): value is StoredGeometry {
  if (typeof value !== 'object' || value === null) return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}

/** A polygon's rings simplified; holes that vanish are dropped, and the polygon too if its outer ring does. */
function simplifyPolygon(polygon: number[][][], tolerance: number): Ring[] | null {
  const [outer, ...holes] = polygon;
  const shell = outer ? simplifyRing(outer, tolerance) : null;
  if (shell === null) return null;
  const kept: Ring[] = [shell];
  for (const hole of holes) {
    const ring = simplifyRing(hole, tolerance);
    if (ring) kept.push(ring);
  }
  return kept;
}

export function simplifyGeometry(geometry: StoredGeometry, tolerance: number): Feature['geometry'] | null {
  if (geometry.type === 'Polygon') {
    const coordinates = simplifyPolygon(geometry.coordinates, tolerance);
    return coordinates ? { type: 'Polygon', coordinates } : null;
  }
  const coordinates = geometry.coordinates.flatMap((p) => {
    const polygon = simplifyPolygon(p, tolerance);
    return polygon ? [polygon] : [];
  });
  if (coordinates.length === 0) return null;
  return coordinates.length === 1 && coordinates[0]
    ? { type: 'Polygon', coordinates: coordinates[0] }
    : { type: 'MultiPolygon', coordinates };
}

/** The areas in force on `date` that have an outline, simplified, coarsest level first, then by name. */
export async function loadAreaOutlines(db: Db, date: string): Promise<AreaOutlines> {
  const rows = await sql<{ id: string; name: string; level: string; boundary: unknown }>`
    select id, name, level, boundary from areas
     where boundary is not null and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)
     order by name, id`.execute(db);
  const rank = (level: string) => {
    const i = LEVEL_ORDER.indexOf(level);
    return i === -1 ? LEVEL_ORDER.length : i;
  };
  const features = rows.rows
    .flatMap((r): Feature[] => {
      if (!isStoredGeometry(r.boundary)) return [];
      const geometry = simplifyGeometry(r.boundary, SIMPLIFY_TOLERANCE_DEGREES);
      return geometry
        ? [{ type: 'Feature', properties: { id: r.id, name: r.name, level: r.level }, geometry }]
        : [];
    })
    .sort((a, b) => rank(a.properties.level) - rank(b.properties.level));
  return { type: 'FeatureCollection', features };
}

interface Cached {
  date: string;
  at: number;
  value: Promise<{ outlines: AreaOutlines; etag: string }>;
}
const cache = new WeakMap<Db, Cached>();
/** Outlines change with an import or a restructuring: a minute of staleness per process is harmless. */
const CACHE_MS = 60_000;

/** Today's outlines with their entity tag, computed at most once a minute per process and database. */
export function areaOutlines(db: Db, now = new Date()): Promise<{ outlines: AreaOutlines; etag: string }> {
  const date = localDate(now);
  const hit = cache.get(db);
  if (hit && hit.date === date && now.getTime() - hit.at < CACHE_MS) return hit.value;
  const value = loadAreaOutlines(db, date).then((outlines) => ({
    outlines,
    etag: `"${crypto.createHash('sha256').update(JSON.stringify(outlines)).digest('base64url').slice(0, 27)}"`,
  }));
  cache.set(db, { date, at: now.getTime(), value });
  value.catch(() => {
    if (cache.get(db)?.value === value) cache.delete(db);
  });
  return value;
}
