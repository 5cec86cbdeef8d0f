// The statistics page's address: periods in Vietnam's months, shareable links, and broken links caught.
import { describe, expect, it } from 'vitest';
import { addMonths, currentMonth, monthsBetween, parseStatsHash, periodRange, statsHash } from './query.js';

// 00:30 on 1 February 2026 in Vietnam, still January in UTC.
const NOW = new Date('2026-01-31T17:30:00Z');

describe('months', () => {
  it('counts the current month in Vietnam time, whatever the device’s zone', () => {
    expect(currentMonth(NOW)).toBe('2026-02');
    expect(currentMonth(new Date('2026-01-31T16:59:00Z'))).toBe('2026-01');
  });

  it('moves across years both ways', () => {
    expect(addMonths('2026-02', -11)).toBe('2025-03');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-01', -25)).toBe('2023-12');
  });

  it('lists the months of a range, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('turns each relative period into months', () => {
    expect(periodRange('this-month', NOW)).toEqual({ from: '2026-02', to: '2026-02' });
    expect(periodRange('this-year', NOW)).toEqual({ from: '2026-01', to: '2026-02' });
    expect(periodRange('last-12', NOW)).toEqual({ from: '2025-03', to: '2026-02' });
  });
});

describe('the address', () => {
  it('defaults to the last 12 months by agency', () => {
    expect(parseStatsHash('#/thong-ke', NOW)).toEqual({
      query: { period: 'last-12', groupBy: 'agency', from: '2025-03', to: '2026-02' },
      invalidLink: false,
    });
  });

  it('reads a relative period and a grouping, and writes them back without months', () => {
    const { query } = parseStatsHash('#/thong-ke?ky=nam-nay&theo=linh-vuc', NOW);
    expect(query).toEqual({ period: 'this-year', groupBy: 'category', from: '2026-01', to: '2026-02' });
    expect(statsHash(query)).toBe('#/thong-ke?ky=nam-nay&theo=linh-vuc');
  });

  it('keeps the months of a custom range', () => {
    const hash = '#/thong-ke?ky=tuy-chon&theo=thang&tu=2024-11&den=2025-02';
    const { query, invalidLink } = parseStatsHash(hash, NOW);
    expect(query).toEqual({ period: 'custom', groupBy: 'month', from: '2024-11', to: '2025-02' });
    expect(invalidLink).toBe(false);
    expect(statsHash(query)).toBe(hash);
  });

  it('falls back to the defaults for unknown words, and flags a custom range that is not one', () => {
    expect(parseStatsHash('#/thong-ke?ky=hom-qua&theo=xa', NOW)).toEqual({
      query: { period: 'last-12', groupBy: 'agency', from: '2025-03', to: '2026-02' },
      invalidLink: false,
    });
    for (const range of ['tu=2025-05&den=2025-04', 'tu=2025-13&den=2026-01', 'tu=2025-01', 'den=2025-01'])
      expect(parseStatsHash(`#/thong-ke?ky=tuy-chon&theo=dia-ban&${range}`, NOW)).toEqual({
        query: { period: 'last-12', groupBy: 'area', from: '2025-03', to: '2026-02' },
        invalidLink: true,
      });
  });
});
