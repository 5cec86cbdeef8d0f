// `GET /api/v1/stats/leader` (and its files, and the agencies one may filter by): the officers' statistics.
import { apiRequest, ApiError, isCount, isNullableString, isRecord, isString, type Guard } from '../api.js';
import type { Lang } from '../i18n/index.js';
import { apiParams, type LeaderGrouping, type LeaderQuery } from './leader-query.js';

/** The figures of a row, in the order the API gives in `columns`. */
export const LEADER_COLUMNS = [
  'received',
  'rejected',
  'inProgress',
  'handled',
  'onTime',
  'late',
  'overdue',
  'onTimePercent',
  'avgHandlingDays',
  'returns',
  'rated',
  'satisfied',
  'satisfactionPercent',
] as const;
export type LeaderColumn = (typeof LEADER_COLUMNS)[number];
/** Figures with one decimal that may be missing (nothing to take a share or an average of). */
export type DecimalColumn = 'onTimePercent' | 'avgHandlingDays' | 'satisfactionPercent';
export const DECIMAL_COLUMNS: readonly DecimalColumn[] = [
  'onTimePercent',
  'avgHandlingDays',
  'satisfactionPercent',
];
export const isDecimalColumn = (c: LeaderColumn): c is DecimalColumn =>
  (DECIMAL_COLUMNS as readonly string[]).includes(c);

export type LeaderFigures = Record<Exclude<LeaderColumn, DecimalColumn>, number> &
  Record<DecimalColumn, number | null> & { cameDue: number };

export interface LeaderRow extends LeaderFigures {
  key: string | null;
  nameVi: string;
  nameEn: string;
}

export interface NamedUnit {
  id: string;
  nameVi: string;
  nameEn: string;
}

export interface LeaderReply {
  groupBy: LeaderGrouping;
  from: string | null;
  to: string | null;
  filters: { agency: NamedUnit | null; category: NamedUnit | null; area: NamedUnit | null };
  scope: { everything: boolean; units: NamedUnit[] };
  columns: LeaderColumn[];
  rows: LeaderRow[];
  total: LeaderFigures;
  asOf: string;
}

const isDecimal = (v: unknown): v is number | null => v === null || (typeof v === 'number' && v >= 0);

const isFigures: Guard<LeaderFigures> = (v): v is LeaderFigures =>
  isRecord(v) &&
  isCount(v.cameDue) &&
  LEADER_COLUMNS.every((c) => (isDecimalColumn(c) ? isDecimal(v[c]) : isCount(v[c])));

const isNamed: Guard<NamedUnit> = (v): v is NamedUnit =>
  isRecord(v) && isString(v.id) && isString(v.nameVi) && isString(v.nameEn);
const isNamedOrNull = (v: unknown) => v === null || isNamed(v);

const isRow: Guard<LeaderRow> = (v): v is LeaderRow =>
  isRecord(v) && isNullableString(v.key) && isString(v.nameVi) && isString(v.nameEn) && isFigures(v);

export const isLeaderReply: Guard<LeaderReply> = (v): v is LeaderReply =>
  isRecord(v) &&
  isString(v.groupBy) &&
  isNullableString(v.from) &&
  isNullableString(v.to) &&
  isRecord(v.filters) &&
  isNamedOrNull(v.filters.agency) &&
  isNamedOrNull(v.filters.category) &&
  isNamedOrNull(v.filters.area) &&
  isRecord(v.scope) &&
  typeof v.scope.everything === 'boolean' &&
  Array.isArray(v.scope.units) &&
  v.scope.units.every(isNamed) &&
  Array.isArray(v.columns) &&
  v.columns.every((c) => (LEADER_COLUMNS as readonly unknown[]).includes(c)) &&
  Array.isArray(v.rows) &&
  v.rows.every(isRow) &&
  isFigures(v.total) &&
  isString(v.asOf);

export function leaderUrl(query: LeaderQuery): string {
  return `/api/v1/stats/leader?${apiParams(query).toString()}`;
}

/** The address of a file with exactly the figures of `query`, headed in `lang`. */
export function exportUrl(query: LeaderQuery, format: 'xlsx' | 'csv', lang: Lang): string {
  const params = apiParams(query);
  params.set('lang', lang);
  return `/api/v1/stats/leader/export.${format}?${params.toString()}`;
}

export async function fetchLeaderStats(query: LeaderQuery, signal?: AbortSignal): Promise<LeaderReply> {
  const reply = await apiRequest('GET', leaderUrl(query), { guard: isLeaderReply, signal });
  if (reply === null) throw new ApiError('leader statistics: empty response');
  return reply;
}

export interface ScopeAgency {
  id: string;
  parentId: string | null;
  name: string;
  depth: number;
}

const isScopeAgency: Guard<ScopeAgency> = (v): v is ScopeAgency =>
  isRecord(v) && isString(v.id) && isNullableString(v.parentId) && isString(v.name) && isCount(v.depth);
const isAgencyList: Guard<{ agencies: ScopeAgency[] }> = (v): v is { agencies: ScopeAgency[] } =>
  isRecord(v) && Array.isArray(v.agencies) && v.agencies.every(isScopeAgency);

/** The agencies in force one may see the statistics of, in tree order. */
export async function fetchScopeAgencies(signal?: AbortSignal): Promise<ScopeAgency[]> {
  const reply = await apiRequest('GET', '/api/v1/stats/leader/agencies', { guard: isAgencyList, signal });
  return reply?.agencies ?? [];
}
