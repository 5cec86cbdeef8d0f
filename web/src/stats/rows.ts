// The statistics table's rows: named in the reader's language, months without reports filled in, and sorted.
import type { Lang } from '../i18n/index.js';
import type { FigureGroup, Figures } from './api.js';
import { monthsBetween, type StatsQuery } from './query.js';

/**
 * A rate over fewer than this many reports due (or ratings) is shown with its count and a note: one late
 * answer out of two reads as "50 % on time", which says little about an agency. The API gives the counts
 * (`cameDue`, `rated`); where to draw the line is the page's presentation choice.
 */
export const SMALL_SAMPLE = 5;

/** A rate that rests on too few cases to compare (but more than none, which shows as no rate at all). */
export function isSmallSample(count: number): boolean {
  return count > 0 && count < SMALL_SAMPLE;
}

export interface Row extends Figures {
  key: string | null;
  name: string;
}

export type SortColumn = 'name' | 'received' | 'handled' | 'onTime' | 'late' | 'satisfaction';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}

export const SORT_COLUMNS: readonly SortColumn[] = [
  'name',
  'received',
  'handled',
  'onTime',
  'late',
  'satisfaction',
];

const ZERO: Figures = {
  received: 0,
  handled: 0,
  rejected: 0,
  onTimeRate: null,
  satisfactionRate: null,
  cameDue: 0,
  late: 0,
  rated: 0,
};

const englishMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A month's name as the API writes it in Vietnamese (`Tháng 04/2025`), and shorter in English (`Apr 2025`). */
export function monthName(month: string, lang: Lang): string {
  const year = month.slice(0, 4);
  const mm = month.slice(5, 7);
  return lang === 'vi'
    ? `Tháng ${mm}/${year}`
    : englishMonth.format(new Date(Date.UTC(Number(year), Number(mm) - 1, 1)));
}

/**
 * The table's rows for the API's groups. By month, every month of the period has a row — a month without
 * reports shows zeros rather than disappearing from the chart and the table.
 */
export function toRows(groups: readonly FigureGroup[], query: StatsQuery, lang: Lang): Row[] {
  const named = (g: FigureGroup): Row => ({
    ...pickFigures(g),
    key: g.key,
    name: lang === 'vi' ? g.nameVi : g.nameEn,
  });
  if (query.groupBy !== 'month') return groups.map(named);
  const byMonth = new Map(groups.map((g) => [g.key?.slice(0, 7) ?? '', g]));
  return monthsBetween(query.from, query.to).map((month) => {
    const group = byMonth.get(month);
    return {
      ...(group ? pickFigures(group) : ZERO),
      key: `${month}-01`,
      name: monthName(month, lang),
    };
  });
}

function pickFigures(f: Figures): Figures {
  return {
    received: f.received,
    handled: f.handled,
    rejected: f.rejected,
    onTimeRate: f.onTimeRate,
    satisfactionRate: f.satisfactionRate,
    cameDue: f.cameDue,
    late: f.late,
    rated: f.rated,
  };
}

/** The sort a table starts with: months in order; other groups with the most reports first. */
export function defaultSort(query: StatsQuery): Sort {
  return query.groupBy === 'month'
    ? { column: 'name', direction: 'ascending' }
    : { column: 'received', direction: 'descending' };
}

/** A column's first click: names A to Z (months oldest first), figures largest first. */
export function firstDirection(column: SortColumn): SortDirection {
  return column === 'name' ? 'ascending' : 'descending';
}

/** The value a column sorts and charts by; null for a rate with nothing to take a share of. */
export function columnValue(row: Figures, column: Exclude<SortColumn, 'name'>): number | null {
  switch (column) {
    case 'received':
      return row.received;
    case 'handled':
      return row.handled;
    case 'onTime':
      return row.onTimeRate;
    case 'late':
      return row.late;
    case 'satisfaction':
      return row.satisfactionRate;
  }
}

const collators: Partial<Record<Lang, Intl.Collator>> = {};
function collator(lang: Lang): Intl.Collator {
  return (collators[lang] ??= new Intl.Collator(lang === 'vi' ? 'vi' : 'en-GB'));
}

/**
 * Rows in `sort` order. Rows without a rate go last either way (no figure is not a low figure), as does
 * "not determined" by name; ties keep name order so the table does not reshuffle between loads.
 */
export function sortRows(
  rows: readonly Row[],
  sort: Sort,
  groupBy: StatsQuery['groupBy'],
  lang: Lang,
): Row[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byName = (a: Row, b: Row): number => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    // Months by their key (chronological), not by their spelled-out name.
    return groupBy === 'month' ? a.key.localeCompare(b.key) : collator(lang).compare(a.name, b.name);
  };
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') {
      if (a.key === null || b.key === null) return byName(a, b);
      return sign * byName(a, b);
    }
    const x = columnValue(a, sort.column);
    const y = columnValue(b, sort.column);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}
