// The working calendar as configured for this deployment: statutory holidays, the province's office
// hours, and the exceptions an administrator has recorded (compensatory days off, swapped Saturdays).
import type { Db } from '../db/tables.js';
import { WorkCalendar, type OfficePeriod } from './calendar.js';

/** Reads the exceptions from the database; call again after they change (they change a few times a year). */
export async function loadWorkCalendar(db: Db, officeHours: readonly OfficePeriod[]): Promise<WorkCalendar> {
  const rows = await db
    .selectFrom('calendar_exceptions')
    .select(['day', 'kind', 'note'])
    .orderBy('day')
    .execute();
  return new WorkCalendar({
    officeHours,
    exceptions: rows.map((r) => ({
      date: r.day,
      kind: r.kind,
      ...(r.note !== null ? { note: r.note } : {}),
    })),
  });
}
