// The working calendar with the exceptions an administrator recorded in the database.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, zonedTimeToInstant } from '../../src/platform/calendar/index.js';
import { loadWorkCalendar } from '../../src/platform/calendar/store.js';
import type { Database } from '../../src/platform/db/database.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
beforeAll(async () => {
  database = (await openTestDatabase()).database;
});
afterAll(async () => {
  await database.close();
});

describe(`calendar exceptions on ${backend}`, () => {
  it('applies a compensatory day off and a swapped working Saturday from the database', async () => {
    const before = await loadWorkCalendar(database.db, DEFAULT_OFFICE_HOURS);
    // Friday 2 Oct 2026 is an ordinary working day; Saturday 10 Oct 2026 an ordinary weekend day.
    expect(before.isWorkingDay('2026-10-02')).toBe(true);
    expect(before.isWorkingDay('2026-10-10')).toBe(false);

    await sql`insert into calendar_exceptions (day, kind, note) values
      ('2026-10-02', 'day_off', 'Nghỉ bù'), ('2026-10-10', 'working_day', 'Làm bù cho ngày 02/10')`.execute(
      database.db,
    );
    const calendar = await loadWorkCalendar(database.db, DEFAULT_OFFICE_HOURS);
    expect(calendar.isWorkingDay('2026-10-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);

    // Received Thursday 1 Oct at 09:00: one working day ends on the next working day, Monday 5 Oct, 17:00.
    const due = calendar.addWorkingDays(zonedTimeToInstant('2026-10-01', 9 * 60), 1);
    expect(due.toISOString()).toBe(zonedTimeToInstant('2026-10-05', 17 * 60).toISOString());
  });

  it('uses the office hours it is given', async () => {
    const calendar = await loadWorkCalendar(database.db, [{ start: '08:00', end: '12:00' }]);
    const start = zonedTimeToInstant('2026-10-05', 8 * 60);
    expect(calendar.addWorkingHours(start, 5).toISOString()).toBe(
      zonedTimeToInstant('2026-10-06', 9 * 60).toISOString(),
    );
  });
});
