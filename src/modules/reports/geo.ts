// Where a reported point lies: inside the province or not, and in which area. Areas carry GeoJSON boundaries
// (loaded with the organisation data); the test is done here, in memory, so both database back ends work
// without PostGIS. A province with no boundaries loaded accepts every point and locates none.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import { localDate } from '../../platform/calendar/calendar.js';

type Ring = readonly (readonly number[])[];
type PolygonCoords = readonly Ring[];
export type Geometry =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: readonly PolygonCoords[] };

/** Ray casting on one ring ([lon, lat] pairs); a point on the edge may fall either way. */
function inRing(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(polygon: PolygonCoords, lon: number, lat: number): boolean {
  const [outer, ...holes] = polygon;
  return outer !== undefined && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat));
}

export function contains(geometry: Geometry, lat: number, lon: number): boolean {
  return geometry.type === 'Polygon'
    ? inPolygon(geometry.coordinates, lon, lat)
    : geometry.coordinates.some((p) => inPolygon(p, lon, lat));
}

/** Great-circle distance in metres (haversine; plenty for a province). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function isGeometry(value: unknown): value is Geometry {
  if (typeof value !== 'object' || value === null) return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}

interface GeoArea {
  id: string;
  parentId: string | null;
  boundary: Geometry | null;
  bbox: [number, number, number, number] | null;
  center: { lat: number; lon: number } | null;
}

function bboxOf(geometry: Geometry): [number, number, number, number] {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const [lon = 0, lat = 0] of polygon[0] ?? []) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  return [minLon, minLat, maxLon, maxLat];
}

/** A commune with only a centre (no boundary) is taken when the point is this close to it and closer than any sibling. */
const NEAREST_CENTRE_METRES = 6_000;

export interface Located {
  areaId: string;
  /** boundary: inside the unit's outline; nearest_centre: inside its parent, nearest to its centre. */
  by: 'boundary' | 'nearest_centre';
}

/** The areas in force on one date, with their geometry. */
export class AreaLocator {
  private readonly children = new Map<string | null, GeoArea[]>();
  private readonly ids: ReadonlySet<string>;
  constructor(private readonly areas: readonly GeoArea[]) {
    this.ids = new Set(areas.map((a) => a.id));
    for (const area of areas) {
      const list = this.children.get(area.parentId) ?? [];
      list.push(area);
      this.children.set(area.parentId, list);
    }
  }

  private inside(area: GeoArea, lat: number, lon: number): boolean {
    if (!area.boundary || !area.bbox) return false;
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
    return contains(area.boundary, lat, lon);
  }

  /** Whether the area is in force on the locator's date. */
  has(areaId: string): boolean {
    return this.ids.has(areaId);
  }

  /** Whether the roots (the province) have boundaries at all: without them no point can be checked. */
  get hasProvinceBoundary(): boolean {
    return (this.children.get(null) ?? []).some((a) => a.boundary !== null);
  }

  /** True when the point is inside a root's boundary; true as well when no root has a boundary loaded. */
  inProvince(lat: number, lon: number): boolean {
    if (!this.hasProvinceBoundary) return true;
    return (this.children.get(null) ?? []).some((a) => this.inside(a, lat, lon));
  }

  /** The deepest area containing the point, or null when the point is outside every loaded boundary. */
  locate(lat: number, lon: number): Located | null {
    let found: Located | null = null;
    let level = this.children.get(null) ?? [];
    for (;;) {
      const hit = level.find((a) => this.inside(a, lat, lon));
      if (hit) {
        found = { areaId: hit.id, by: 'boundary' };
        level = this.children.get(hit.id) ?? [];
        continue;
      }
      // No outline at this level: the nearest centre, if close enough.
      let best: { area: GeoArea; d: number } | null = null;
      for (const a of level) {
        if (a.boundary || !a.center) continue;
        const d = distanceMetres(lat, lon, a.center.lat, a.center.lon);
        if (!best || d < best.d) best = { area: a, d };
      }
      if (best && found && best.d <= NEAREST_CENTRE_METRES)
        found = { areaId: best.area.id, by: 'nearest_centre' };
      return found;
    }
  }

  /** A representative point of an area: its centre, or the middle of its bounding box. */
  centreOf(areaId: string): { lat: number; lon: number } | null {
    const area = this.areas.find((a) => a.id === areaId);
    if (!area) return null;
    if (area.center) return area.center;
    if (!area.bbox) return null;
    return { lat: (area.bbox[1] + area.bbox[3]) / 2, lon: (area.bbox[0] + area.bbox[2]) / 2 };
  }
}

/** Builds the locator for the areas in force on `on` (Vietnam's date). */
export async function loadAreaLocator(db: Db, on: Date): Promise<AreaLocator> {
  const date = localDate(on);
  const rows = await sql<{
    id: string;
    parent_id: string | null;
    boundary: unknown;
    center_lat: number | null;
    center_lon: number | null;
  }>`select id, parent_id, boundary, center_lat, center_lon from areas
      where valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)`.execute(db);
  const inForce = new Set(rows.rows.map((r) => r.id));
  return new AreaLocator(
    rows.rows.map((r) => {
      const boundary = isGeometry(r.boundary) ? r.boundary : null;
      return {
        id: r.id,
        // A unit whose parent is not in force on the date is treated as a root.
        parentId: r.parent_id !== null && inForce.has(r.parent_id) ? r.parent_id : null,
        boundary,
        bbox: boundary ? bboxOf(boundary) : null,
        center:
          r.center_lat !== null && r.center_lon !== null ? { lat: r.center_lat, lon: r.center_lon } : null,
      };
    }),
  );
}
