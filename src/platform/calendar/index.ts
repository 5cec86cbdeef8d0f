// The working-day calendar: lunar dates, Vietnamese public holidays and working-time arithmetic.
export type { LunarDate, SolarDate } from './lunar.js';
export { leapMonth, lunarToSolar, solarToLunar } from './lunar.js';
export type { Holiday, HolidayKind } from './holidays.js';
export { isoDate, publicHolidays } from './holidays.js';
export type { CalendarException, LocalDateTime, OfficePeriod, WorkCalendarConfig } from './calendar.js';
export {
  DEFAULT_OFFICE_HOURS,
  DEFAULT_WORK_WEEK,
  TIME_ZONE,
  WorkCalendar,
  localDate,
  localDateParts,
  zonedTimeToInstant,
} from './calendar.js';
