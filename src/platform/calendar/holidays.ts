// Public holidays (ngày nghỉ lễ, Tết) in Vietnam, computed for a solar year.
//
// Source: Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), article 112, in force since 2021-01-01:
//   a) Tết Dương lịch: 1 day (1 January);
//   b) Tết Âm lịch: 5 days;
//   c) Victory day: 1 day (30 April);
//   d) International Labour Day: 1 day (1 May);
//   đ) National Day: 2 days (2 September and 1 adjacent day, before or after);
//   e) Hùng Kings' Commemoration: 1 day (10th day of the 3rd lunar month).
//
// What this module does NOT decide, on purpose (the administrator records it as calendar exceptions,
// copied from the government's yearly announcement for civil servants):
// - Which 5 days make up Tết: the law says 5 days and the Prime Minister fixes them each year. We use
//   the usual pattern: the last day of the old lunar year (29th or 30th of month 12) through the 4th
//   day of the new year. The real schedule often differs (Tết 2026 for civil servants ran Saturday
//   14 to Sunday 22 February with compensatory days).
// - Which day adjoins 2 September: decided yearly; we use 1 September by default.
// - Compensatory days off (nghỉ bù): when a holiday falls on a weekly rest day, article 112(3) gives
//   the next working day off. Swapped working Saturdays (làm bù) also come from the yearly decision.
// The same rules are applied to years before 2021 (when National Day was 1 day); use exceptions if
// historical accuracy matters.
import { fromJulianDayNumber, julianDayNumber, lunarToSolar } from './lunar.js';

/** Which holiday of article 112 a day belongs to. */
export type HolidayKind =
  'new_year' | 'lunar_new_year' | 'victory_day' | 'labour_day' | 'national_day' | 'hung_kings';

export interface Holiday {
  /** The civil date in Vietnam, `YYYY-MM-DD`. */
  date: string;
  name_vi: string;
  name_en: string;
  kind: HolidayKind;
}

/** ISO `YYYY-MM-DD` of a date given by its parts. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The public holidays of a solar year in date order, one entry per day off. */
export function publicHolidays(year: number): Holiday[] {
  const holidays: Holiday[] = [
    { date: isoDate(year, 1, 1), name_vi: 'Tết Dương lịch', name_en: "New Year's Day", kind: 'new_year' },
  ];

  // Tết always falls between 21 January and 20 February, so its 5 days are inside the same solar year.
  const newYear = lunarToSolar(year, 1, 1);
  const firstDay = julianDayNumber(newYear.year, newYear.month, newYear.day);
  const tetNames = [
    ['Tất niên (ngày cuối năm Âm lịch)', 'Lunar New Year’s Eve'],
    ['Mùng 1 Tết Nguyên đán', 'Lunar New Year, day 1'],
    ['Mùng 2 Tết Nguyên đán', 'Lunar New Year, day 2'],
    ['Mùng 3 Tết Nguyên đán', 'Lunar New Year, day 3'],
    ['Mùng 4 Tết Nguyên đán', 'Lunar New Year, day 4'],
  ] as const;
  tetNames.forEach(([nameVi, nameEn], index) => {
    const solar = fromJulianDayNumber(firstDay - 1 + index);
    holidays.push({
      date: isoDate(solar.year, solar.month, solar.day),
      name_vi: nameVi,
      name_en: nameEn,
      kind: 'lunar_new_year',
    });
  });

  const hungKings = lunarToSolar(year, 3, 10);
  holidays.push(
    {
      date: isoDate(hungKings.year, hungKings.month, hungKings.day),
      name_vi: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)',
      name_en: "Hùng Kings' Commemoration Day",
      kind: 'hung_kings',
    },
    {
      date: isoDate(year, 4, 30),
      name_vi: 'Ngày Chiến thắng (30/4)',
      name_en: 'Reunification Day',
      kind: 'victory_day',
    },
    {
      date: isoDate(year, 5, 1),
      name_vi: 'Ngày Quốc tế Lao động (1/5)',
      name_en: 'International Labour Day',
      kind: 'labour_day',
    },
    {
      date: isoDate(year, 9, 1),
      name_vi: 'Nghỉ Quốc khánh (ngày liền kề 2/9)',
      name_en: 'National Day holiday (adjacent day)',
      kind: 'national_day',
    },
    { date: isoDate(year, 9, 2), name_vi: 'Quốc khánh (2/9)', name_en: 'National Day', kind: 'national_day' },
  );
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}
