// What the officers' statistics page shows — a period, a grouping and filters — read from and written to the
// address (`#/can-bo/thong-ke?ky=nam-nay&theo=trang-thai&co-quan=…`), so a link shows a colleague the same figures.
// Periods are the public statistics page's (query.ts), months in Vietnam time.
import { DEFAULT_PERIOD, isMonth, periodRange, type Period } from './query.js';

export type LeaderGrouping = 'agency' | 'category' | 'area' | 'status' | 'month';
export const LEADER_GROUPINGS: readonly LeaderGrouping[] = ['agency', 'category', 'area', 'status', 'month'];

export const LEADER_STATS_PATH = '/can-bo/thong-ke';

const PERIOD_SLUGS: Readonly<Record<Period, string>> = {
  'this-month': 'thang-nay',
  'this-year': 'nam-nay',
  'last-12': '12-thang',
  custom: 'tuy-chon',
};
const GROUPING_SLUGS: Readonly<Record<LeaderGrouping, string>> = {
  agency: 'co-quan',
  category: 'linh-vuc',
  area: 'dia-ban',
  status: 'trang-thai',
  month: 'thang',
};

export interface LeaderQuery {
  period: Period;
  groupBy: LeaderGrouping;
  /** Whole months, `YYYY-MM`, both included. */
  from: string;
  to: string;
  agencyId: string | null;
  categoryId: string | null;
  areaId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keyOf<K extends string>(slugs: Readonly<Record<K, string>>, slug: string | null): K | undefined {
  return (Object.keys(slugs) as K[]).find((k) => slugs[k] === slug);
}

/**
 * The query an address asks for: unknown words fall back to the defaults, a malformed id to "all"; a custom range
 * that is not two months in order falls back to the default period and `invalidLink` says so.
 */
export function parseLeaderHash(hash: string, now: Date): { query: LeaderQuery; invalidLink: boolean } {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
  const id = (name: string) => {
    const value = params.get(name);
    return value !== null && UUID.test(value) ? value.toLowerCase() : null;
  };
  const base = {
    groupBy: keyOf(GROUPING_SLUGS, params.get('theo')) ?? 'agency',
    agencyId: id('co-quan'),
    categoryId: id('linh-vuc'),
    areaId: id('dia-ban'),
  };
  const period = keyOf(PERIOD_SLUGS, params.get('ky'));
  if (period === 'custom') {
    const from = params.get('tu') ?? '';
    const to = params.get('den') ?? '';
    if (isMonth(from) && isMonth(to) && from <= to)
      return { query: { ...base, period, from, to }, invalidLink: false };
    return {
      query: { ...base, period: DEFAULT_PERIOD, ...periodRange(DEFAULT_PERIOD, now) },
      invalidLink: true,
    };
  }
  const relative = period ?? DEFAULT_PERIOD;
  return { query: { ...base, period: relative, ...periodRange(relative, now) }, invalidLink: false };
}

/** The address of `query`: a relative period without its months, so the link stays relative. */
export function leaderHash(query: LeaderQuery): string {
  const params = new URLSearchParams({ ky: PERIOD_SLUGS[query.period], theo: GROUPING_SLUGS[query.groupBy] });
  if (query.period === 'custom') {
    params.set('tu', query.from);
    params.set('den', query.to);
  }
  if (query.agencyId !== null) params.set('co-quan', query.agencyId);
  if (query.categoryId !== null) params.set('linh-vuc', query.categoryId);
  if (query.areaId !== null) params.set('dia-ban', query.areaId);
  return `#${LEADER_STATS_PATH}?${params.toString()}`;
}

/** The API's parameters for `query` (the JSON and both files take the same ones). */
export function apiParams(query: LeaderQuery): URLSearchParams {
  const params = new URLSearchParams({ groupBy: query.groupBy, from: query.from, to: query.to });
  if (query.agencyId !== null) params.set('agencyId', query.agencyId);
  if (query.categoryId !== null) params.set('categoryId', query.categoryId);
  if (query.areaId !== null) params.set('areaId', query.areaId);
  return params;
}
