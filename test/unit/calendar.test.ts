import { describe, expect, it } from 'vitest';
import type { CalendarException } from '../../src/platform/calendar/index.js';
import { WorkCalendar, localDateParts, zonedTimeToInstant } from '../../src/platform/calendar/index.js';

/** An instant given as Vietnam wall-clock time, e.g. `2026-02-13 16:00`. */
function vn(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+07:00`);
}

function daysOff(from: number, to: number, prefix: string): CalendarException[] {
  const list: CalendarException[] = [];
  for (let day = from; day <= to; day++) {
    list.push({ date: `${prefix}-${String(day).padStart(2, '0')}`, kind: 'day_off', note: 'Tết 2026' });
  }
  return list;
}

describe('time zone helpers', () => {
  it('reads the wall clock of Vietnam whatever the process time zone', () => {
    expect(localDateParts(new Date('2026-02-16T17:30:00Z'))).toEqual({
      year: 2026,
      month: 2,
      day: 17,
      hour: 0,
      minute: 30,
      second: 0,
      millisecond: 0,
      weekday: 2,
    });
    expect(zonedTimeToInstant('2026-02-25', 17 * 60).toISOString()).toBe('2026-02-25T10:00:00.000Z');
  });

  it("reads Vietnam's wall clock by arithmetic exactly as the time zone database does, before and after 1975", () => {
    const intl = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const expected = (t: number) => {
      const p = Object.fromEntries(
        intl
          .formatToParts(new Date(t))
          .filter((x) => x.type !== 'literal')
          .map((x) => [x.type, Number(x.value)]),
      );
      return [p.year, p.month, p.day, p.hour, p.minute, p.second];
    };
    // Instants around midnight, month and year ends, and spread from 1970 to 2100 (deterministic).
    const instants = [
      Date.UTC(1975, 5, 12, 16, 59, 59),
      Date.UTC(1975, 5, 13, 17),
      Date.UTC(2026, 11, 31, 16, 59, 59),
    ];
    for (let i = 0, t = Date.UTC(1970, 0, 1); i < 2000; i += 1, t += 2_063_917_111) instants.push(t);
    for (const t of instants) {
      const got = localDateParts(new Date(t));
      expect(
        [got.year, got.month, got.day, got.hour, got.minute, got.second],
        new Date(t).toISOString(),
      ).toEqual(expected(t));
    }
  });

  it('follows daylight saving in other zones', () => {
    expect(zonedTimeToInstant('2026-03-27', 8 * 60, 'Europe/Paris').toISOString()).toBe(
      '2026-03-27T07:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-03-30', 8 * 60, 'Europe/Paris').toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });
});

describe('isWorkingDay', () => {
  const calendar = new WorkCalendar();

  it('knows weekends and the automatic holidays', () => {
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // last day of the lunar year
    expect(calendar.isWorkingDay('2026-02-20')).toBe(false); // 4th day of Tết
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-03')).toBe(true);
  });

  it('does not add compensatory days by itself', () => {
    // Giỗ Tổ 2026 is Sunday 26 April; the Monday off is for the administrator to record.
    expect(calendar.isWorkingDay('2026-04-27')).toBe(true);
    const withDecree = new WorkCalendar({
      exceptions: [{ date: '2026-04-27', kind: 'day_off', note: 'nghỉ bù' }],
    });
    expect(withDecree.isWorkingDay('2026-04-27')).toBe(false);
  });

  it('lets exceptions win over holidays and weekends', () => {
    const swapped = new WorkCalendar({
      exceptions: [
        { date: '2026-01-10', kind: 'working_day', note: 'làm bù' },
        { date: '2026-09-01', kind: 'working_day' },
        { date: '2026-09-03', kind: 'day_off' },
      ],
    });
    expect(swapped.isWorkingDay('2026-01-10')).toBe(true);
    expect(swapped.isWorkingDay('2026-09-01')).toBe(true);
    expect(swapped.isWorkingDay('2026-09-03')).toBe(false);
  });

  it('rejects malformed dates and configurations', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('13/02/2026')).toThrow(RangeError);
    expect(() => new WorkCalendar({ workWeek: [] })).toThrow(RangeError);
    expect(() => new WorkCalendar({ workWeek: [0, 1] })).toThrow(RangeError);
    expect(() => new WorkCalendar({ officeHours: [{ start: '13:30', end: '11:30' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkCalendar({
          officeHours: [
            { start: '07:30', end: '12:00' },
            { start: '11:30', end: '17:00' },
          ],
        }),
    ).toThrow(RangeError);
    expect(() => new WorkCalendar({ officeHours: [{ start: '7:30', end: '17:00' }] })).toThrow(RangeError);
    expect(() => new WorkCalendar({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(
      () =>
        new WorkCalendar({
          exceptions: [
            { date: '2026-01-10', kind: 'working_day' },
            { date: '2026-01-10', kind: 'day_off' },
          ],
        }),
    ).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  const calendar = new WorkCalendar();

  it('skips Tết 2026 (16–20 February) and weekends', () => {
    const due = calendar.addWorkingDays(vn('2026-02-13 10:00'), 3);
    expect(due.toISOString()).toBe('2026-02-25T10:00:00.000Z'); // 17:00 on Wednesday 25 February
  });

  it('gives the same result with the civil-servant schedule 14–22 February as exceptions', () => {
    const tet = new WorkCalendar({ exceptions: daysOff(14, 22, '2026-02') });
    expect(tet.addWorkingDays(vn('2026-02-13 16:59'), 3)).toEqual(vn('2026-02-25 17:00'));
    expect(tet.addWorkingDays(vn('2026-02-13 08:00'), 1)).toEqual(vn('2026-02-23 17:00'));
  });

  it('does not count the day of receipt, even late in the evening or on a day off', () => {
    expect(calendar.addWorkingDays(vn('2026-03-02 07:00'), 1)).toEqual(vn('2026-03-03 17:00'));
    expect(calendar.addWorkingDays(vn('2026-03-02 23:59'), 1)).toEqual(vn('2026-03-03 17:00'));
    expect(calendar.addWorkingDays(vn('2026-03-01 10:00'), 1)).toEqual(vn('2026-03-02 17:00')); // Sunday
    expect(calendar.addWorkingDays(vn('2026-03-06 10:00'), 5)).toEqual(vn('2026-03-13 17:00'));
  });

  it('counts the receipt day by Vietnam time, not UTC', () => {
    // 2026-03-02 18:30 UTC is already Tuesday 3 March 01:30 in Vietnam.
    expect(calendar.addWorkingDays(new Date('2026-03-02T18:30:00Z'), 1)).toEqual(vn('2026-03-04 17:00'));
  });

  it('skips 30/4 and 1/5', () => {
    expect(calendar.addWorkingDays(vn('2026-04-29 09:00'), 1)).toEqual(vn('2026-05-04 17:00'));
    expect(calendar.addWorkingDays(vn('2025-04-29 09:00'), 2)).toEqual(vn('2025-05-05 17:00'));
  });

  it('skips National Day 1–2 September', () => {
    expect(calendar.addWorkingDays(vn('2025-08-29 09:00'), 1)).toEqual(vn('2025-09-03 17:00'));
    // Government chose 2/9 + 3/9 instead: the administrator swaps the adjacent day.
    const decree = new WorkCalendar({
      exceptions: [
        { date: '2026-09-01', kind: 'working_day' },
        { date: '2026-09-03', kind: 'day_off' },
      ],
    });
    expect(decree.addWorkingDays(vn('2026-08-31 09:00'), 1)).toEqual(vn('2026-09-01 17:00'));
    expect(decree.addWorkingDays(vn('2026-08-31 09:00'), 2)).toEqual(vn('2026-09-04 17:00'));
  });

  it('counts a swapped working Saturday', () => {
    const swapped = new WorkCalendar({
      exceptions: [
        { date: '2026-01-02', kind: 'day_off', note: 'nghỉ hoán đổi' },
        { date: '2026-01-10', kind: 'working_day', note: 'làm bù' },
      ],
    });
    expect(calendar.addWorkingDays(vn('2025-12-31 10:00'), 2)).toEqual(vn('2026-01-05 17:00'));
    expect(swapped.addWorkingDays(vn('2025-12-31 10:00'), 2)).toEqual(vn('2026-01-06 17:00'));
    expect(calendar.addWorkingDays(vn('2026-01-09 10:00'), 1)).toEqual(vn('2026-01-12 17:00'));
    expect(swapped.addWorkingDays(vn('2026-01-09 10:00'), 1)).toEqual(vn('2026-01-10 17:00'));
  });

  it('rejects counts that are not whole positive numbers', () => {
    expect(() => calendar.addWorkingDays(vn('2026-03-02 10:00'), 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(vn('2026-03-02 10:00'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('addWorkingHours', () => {
  const calendar = new WorkCalendar();

  it('skips the lunch break', () => {
    expect(calendar.addWorkingHours(vn('2026-02-23 10:30'), 2)).toEqual(vn('2026-02-23 14:30'));
    expect(calendar.addWorkingHours(vn('2026-02-23 10:30'), 1)).toEqual(vn('2026-02-23 11:30'));
    expect(calendar.addWorkingHours(vn('2026-02-23 12:00'), 0.5)).toEqual(vn('2026-02-23 14:00'));
  });

  it('continues the next working morning', () => {
    expect(calendar.addWorkingHours(vn('2026-02-24 16:00'), 2)).toEqual(vn('2026-02-25 08:30'));
    expect(calendar.addWorkingHours(vn('2026-02-24 19:00'), 4)).toEqual(vn('2026-02-25 11:30'));
    expect(calendar.addWorkingHours(vn('2026-02-27 16:30'), 1)).toEqual(vn('2026-03-02 08:00')); // Friday → Monday
  });

  it('starts counting at the next office period when received outside office hours', () => {
    expect(calendar.addWorkingHours(vn('2026-02-21 09:00'), 1)).toEqual(vn('2026-02-23 08:30')); // Saturday
    expect(calendar.addWorkingHours(vn('2026-02-23 06:00'), 1)).toEqual(vn('2026-02-23 08:30'));
  });

  it('skips Tết', () => {
    expect(calendar.addWorkingHours(vn('2026-02-13 16:00'), 8)).toEqual(vn('2026-02-23 16:30'));
    expect(calendar.addWorkingHours(vn('2026-02-13 16:00'), 24)).toEqual(vn('2026-02-26 08:00'));
  });

  it('returns the start for zero hours and rejects negative ones', () => {
    expect(calendar.addWorkingHours(vn('2026-02-21 09:00'), 0)).toEqual(vn('2026-02-21 09:00'));
    expect(() => calendar.addWorkingHours(vn('2026-02-23 09:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingHours(vn('2026-02-23 09:00'), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });

  it('follows daylight saving when the calendar is in such a zone', () => {
    const paris = new WorkCalendar({
      timeZone: 'Europe/Paris',
      officeHours: [{ start: '08:00', end: '17:00' }],
      holidays: () => [],
    });
    // Friday 16:30 CET + 1 hour → Monday 08:30 CEST (the clocks moved on Sunday 29 March).
    expect(paris.addWorkingHours(new Date('2026-03-27T16:30:00+01:00'), 1).toISOString()).toBe(
      '2026-03-30T06:30:00.000Z',
    );
  });
});

describe('workingTimeBetween', () => {
  const calendar = new WorkCalendar();

  it('counts office minutes only', () => {
    expect(calendar.workingTimeBetween(vn('2026-02-23 07:30'), vn('2026-02-23 17:00'))).toBe(450);
    expect(calendar.workingTimeBetween(vn('2026-02-23 11:00'), vn('2026-02-23 14:00'))).toBe(60);
    expect(calendar.workingTimeBetween(vn('2026-02-24 16:00'), vn('2026-02-25 08:30'))).toBe(120);
  });

  it('skips Tết and weekends', () => {
    expect(calendar.workingTimeBetween(vn('2026-02-13 16:00'), vn('2026-02-23 09:00'))).toBe(150);
    expect(calendar.workingTimeBetween(vn('2026-02-14 00:00'), vn('2026-02-22 23:59'))).toBe(0);
  });

  it('is 0 when the end is not after the start', () => {
    expect(calendar.workingTimeBetween(vn('2026-02-23 10:00'), vn('2026-02-23 10:00'))).toBe(0);
    expect(calendar.workingTimeBetween(vn('2026-02-23 10:00'), vn('2026-02-23 09:00'))).toBe(0);
  });

  it('agrees with addWorkingHours', () => {
    const starts = ['2026-02-13 16:00', '2026-02-23 12:15', '2026-04-29 10:10', '2026-08-28 17:30'].map(vn);
    for (const start of starts) {
      for (const hours of [0.25, 1, 3.5, 7.5, 8, 40]) {
        const end = calendar.addWorkingHours(start, hours);
        expect(calendar.workingTimeBetween(start, end)).toBe(hours * 60);
      }
    }
  });
});
