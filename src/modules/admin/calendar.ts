// The working calendar as administrators keep it: the statutory holidays of a year (computed, read only) and
// the exceptions the government announces each year (compensatory days off, swapped working Saturdays),
// stored in `calendar_exceptions`. Deadlines read the exceptions through loadWorkCalendar (cached 30 s).
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import { publicHolidays, WorkCalendar } from '../../platform/calendar/index.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { cleanText } from '../../platform/text.js';

export type ExceptionKind = 'day_off' | 'working_day';

export interface CalendarException {
  date: string;
  kind: ExceptionKind;
  note: string | null;
}

export interface CalendarYear {
  year: number;
  /** The public holidays of the Labour Code for that year, computed (Tết from the lunar calendar). */
  holidays: { date: string; name: { vi: string; en: string } }[];
  exceptions: CalendarException[];
}

/** The calendar without any exception: what a date would be if the administrator had recorded nothing. */
const statutory = new WorkCalendar({});

const WEEKDAY_VI = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

export async function calendarYear(db: Db, actor: Actor | null, year: number): Promise<CalendarYear> {
  authorize(actor, 'org.manage');
  const rows = await db
    .selectFrom('calendar_exceptions')
    .select(['day', 'kind', 'note'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return {
    year,
    holidays: publicHolidays(year).map((h) => ({ date: h.date, name: { vi: h.name_vi, en: h.name_en } })),
    exceptions: rows.map((r) => ({ date: r.day, kind: r.kind, note: r.note })),
  };
}

/**
 * Records the exception of one date, replacing the one it had. A day off must fall on a day that would be
 * worked, a working day on one that would not (a weekend or a holiday): anything else changes nothing and
 * is refused, so a mistyped date cannot go unnoticed.
 */
export async function setCalendarException(
  db: Db,
  actor: Actor | null,
  input: CalendarException,
): Promise<CalendarException> {
  authorize(actor, 'org.manage');
  const weekday = new Date(`${input.date}T00:00:00Z`).getUTCDay();
  const worked = statutory.isWorkingDay(input.date);
  if (input.kind === 'day_off' ? !worked : worked) {
    const when = {
      vi: `${WEEKDAY_VI[weekday]}, ${dmy(input.date)}`,
      en: `${WEEKDAY_EN[weekday]} ${input.date}`,
    };
    throw new AppError('validation_failed', {
      details: [
        {
          field: '/body/kind',
          problem:
            input.kind === 'day_off'
              ? 'the date is not a working day anyway'
              : 'the date is a working day anyway',
          messages:
            input.kind === 'day_off'
              ? {
                  vi: `${when.vi} vốn là ngày nghỉ (cuối tuần hoặc ngày lễ); không cần ghi ngày nghỉ bù.`,
                  en: `${when.en} is already a day off (a weekend or a public holiday); no day off is needed.`,
                }
              : {
                  vi: `${when.vi} vốn là ngày làm việc; chỉ ghi ngày làm bù vào ngày nghỉ cuối tuần hoặc ngày lễ.`,
                  en: `${when.en} is already a working day; a swapped working day falls on a weekend or a holiday.`,
                },
        },
      ],
    });
  }
  const note = input.note === null || cleanText(input.note) === '' ? null : cleanText(input.note);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('calendar_exceptions')
      .select('kind')
      .where('day', '=', input.date)
      .executeTakeFirst();
    const row = await trx
      .insertInto('calendar_exceptions')
      .values({ day: input.date, kind: input.kind, note })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: input.kind, note }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'calendar.exception.set',
      subjectType: 'calendar_exception',
      subjectId: row.id,
      requestId: actor.requestId,
      detail: { date: input.date, kind: input.kind, replaced: before?.kind ?? null },
    });
    return { date: input.date, kind: input.kind, note };
  });
}

/** Removes the exception of one date: the date is again what the holidays and the work week make it. */
export async function deleteCalendarException(db: Db, actor: Actor | null, date: string): Promise<void> {
  authorize(actor, 'org.manage');
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('calendar_exceptions')
      .where('day', '=', date)
      .returning(['id', 'kind'])
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found');
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'calendar.exception.delete',
      subjectType: 'calendar_exception',
      subjectId: removed.id,
      requestId: actor.requestId,
      detail: { date, kind: removed.kind },
    });
  });
}
