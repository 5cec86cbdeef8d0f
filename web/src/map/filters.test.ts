// The reports page's filters in the address and in the API's query: shared links round-trip, hand-edited ones
// are cleaned, status groups become the API's states, periods count in Vietnam's days.
import { describe, expect, it } from 'vitest';
import {
  ANSWERED_STATES,
  filtersFromQuery,
  hashQuery,
  hasFilters,
  listParams,
  mapFilters,
  NO_FILTERS,
  OPEN_STATES,
  queryFromFilters,
  statusGroupOf,
} from './filters.js';

const CATEGORY = '0b5e7c2a-1d4f-4a8b-9c3e-2f6a7b8c9d0e';
const AREA = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('report filters', () => {
  it('round-trip through the address, defaults left out', () => {
    const filters = {
      q: 'đường Hùng Vương',
      categoryId: CATEGORY,
      areaId: AREA,
      status: 'open',
      period: '30d',
    } as const;
    const query = queryFromFilters(filters, 'map');
    expect(query).toBe(
      `q=%C4%91%C6%B0%E1%BB%9Dng+H%C3%B9ng+V%C6%B0%C6%A1ng&category=${CATEGORY}&area=${AREA}&status=open&period=30d&view=map`,
    );
    expect(filtersFromQuery(query)).toEqual({ filters, view: 'map' });
    expect(queryFromFilters(NO_FILTERS, 'list')).toBe('');
    expect(hashQuery(`#/phan-anh?${query}`)).toBe(query);
    expect(hashQuery('#/phan-anh')).toBe('');
  });

  it('ignore what a hand-edited link gets wrong rather than failing', () => {
    expect(
      filtersFromQuery('category=abc&area=1;drop&status=closed&period=2y&view=table&q=%20%20o%20ga%20'),
    ).toEqual({ filters: { ...NO_FILTERS, q: 'o ga' }, view: 'list' });
    expect(filtersFromQuery(`q=${'x'.repeat(300)}`).filters.q).toHaveLength(200);
    expect(filtersFromQuery(`category=${CATEGORY.toUpperCase()}`).filters.categoryId).toBe(CATEGORY);
  });

  it('say whether anything is filtered', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: '  ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, period: '7d' })).toBe(true);
  });

  it('ask the API for the states of a status group, and a period from a Vietnamese day', () => {
    // 23:30 on 10 March in UTC is already 11 March in Vietnam: "7 days" are 5–11 March there.
    const now = new Date('2026-03-10T23:30:00Z');
    const answered = listParams({ ...NO_FILTERS, status: 'answered', period: '7d', q: ' duong ' }, now);
    expect(answered.getAll('status')).toEqual([...ANSWERED_STATES]);
    expect(answered.get('from')).toBe('2026-03-05');
    expect(answered.get('q')).toBe('duong');
    expect(listParams({ ...NO_FILTERS, status: 'open' }, now).getAll('status')).toEqual([...OPEN_STATES]);
    expect(listParams({ ...NO_FILTERS, categoryId: CATEGORY, areaId: AREA }, now).toString()).toBe(
      `categoryId=${CATEGORY}&areaId=${AREA}`,
    );
  });

  it('give the map what it can follow, and group every listed state', () => {
    expect(mapFilters({ ...NO_FILTERS, categoryId: CATEGORY, status: 'answered' })).toEqual({
      categoryId: CATEGORY,
      answered: true,
    });
    expect(mapFilters({ ...NO_FILTERS, status: 'open' }).answered).toBe(false);
    expect(mapFilters(NO_FILTERS).answered).toBeNull();
    expect(OPEN_STATES.map(statusGroupOf)).toEqual(OPEN_STATES.map(() => 'open'));
    expect(ANSWERED_STATES.map(statusGroupOf)).toEqual(ANSWERED_STATES.map(() => 'answered'));
  });
});
