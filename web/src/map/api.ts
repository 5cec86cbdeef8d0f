// The public API of the maps and the public reports page: the background map's settings, area outlines,
// reports on the map (clusters or points) and the list of public reports; each answer checked at run time.
import { ApiError, apiRequest, isInstant, isNullableString, isRecord, isString, type Guard } from '../api.js';
import type { Outline, OutlineGeometry } from './geo.js';

/** The background map (`map` of `GET /api/v1/public/site`). */
export interface MapSettings {
  /** Tile URL template; null when the deployment has none (MAP_TILE_URL=off). */
  tileUrl: string | null;
  attribution: string;
}

export interface MapCluster {
  latitude: number;
  longitude: number;
  count: number;
}

export interface MapPoint {
  code: string;
  latitude: number;
  longitude: number;
  status: string;
  categoryId: string | null;
}

/** `GET /api/v1/public/reports/map` */
export interface MapData {
  mode: 'clusters' | 'points';
  clusters: MapCluster[];
  points: MapPoint[];
  truncated: boolean;
}

/** One item of `GET /api/v1/public/reports` (the parts the pages show). */
export interface ReportSummary {
  code: string;
  status: string;
  category: { id: string; nameVi: string; nameEn: string } | null;
  area: { id: string; name: string } | null;
  description: string;
  submittedAt: string;
  resolvedAt: string | null;
  thumbUrl: string | null;
}

export interface ReportPage {
  items: ReportSummary[];
  nextCursor: string | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPosition = (v: unknown): boolean =>
  Array.isArray(v) && v.length >= 2 && isNumber(v[0]) && isNumber(v[1]);
const isRing = (v: unknown): boolean => Array.isArray(v) && v.every(isPosition);
const isPolygon = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every(isRing);

const isMapSettings = (v: unknown): v is MapSettings =>
  isRecord(v) && isNullableString(v.tileUrl) && isString(v.attribution);

const isSite: Guard<{ map: MapSettings }> = (v): v is { map: MapSettings } =>
  isRecord(v) && isMapSettings(v.map);

function isGeometry(v: unknown): v is OutlineGeometry {
  if (!isRecord(v)) return false;
  if (v.type === 'Polygon') return isPolygon(v.coordinates);
  return v.type === 'MultiPolygon' && Array.isArray(v.coordinates) && v.coordinates.every(isPolygon);
}

const isCollection: Guard<{ type: 'FeatureCollection'; features: unknown[] }> = (
  v,
): v is { type: 'FeatureCollection'; features: unknown[] } =>
  isRecord(v) && v.type === 'FeatureCollection' && Array.isArray(v.features);

const isMapData: Guard<MapData> = (v): v is MapData =>
  isRecord(v) &&
  (v.mode === 'clusters' || v.mode === 'points') &&
  Array.isArray(v.clusters) &&
  v.clusters.every(
    (c) => isRecord(c) && isNumber(c.latitude) && isNumber(c.longitude) && isNumber(c.count) && c.count > 0,
  ) &&
  Array.isArray(v.points) &&
  v.points.every(
    (p) =>
      isRecord(p) &&
      isString(p.code) &&
      isNumber(p.latitude) &&
      isNumber(p.longitude) &&
      isString(p.status) &&
      isNullableString(p.categoryId),
  ) &&
  typeof v.truncated === 'boolean';

const isSummary = (v: unknown): v is ReportSummary =>
  isRecord(v) &&
  isString(v.code) &&
  isString(v.status) &&
  (v.category === null ||
    (isRecord(v.category) &&
      isString(v.category.id) &&
      isString(v.category.nameVi) &&
      isString(v.category.nameEn))) &&
  (v.area === null || (isRecord(v.area) && isString(v.area.id) && isString(v.area.name))) &&
  isString(v.description) &&
  isInstant(v.submittedAt) &&
  (v.resolvedAt === null || isInstant(v.resolvedAt)) &&
  isNullableString(v.thumbUrl);

const isReportPage: Guard<ReportPage> = (v): v is ReportPage =>
  isRecord(v) && Array.isArray(v.items) && v.items.every(isSummary) && isNullableString(v.nextCursor);

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new ApiError(`${what}: empty response`);
  return value;
}

/** Asked once per page load and shared by every map; a failure is asked again next time. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

export const fetchMapSettings = once(
  async (): Promise<MapSettings> =>
    required(await apiRequest('GET', '/api/v1/public/site', { guard: isSite }), 'site').map,
);

/** The outlines of the areas in force, coarsest first; a feature that does not parse is left out. */
export const fetchOutlines = once(async (): Promise<Outline[]> => {
  const body = required(
    await apiRequest('GET', '/api/v1/public/areas/outlines', { guard: isCollection }),
    'outlines',
  );
  return body.features.flatMap((f): Outline[] => {
    if (!isRecord(f) || !isRecord(f.properties) || !isGeometry(f.geometry)) return [];
    const { id, name, level } = f.properties;
    return isString(id) && isString(name) && isString(level)
      ? [{ id, name, level, geometry: f.geometry }]
      : [];
  });
});

export interface MapQuery {
  /** [south, west, north, east] */
  bounds: readonly [number, number, number, number];
  zoom: number;
  categoryId: string | null;
  answered: boolean | null;
}

export async function fetchMapData(query: MapQuery, signal?: AbortSignal): Promise<MapData> {
  const [south, west, north, east] = query.bounds.map((n) => Math.round(n * 1e5) / 1e5);
  const params = new URLSearchParams({
    bbox: `${west},${south},${east},${north}`,
    zoom: String(Math.max(0, Math.min(22, Math.round(query.zoom)))),
  });
  if (query.categoryId !== null) params.set('categoryId', query.categoryId);
  if (query.answered !== null) params.set('answered', String(query.answered));
  return required(
    await apiRequest('GET', `/api/v1/public/reports/map?${params.toString()}`, { guard: isMapData, signal }),
    'map',
  );
}

/** A page of public reports, newest first, for the filters in `params` (see filters.ts). */
export async function fetchReportPage(
  params: URLSearchParams,
  options: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<ReportPage> {
  const query = new URLSearchParams(params);
  if (options.cursor) query.set('cursor', options.cursor);
  query.set('limit', String(options.limit ?? 20));
  return required(
    await apiRequest('GET', `/api/v1/public/reports?${query.toString()}`, {
      guard: isReportPage,
      signal: options.signal,
    }),
    'reports',
  );
}
