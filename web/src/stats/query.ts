// What the statistics page shows — a period and a grouping — read from and written to the address
// (`#/thong-ke?ky=nam-nay&theo=linh-vuc`), so that a link shows someone else the same figures.

/** A period relative to today (a link shared next month shows next month's "this month"), or fixed months. */
export type Period = 'this-month' | 'this-year' | 'last-12' | 'custom';
export type Grouping = 'agency' | 'area' | 'category' | 'month';

export const PERIODS: readonly Period[] = ['this-month', 'this-year', 'last-12', 'custom'];
export const GROUPINGS: readonly Grouping[] = ['agency', 'area', 'category', 'month'];

/** The words in the address, Vietnamese like the page paths. */
const PERIOD_SLUGS: Readonly<Record<Period, string>> = {
  'this-month': 'thang-nay',
  'this-year': 'nam-nay',
  'last-12': '12-thang',
  custom: 'tuy-chon',
};
const GROUPING_SLUGS: Readonly<Record<Grouping, string>> = {
  agency: 'co-quan',
  area: 'dia-ban',
  category: 'linh-vuc',
  month: 'thang',
};

export const STATS_PATH = '/thong-ke';
export const DEFAULT_PERIOD: Exclude<Period, 'custom'> = 'last-12';
export const DEFAULT_GROUPING: Grouping = 'agency';

/** What the page asks the API for: a grouping and a range of whole months (`YYYY-MM`), both ends included. */
export interface StatsQuery {
  period: Period;
  groupBy: Grouping;
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

const vietnamMonth = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
});

/** The month it is in Vietnam at `now` (the figures count months in Vietnam time), e.g. `2026-02`. */
export function currentMonth(now: Date): string {
  const parts = new Map(vietnamMonth.formatToParts(now).map(({ type, value }) => [type, value]));
  return `${parts.get('year') ?? ''}-${parts.get('month') ?? ''}`;
}

/** `month` moved by `count` months: `addMonths('2026-02', -11)` → `2025-03`. */
export function addMonths(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included (none when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 1200; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The months a relative period covers at `now`. */
export function periodRange(period: Exclude<Period, 'custom'>, now: Date): { from: string; to: string } {
  const to = currentMonth(now);
  switch (period) {
    case 'this-month':
      return { from: to, to };
    case 'this-year':
      return { from: `${to.slice(0, 4)}-01`, to };
    case 'last-12':
      return { from: addMonths(to, -11), to };
  }
}

function keyOf<K extends string>(slugs: Readonly<Record<K, string>>, slug: string | null): K | undefined {
  return (Object.keys(slugs) as K[]).find((k) => slugs[k] === slug);
}

/**
 * The query an address asks for. Unknown words fall back to the defaults; a custom range that is not two
 * valid months in order falls back to the default period, and `invalidLink` says so (the page tells the
 * person rather than silently showing other figures).
 */
export function parseStatsHash(hash: string, now: Date): { query: StatsQuery; invalidLink: boolean } {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
  const groupBy = keyOf(GROUPING_SLUGS, params.get('theo')) ?? DEFAULT_GROUPING;
  const period = keyOf(PERIOD_SLUGS, params.get('ky'));
  if (period === 'custom') {
    const from = params.get('tu') ?? '';
    const to = params.get('den') ?? '';
    if (isMonth(from) && isMonth(to) && from <= to)
      return { query: { period, groupBy, from, to }, invalidLink: false };
    return {
      query: { period: DEFAULT_PERIOD, groupBy, ...periodRange(DEFAULT_PERIOD, now) },
      invalidLink: true,
    };
  }
  const relative = period ?? DEFAULT_PERIOD;
  return { query: { period: relative, groupBy, ...periodRange(relative, now) }, invalidLink: false };
}

/** The address of `query`: relative periods without their months, so the link stays relative. */
export function statsHash(query: StatsQuery): string {
  const params = new URLSearchParams({ ky: PERIOD_SLUGS[query.period], theo: GROUPING_SLUGS[query.groupBy] });
  if (query.period === 'custom') {
    params.set('tu', query.from);
    params.set('den', query.to);
  }
  return `#${STATS_PATH}?${params.toString()}`;
}
