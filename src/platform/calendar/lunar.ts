// Vietnamese lunisolar calendar (âm lịch): conversion between solar (Gregorian) and lunar dates.
//
// This is the astronomical method described by Hồ Ngọc Đức ("Thuật toán tính âm lịch"), which matches
// the calendar published in Vietnam: the same rules as the Chinese calendar, but every astronomical
// event is placed in the UTC+7 time zone instead of UTC+8, which is why Tết occasionally falls on a
// different day in Vietnam and China (e.g. 1985, 2007).
//
// Rules, in short:
// 1. A lunar month starts on the local day (UTC+7) that contains a new moon.
// 2. Month 11 is the month that contains the winter solstice (sun longitude 270°).
// 3. If there are 13 new moons between two consecutive month-11 starts, the year has a leap month:
//    the first month after month 11 that contains no major solar term (sun longitude a multiple of 30°)
//    is the leap month and takes the number of the month before it.
//
// New moons use the series from Jean Meeus, "Astronomical Algorithms"; the sun longitude is the
// low-precision formula from the same book. Accurate enough for civil dates 1800–2199.

/** A lunar date; `leap` is true in a leap month (tháng nhuận). */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** A solar (Gregorian) calendar date. */
export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

/** Vietnam's legal time, in hours east of UTC, at which lunar months and solar terms are counted. */
const VIETNAM_UTC_OFFSET_HOURS = 7;
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;

/** Mean length of a synodic month, in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the mean new moon of 1900-01-01 (k = 0 in the Meeus series). */
const NEW_MOON_EPOCH = 2415021.076998695;
/** Julian day number of 1970-01-01. */
const UNIX_EPOCH_JDN = 2440588;
const MS_PER_DAY = 86_400_000;
const RADIAN = Math.PI / 180;

/** Julian day number of a Gregorian date (days are counted from noon, so this is an integer). */
export function julianDayNumber(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.floor(utc.getTime() / MS_PER_DAY) + UNIX_EPOCH_JDN;
}

/** The Gregorian date of a Julian day number. */
export function fromJulianDayNumber(jdn: number): SolarDate {
  const utc = new Date((jdn - UNIX_EPOCH_JDN) * MS_PER_DAY);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

/**
 * Periodic corrections from mean to true new moon (Meeus): coefficient and the multiples of the sun's
 * mean anomaly M, the moon's mean anomaly M′ and the moon's argument of latitude F.
 */
const NEW_MOON_TERMS: readonly (readonly [coefficient: number, m: number, mPrime: number, f: number])[] = [
  [0.0021, 2, 0, 0],
  [-0.4068, 0, 1, 0],
  [0.0161, 0, 2, 0],
  [-0.0004, 0, 3, 0],
  [0.0104, 0, 0, 2],
  [-0.0051, 1, 1, 0],
  [-0.0074, 1, -1, 0],
  [0.0004, 1, 0, 2],
  [-0.0004, -1, 0, 2],
  [-0.0006, 0, 1, 2],
  [0.001, 0, -1, 2],
  [0.0005, 1, 2, 0],
];

/** The Julian day number of the local (UTC+7) day containing the k-th new moon after 1900-01-01. */
function newMoonDay(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900-01-01
  const t2 = t * t;
  const t3 = t2 * t;
  const meanNewMoon =
    2415020.75933 +
    29.53058868 * k +
    0.0001178 * t2 -
    0.000000155 * t3 +
    0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RADIAN);
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RADIAN;
  const mPrime = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RADIAN;
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RADIAN;
  let correction = (0.1734 - 0.000393 * t) * Math.sin(m);
  for (const [coefficient, cm, cmPrime, cf] of NEW_MOON_TERMS) {
    correction += coefficient * Math.sin(cm * m + cmPrime * mPrime + cf * f);
  }
  // ΔT (terrestrial minus universal time), in days.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  const newMoonUt = meanNewMoon + correction - deltaT;
  return Math.floor(newMoonUt + 0.5 + VIETNAM_UTC_OFFSET_HOURS / 24);
}

/**
 * Which 30° sector (0–11) of the ecliptic the sun is in at the start of the local day `jdn`;
 * sector 0 starts at the spring equinox, sector 9 at the winter solstice.
 */
function sunSector(jdn: number): number {
  const t = (jdn - 2451545.5 - VIETNAM_UTC_OFFSET_HOURS / 24) / 36525; // centuries since J2000
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RADIAN;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (((meanLongitude + centre) % 360) + 360) % 360;
  return Math.floor(longitude / 30);
}

