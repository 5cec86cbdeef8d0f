// The public HTTP API the web app reads, with run-time checks of each response's shape.

/** `GET /api/v1/public/site` */
export interface SiteInfo {
  /** The system name, in Vietnamese. */
  name: string;
  /** Short name for small screens. */
  shortName: string;
  province: string;
}

/** `GET /api/v1/public/stats` */
export interface PublicStats {
  received: number;
  handled: number;
  /** 0–100; null while no report has come due. */
  onTimePercent: number | null;
  /** ISO instant the figures were computed at. */
  asOf: string;
}

type Guard<T> = (value: unknown) => value is T;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export const isSiteInfo: Guard<SiteInfo> = (v): v is SiteInfo =>
  isRecord(v) &&
  typeof v.name === 'string' &&
  typeof v.shortName === 'string' &&
  typeof v.province === 'string';

export const isPublicStats: Guard<PublicStats> = (v): v is PublicStats =>
  isRecord(v) &&
  isCount(v.received) &&
  isCount(v.handled) &&
  (v.onTimePercent === null ||
    (typeof v.onTimePercent === 'number' && v.onTimePercent >= 0 && v.onTimePercent <= 100)) &&
  typeof v.asOf === 'string' &&
  !Number.isNaN(Date.parse(v.asOf));

export class ApiError extends Error {
  override name = 'ApiError';
}

async function getJson<T>(url: string, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new ApiError(`GET ${url}: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!guard(body)) throw new ApiError(`GET ${url}: unexpected response`);
  return body;
}

export function fetchSiteInfo(signal?: AbortSignal): Promise<SiteInfo> {
  return getJson('/api/v1/public/site', isSiteInfo, signal);
}

export function fetchPublicStats(signal?: AbortSignal): Promise<PublicStats> {
  return getJson('/api/v1/public/stats', isPublicStats, signal);
}
