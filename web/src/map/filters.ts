// The public reports page's filters: read from and written to the address (`#/phan-anh?q=…&status=open`) so a
// link can be shared, and turned into the queries of the list and the map.

/** The public groups of the workflow's states: still being handled, or answered (as the API's ANSWERED_STATES). */
export type StatusGroup = 'open' | 'answered';
export type Period = '7d' | '30d' | '90d' | '365d';
export type ReportsView = 'list' | 'map';

/** Listed states (accepted or later, not rejected or merged) whose answer has not been approved yet. */
export const OPEN_STATES = [
  'accepted',
  'assigned',
  'returned',
  'in_progress',
  'escalated',
  'answered',
] as const;
/** States in which the agency's answer has been approved and sent ("đã có kết quả"). */
export const ANSWERED_STATES = ['approved', 'published', 'reopen_requested', 'closed'] as const;

export const PERIODS: readonly Period[] = ['7d', '30d', '90d', '365d'];
const PERIOD_DAYS: Readonly<Record<Period, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

export interface ReportFilters {
  /** Search words (diacritics optional) or a tracking code; '' for none. */
  q: string;
  categoryId: string | null;
  areaId: string | null;
  status: StatusGroup | null;
  period: Period | null;
}

export const NO_FILTERS: ReportFilters = {
  q: '',
  categoryId: null,
  areaId: null,
  status: null,
  period: null,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_QUERY = 200;

export function statusGroupOf(status: string): StatusGroup {
  return (ANSWERED_STATES as readonly string[]).includes(status) ? 'answered' : 'open';
}

export function hasFilters(filters: ReportFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.categoryId !== null ||
    filters.areaId !== null ||
    filters.status !== null ||
    filters.period !== null
  );
}

/** The query part of a location hash (`#/phan-anh?status=open` → `status=open`). */
export function hashQuery(hash: string): string {
  const at = hash.indexOf('?');
  return at === -1 ? '' : hash.slice(at + 1);
}

/** Filters and view from the address; anything malformed (a hand-edited link) is ignored, not an error. */
export function filtersFromQuery(query: string): { filters: ReportFilters; view: ReportsView } {
  const params = new URLSearchParams(query);
  const id = (name: string) => {
    const value = params.get(name);
    return value !== null && UUID.test(value) ? value.toLowerCase() : null;
  };
  const status = params.get('status');
  const period = params.get('period');
  return {
    filters: {
      q: (params.get('q') ?? '').trim().slice(0, MAX_QUERY),
      categoryId: id('category'),
      areaId: id('area'),
      status: status === 'open' || status === 'answered' ? status : null,
      period: (PERIODS as readonly string[]).includes(period ?? '') ? (period as Period) : null,
    },
    view: params.get('view') === 'map' ? 'map' : 'list',
  };
}

/** The address's query for filters and view; defaults are left out, so an unfiltered list is plain `#/phan-anh`. */
export function queryFromFilters(filters: ReportFilters, view: ReportsView): string {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q.trim());
  if (filters.categoryId !== null) params.set('category', filters.categoryId);
  if (filters.areaId !== null) params.set('area', filters.areaId);
  if (filters.status !== null) params.set('status', filters.status);
  if (filters.period !== null) params.set('period', filters.period);
  if (view === 'map') params.set('view', 'map');
  return params.toString();
}

/** `YYYY-MM-DD` of `date` in Vietnam (UTC+7 all year). */
function vietnamDate(date: Date): string {
  return new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The query of `GET /api/v1/public/reports` for these filters (without paging). */
export function listParams(filters: ReportFilters, now: Date = new Date()): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q.trim());
  if (filters.categoryId !== null) params.set('categoryId', filters.categoryId);
  if (filters.areaId !== null) params.set('areaId', filters.areaId);
  const states =
    filters.status === 'open' ? OPEN_STATES : filters.status === 'answered' ? ANSWERED_STATES : [];
  for (const state of states) params.append('status', state);
  if (filters.period !== null) {
    // Today counts as one of the days: "7 days" is today and the six before.
    const from = new Date(now.getTime() - (PERIOD_DAYS[filters.period] - 1) * 86_400_000);
    params.set('from', vietnamDate(from));
  }
  return params;
}

/** What the map can follow of the filters: the category and the status group (the API has no more). */
export function mapFilters(filters: ReportFilters): { categoryId: string | null; answered: boolean | null } {
  return {
    categoryId: filters.categoryId,
    answered: filters.status === null ? null : filters.status === 'answered',
  };
}
