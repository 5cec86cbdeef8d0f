import { describe, expect, it } from 'vitest';
import { leapMonth, lunarToSolar, publicHolidays, solarToLunar } from '../../src/platform/calendar/index.js';

describe('lunar calendar (UTC+7)', () => {
  it.each([
    [2023, { year: 2023, month: 1, day: 22 }],
    [2024, { year: 2024, month: 2, day: 10 }],
    [2025, { year: 2025, month: 1, day: 29 }],
    [2026, { year: 2026, month: 2, day: 17 }],
    [2027, { year: 2027, month: 2, day: 6 }],
    [2033, { year: 2033, month: 1, day: 31 }],
  ])('Tết %i', (year, expected) => {
    expect(lunarToSolar(year, 1, 1)).toEqual(expected);
    expect(solarToLunar(expected.year, expected.month, expected.day)).toEqual({
      year,
      month: 1,
      day: 1,
      leap: false,
    });
  });

  // Years when Vietnam's Tết differs from China's because the new moon falls between 23:00 and
  // midnight Vietnam time (China: 2007-02-18, 2030-02-03, 2053-02-19; 1985: a month later).
  it.each([
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2030, '2030-02-02'],
    [2053, '2053-02-18'],
  ])('Vietnamese Tết %i', (year, date) => {
    const { month, day } = lunarToSolar(year, 1, 1);
    expect(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).toBe(date);
  });

  it('places Giỗ Tổ Hùng Vương (10/3)', () => {
    expect(lunarToSolar(2025, 3, 10)).toEqual({ year: 2025, month: 4, day: 7 });
    expect(lunarToSolar(2026, 3, 10)).toEqual({ year: 2026, month: 4, day: 26 });
    expect(lunarToSolar(2024, 3, 10)).toEqual({ year: 2024, month: 4, day: 18 });
  });

  it('finds leap months', () => {
    expect(leapMonth(2020)).toBe(4);
    expect(leapMonth(2023)).toBe(2);
    expect(leapMonth(2024)).toBeNull();
    expect(leapMonth(2025)).toBe(6);
    expect(leapMonth(2028)).toBe(5);
    expect(leapMonth(2033)).toBe(11);
    expect(solarToLunar(2025, 7, 25)).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(lunarToSolar(2025, 6, 1, true)).toEqual({ year: 2025, month: 7, day: 25 });
    expect(lunarToSolar(2025, 6, 1)).toEqual({ year: 2025, month: 6, day: 25 });
    expect(lunarToSolar(2023, 2, 1, true)).toEqual({ year: 2023, month: 3, day: 22 });
  });

  it('knows the last day of the lunar year', () => {
    // 2024 had a "30 Tết"; 2025 and 2026 did not: month 12 had 29 days.
    expect(solarToLunar(2024, 2, 9)).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(solarToLunar(2025, 1, 28)).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(solarToLunar(2026, 2, 16)).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError);
  });

  it('rejects dates that do not exist', () => {
    expect(() => lunarToSolar(2024, 6, 1, true)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 5, 1, true)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => solarToLunar(2025, 2, 29)).toThrow(RangeError);
    expect(() => lunarToSolar(1700, 1, 1)).toThrow(RangeError);
  });

  it('round-trips every day from 2000 to 2060', () => {
    for (let time = Date.UTC(2000, 0, 1); time < Date.UTC(2061, 0, 1); time += 86_400_000) {
      const date = new Date(time);
      const solar = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
      const lunar = solarToLunar(solar.year, solar.month, solar.day);
      expect(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap)).toEqual(solar);
    }
  });
});

describe('publicHolidays', () => {
  it('lists 2026', () => {
    expect(publicHolidays(2026).map((holiday) => holiday.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it('starts Tết on the last day of the lunar year, 29th or 30th', () => {
    const tet2027 = publicHolidays(2027).filter((holiday) => holiday.kind === 'lunar_new_year');
    expect(tet2027.map((holiday) => holiday.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    const tet2025 = publicHolidays(2025).filter((holiday) => holiday.kind === 'lunar_new_year');
    expect(tet2025[0]).toMatchObject({ date: '2025-01-28', name_en: 'Lunar New Year’s Eve' });
    expect(tet2025.at(-1)?.date).toBe('2025-02-01');
  });

  it('names every day in Vietnamese and English', () => {
    for (const holiday of publicHolidays(2025)) {
      expect(holiday.name_vi.length).toBeGreaterThan(0);
      expect(holiday.name_en.length).toBeGreaterThan(0);
    }
    expect(publicHolidays(2025).find((holiday) => holiday.kind === 'hung_kings')?.date).toBe('2025-04-07');
  });
});
