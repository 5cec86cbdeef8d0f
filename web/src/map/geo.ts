// Geometry the maps need in the browser, without Leaflet: bounds of outlines, whether a point is inside one.

export type Position = number[];
export type OutlineGeometry =
  { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** An area's outline as `GET /api/v1/public/areas/outlines` gives it. */
export interface Outline {
  id: string;
  name: string;
  level: string;
  geometry: OutlineGeometry;
}

/** [south, west, north, east] in degrees. */
export type Bounds = [number, number, number, number];

function polygonsOf(geometry: OutlineGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function boundsOf(outlines: readonly Outline[]): Bounds | null {
  let [south, west, north, east] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const outline of outlines)
    for (const polygon of polygonsOf(outline.geometry))
      for (const [lon = NaN, lat = NaN] of polygon[0] ?? []) {
        south = Math.min(south, lat);
        north = Math.max(north, lat);
        west = Math.min(west, lon);
        east = Math.max(east, lon);
      }
  return Number.isFinite(south) && Number.isFinite(west) ? [south, west, north, east] : null;
}

/** Ray casting on one ring ([lon, lat] pairs). */
function inRing(ring: readonly Position[], lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function contains(geometry: OutlineGeometry, lat: number, lon: number): boolean {
  return polygonsOf(geometry).some(
    ([outer, ...holes]) =>
      outer !== undefined && inRing(outer, lat, lon) && !holes.some((h) => inRing(h, lat, lon)),
  );
}

/**
 * The outermost units (the coarsest level present): the province, normally. The server refuses points outside
 * them, so the page can say so at once.
 */
export function outermost(outlines: readonly Outline[]): Outline[] {
  const first = outlines[0];
  return first === undefined ? [] : outlines.filter((o) => o.level === first.level);
}

/** Whether a point may be reported: inside the outermost outlines, or anywhere when none is loaded. */
export function inProvince(outlines: readonly Outline[], lat: number, lon: number): boolean {
  const roots = outermost(outlines);
  return roots.length === 0 || roots.some((o) => contains(o.geometry, lat, lon));
}

/** A point to write an area's name at: the middle of its largest polygon's outer ring (area-weighted). */
export function labelPoint(geometry: OutlineGeometry): [number, number] | null {
  let best: { area: number; lat: number; lon: number } | null = null;
  for (const polygon of polygonsOf(geometry)) {
    const ring = polygon[0] ?? [];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      const cross = xj * yi - xi * yj;
      area += cross;
      cx += (xj + xi) * cross;
      cy += (yj + yi) * cross;
    }
    if (area === 0) continue;
    const candidate = { area: Math.abs(area), lat: cy / (3 * area), lon: cx / (3 * area) };
    if (best === null || candidate.area > best.area) best = candidate;
  }
  return best === null ? null : [best.lat, best.lon];
}
