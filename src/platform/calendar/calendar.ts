// Working-time arithmetic for deadlines: working days and office hours in a fixed time zone.
//
// Everything is computed in the calendar's time zone (Vietnam: UTC+7, no daylight saving), never in
// the process time zone, so results are the same on a server running in UTC.
import { isoDate, publicHolidays } from './holidays.js';

/** Vietnam's time zone: deadlines, dates shown to users and "today" are all counted in it. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** One office period of a working day, as local `HH:mm` times; `end` may be `24:00`. */
export interface OfficePeriod {
  start: string;
  end: string;
}

/** An administrator's override for one date: a compensatory day off, or a swapped working Saturday. */
export interface CalendarException {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  kind: 'day_off' | 'working_day';
  note?: string;
}

export interface WorkCalendarConfig {
  /** IANA time zone; defaults to {@link TIME_ZONE}. */
  timeZone?: string;
  /** Office periods of a working day, in order; defaults to {@link DEFAULT_OFFICE_HOURS}. */
  officeHours?: readonly OfficePeriod[];
  /** ISO weekdays that are working days (Monday = 1 … Sunday = 7); defaults to Monday–Friday. */
  workWeek?: readonly number[];
  /** The holidays of a year; defaults to {@link publicHolidays}. Pass `() => []` for none. */
  holidays?: (year: number) => readonly { date: string }[];
  /** Per-date overrides; they win over holidays and the work week. */
  exceptions?: readonly CalendarException[];
}

/**
 * Office hours of state agencies: civil servants work 8 hours a day, Monday to Friday (Decision
 * 188/1999/QĐ-TTg); each province sets the hours, and 7:30–11:30, 13:30–17:00 is a common choice.
 */
export const DEFAULT_OFFICE_HOURS: readonly OfficePeriod[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];
export const DEFAULT_WORK_WEEK: readonly number[] = [1, 2, 3, 4, 5];

/** The wall-clock reading of an instant in a time zone; `weekday` is ISO (Monday = 1). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** A calendar with no working day for this long is misconfigured; stop instead of looping forever. */
const MAX_SCAN_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function checkInstant(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  return time;
}

/**
 * Vietnam has kept UTC+07:00 without daylight saving since 13 June 1975 (tzdata), so from then on its wall
 * clock is plain arithmetic — Intl's formatToParts costs a few microseconds a call on every request path.
 */
const VIETNAM_FIXED_SINCE = Date.UTC(1975, 5, 13);
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The wall-clock date and time of `instant` in `timeZone`, whatever the process time zone is. */
export function localDateParts(instant: Date, timeZone: string = TIME_ZONE): LocalDateTime {
  const time = checkInstant(instant);
  if (timeZone === TIME_ZONE && time >= VIETNAM_FIXED_SINCE) {
    const wall = new Date(time + VIETNAM_OFFSET_MS);
    const weekday = wall.getUTCDay();
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
      weekday: weekday === 0 ? 7 : weekday,
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((time % 1000) + 1000) % 1000,
    weekday: weekday === 0 ? 7 : weekday,
  };
}