/** The index k of the new moon on or nearest to a month start. */
function newMoonIndex(monthStart: number): number {
  return Math.round((monthStart - NEW_MOON_EPOCH) / SYNODIC_MONTH);
}

/** Julian day number of the first day of lunar month 11 (the month holding the winter solstice) of `year`. */
function month11Start(year: number): number {
  const k = Math.floor((julianDayNumber(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const candidate = newMoonDay(k);
  // The solstice already passed at this new moon: month 11 is the one before.
  return sunSector(candidate) >= 9 ? newMoonDay(k - 1) : candidate;
}

/**
 * For a 13-month span starting at `start11` (a month-11 start), the offset in months from month 11 of
 * the leap month: the first month that contains no major solar term, i.e. the sun is in the same
 * sector at its start as at the start of the next month.
 */
function leapMonthOffset(start11: number): number {
  const k = newMoonIndex(start11);
  let previous = sunSector(newMoonDay(k + 1));
  for (let offset = 1; offset < 13; offset++) {
    const next = sunSector(newMoonDay(k + offset + 1));
    if (next === previous) return offset;
    previous = next;
  }
  return 13;
}

/** A span from one month 11 to the next, with its leap month offset if it has 13 months. */
interface LunarSpan {
  start: number;
  leapOffset: number | null;
}

function spanFrom(year: number): LunarSpan {
  const start = month11Start(year);
  const end = month11Start(year + 1);
  return { start, leapOffset: end - start > 365 ? leapMonthOffset(start) : null };
}

/** Month number (1–12) of the regular month `offset` months after month 11. */
function monthNumber(regularOffset: number): number {
  return ((regularOffset + 10) % 12) + 1;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

/**
 * The leap month (1–12) of lunar year `year`, or null when the year has 12 months. A leap month 11 or
 * 12 counts as belonging to the lunar year of the month 11 it follows.
 */
export function leapMonth(year: number): number | null {
  checkYear(year);
  // Months 1–10 of `year` are in the span from month 11 of the previous year; 11–12 in the next span.
  const before = spanFrom(year - 1);
  if (before.leapOffset !== null && before.leapOffset >= 3) return monthNumber(before.leapOffset - 1);
  const after = spanFrom(year);
  if (after.leapOffset !== null && after.leapOffset <= 2) return monthNumber(after.leapOffset - 1);
  return null;
}

/** Converts a solar date to the Vietnamese lunar date. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  checkYear(year);
  const jdn = julianDayNumber(year, month, day);
  const check = fromJulianDayNumber(jdn);
  if (check.year !== year || check.month !== month || check.day !== day) {
    throw new RangeError(`Not a valid date: ${year}-${month}-${day}`);
  }
  // The true new moon can be up to about 14 hours away from the mean one, so step back as needed.
  let k = Math.floor((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k) > jdn) k -= 1;
  const monthStart = newMoonDay(k);

  const spanYear = month11Start(year) <= monthStart ? year : year - 1;
  const span = spanFrom(spanYear);
  let offset = Math.round((monthStart - span.start) / SYNODIC_MONTH);
  let leap = false;
  if (span.leapOffset !== null && offset >= span.leapOffset) {
    leap = offset === span.leapOffset;
    offset -= 1;
  }
  return {
    year: offset < 2 ? spanYear : spanYear + 1,
    month: monthNumber(offset),
    day: jdn - monthStart + 1,
    leap,
  };
}

/**
 * Converts a Vietnamese lunar date to the solar date. Throws a RangeError for a date that does not
 * exist: day 30 of a 29-day month, or `leap` for a month that is not the year's leap month.
 */
export function lunarToSolar(year: number, month: number, day: number, leap = false): SolarDate {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`Not a valid lunar date: ${day}/${month}/${year}`);
  }
  const span = month >= 11 ? spanFrom(year) : spanFrom(year - 1);
  let offset = month >= 11 ? month - 11 : month + 1;
  if (leap) {
    if (span.leapOffset === null || span.leapOffset - 1 !== offset) {
      throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    }
    offset += 1;
  } else if (span.leapOffset !== null && offset >= span.leapOffset) {
    offset += 1;
  }
  const k = newMoonIndex(span.start) + offset;
  const monthStart = newMoonDay(k);
  const length = newMoonDay(k + 1) - monthStart;
  if (day > length) {
    throw new RangeError(`Lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has only ${length} days`);
  }
  return fromJulianDayNumber(monthStart + day - 1);
}