/** The local date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string = TIME_ZONE): string {
  const { year, month, day } = localDateParts(instant, timeZone);
  return isoDate(year, month, day);
}

/** Milliseconds to add to UTC to get the wall clock of `timeZone` at `time`. */
function utcOffset(time: number, timeZone: string): number {
  const local = localDateParts(new Date(time), timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wall - (time - local.millisecond);
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` (`YYYY-MM-DD`) plus `minuteOfDay`
 * minutes. In a zone with daylight saving, a time skipped by the change resolves to after the change.
 */
export function zonedTimeToInstant(date: string, minuteOfDay: number, timeZone: string = TIME_ZONE): Date {
  const wall = dayNumber(date) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  const firstGuess = wall - utcOffset(wall, timeZone);
  const offset = utcOffset(firstGuess, timeZone);
  return new Date(wall - offset);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date `YYYY-MM-DD`; throws a RangeError if it is not a real date. */
function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    const time = Date.UTC(year, month - 1, day);
    const check = new Date(time);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return time / MS_PER_DAY;
    }
  }
  throw new RangeError(`Not a date in the form YYYY-MM-DD: ${date}`);
}

function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const HH_MM = /^(\d{2}):(\d{2})$/;

function minuteOfDay(time: string): number {
  const match = HH_MM.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) {
    throw new RangeError(`Not a time in the form HH:mm: ${time}`);
  }
  return hours * 60 + minutes;
}

/**
 * A working-day calendar. Immutable: when an administrator edits the exceptions, build a new one.
 */
export class WorkCalendar {
  readonly timeZone: string;
  /** Office periods as [start, end) minutes of the local day, in order. */
  private readonly periods: readonly (readonly [number, number])[];
  private readonly workWeek: ReadonlySet<number>;
  private readonly holidaysOf: (year: number) => readonly { date: string }[];
  private readonly exceptions: ReadonlyMap<string, CalendarException['kind']>;
  private readonly holidayCache = new Map<number, ReadonlySet<string>>();
  /** Office periods of each day as instants (ms), memoized: the calendar never changes. */
  private readonly periodCache = new Map<number, readonly (readonly [number, number])[]>();

  constructor(config: WorkCalendarConfig = {}) {
    this.timeZone = config.timeZone ?? TIME_ZONE;
    formatterFor(this.timeZone); // throws a RangeError for an unknown time zone

    const periods = (config.officeHours ?? DEFAULT_OFFICE_HOURS).map(
      ({ start, end }) => [minuteOfDay(start), minuteOfDay(end)] as const,
    );
    if (periods.length === 0) throw new RangeError('Office hours must have at least one period');
    periods.forEach(([start, end], index) => {
      const previousEnd = periods[index - 1]?.[1] ?? 0;
      if (start >= end || start < previousEnd) {
        throw new RangeError('Office periods must be non-empty, in order and not overlapping');
      }
    });
    this.periods = periods;

    const workWeek = config.workWeek ?? DEFAULT_WORK_WEEK;
    if (workWeek.length === 0 || workWeek.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
      throw new RangeError('The work week must list ISO weekdays 1 (Monday) to 7 (Sunday)');
    }
    this.workWeek = new Set(workWeek);
    this.holidaysOf = config.holidays ?? publicHolidays;

    const exceptions = new Map<string, CalendarException['kind']>();
    for (const exception of config.exceptions ?? []) {
      dayNumber(exception.date);
      if (exceptions.has(exception.date)) {
        throw new RangeError(`More than one calendar exception for ${exception.date}`);
      }
      exceptions.set(exception.date, exception.kind);
    }
    this.exceptions = exceptions;
  }

  /**
   * The office periods of a working day as [start, end) minutes after local midnight, for code that counts
   * working time elsewhere (in SQL, over many reports at once) and must agree with {@link workingTimeBetween}.
   */
  get officePeriodMinutes(): readonly (readonly [number, number])[] {
    return this.periods;
  }

  /** Whether `date` (`YYYY-MM-DD`) is a working day: exceptions first, then holidays, then the work week. */
  isWorkingDay(date: string): boolean {
    const day = dayNumber(date);
    const exception = this.exceptions.get(date);
    if (exception !== undefined) return exception === 'working_day';
    if (this.holidaySet(Number(date.slice(0, 4))).has(date)) return false;
    const weekday = new Date(day * MS_PER_DAY).getUTCDay();
    return this.workWeek.has(weekday === 0 ? 7 : weekday);
  }

  /**
   * The deadline for "within `n` working days from receipt" (trong thời hạn n ngày làm việc kể từ
   * ngày nhận): the end of office hours (17:00 by default, local time) of the n-th working day after
   * the day of `start`. As in the Civil Code 2015 (art. 147), the day of receipt itself is not
   * counted, whatever the hour of receipt and even if it is not a working day. We end at the close of
   * office hours rather than at midnight because agencies cannot act after it. `n` is a whole number ≥ 1.
   */
  addWorkingDays(start: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Working days must be a whole number ≥ 1: ${n}`);
    let day = dayNumber(localDate(start, this.timeZone));
    let counted = 0;
    for (let scanned = 0; counted < n; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new Error('The calendar has no working day in ten years');
      day += 1;
      if (this.isWorkingDay(dateOfDayNumber(day))) counted += 1;
    }
    const closing = this.periods[this.periods.length - 1]?.[1] ?? 0;
    return zonedTimeToInstant(dateOfDayNumber(day), closing, this.timeZone);
  }

  /**
   * The earliest instant by which `hours` of office time have passed since `start`. Time outside office
   * periods (nights, lunch break, days off) does not count, so a start outside office hours begins
   * counting at the next office period; a period's end is returned as is (11:30, not 13:30).
   */
  addWorkingHours(start: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Working hours must be ≥ 0: ${hours}`);
    let cursor = checkInstant(start);
    let remaining = Math.round(hours * 60 * MS_PER_MINUTE);
    if (remaining === 0) return new Date(cursor);
    let day = dayNumber(localDate(start, this.timeZone));
    for (let scanned = 0; scanned <= MAX_SCAN_DAYS; scanned++, day++) {
      for (const [periodStart, periodEnd] of this.officePeriods(day)) {
        cursor = Math.max(cursor, periodStart);
        if (cursor >= periodEnd) continue;
        if (periodEnd - cursor >= remaining) return new Date(cursor + remaining);
        remaining -= periodEnd - cursor;
        cursor = periodEnd;
      }
    }
    throw new Error('The calendar has no working day in ten years');
  }

  /** Whole minutes of office time between two instants (0 when `to` is not after `from`). */
  workingTimeBetween(from: Date, to: Date): number {
    const start = checkInstant(from);
    const end = checkInstant(to);
    if (end <= start) return 0;
    let total = 0;
    const lastDay = dayNumber(localDate(to, this.timeZone));
    for (let day = dayNumber(localDate(from, this.timeZone)); day <= lastDay; day++) {
      for (const [periodStart, periodEnd] of this.officePeriods(day)) {
        total += Math.max(0, Math.min(end, periodEnd) - Math.max(start, periodStart));
      }
    }
    return Math.floor(total / MS_PER_MINUTE);
  }

  private holidaySet(year: number): ReadonlySet<string> {
    let set = this.holidayCache.get(year);
    if (!set) {
      set = new Set(this.holidaysOf(year).map((holiday) => holiday.date));
      this.holidayCache.set(year, set);
    }
    return set;
  }

  /** The office periods of a day (days since 1970-01-01) as [start, end) instants; none on a day off. */
  private officePeriods(day: number): readonly (readonly [number, number])[] {
    let periods = this.periodCache.get(day);
    if (!periods) {
      const date = dateOfDayNumber(day);
      periods = this.isWorkingDay(date)
        ? this.periods.map(
            ([start, end]) =>
              [
                zonedTimeToInstant(date, start, this.timeZone).getTime(),
                zonedTimeToInstant(date, end, this.timeZone).getTime(),
              ] as const,
          )
        : [];
      this.periodCache.set(day, periods);
    }
    return periods;
  }
}
