// Deadline policies of categories: the deployment's defaults (with their sources) and the arithmetic that
// turns a clock into a due instant on the working calendar.
import { Value } from '@sinclair/typebox/value';
import type { WorkCalendar } from '../../platform/calendar/calendar.js';
import { DeadlinePolicy, type Duration, type Priority, type PriorityClocks } from './schemas.js';

/**
 * Defaults for a category that sets no policy. Sources (shared/reference/vietnam-pakn.md §1.4, "Deadline
 * policy"; these are data, each province changes them):
 * - intake 5 minutes, all priorities: HCM City 1022, QĐ 1478/QĐ-UBND (2020) forwards a report to the unit
 *   within 5 minutes [secondary source]; counted in working minutes here, since intake is staffed in office
 *   hours (Huế handles only urgent reports at night).
 * - acknowledge 8 working hours: iHanoi, QĐ 1207/QĐ-UBND (2025), for every level [read in the source];
 *   urgent 4 working hours, because iHanoi handles an urgent report within 4 working hours of receipt and the
 *   acknowledgement cannot come later than that.
 * - resolve: urgent 1 working day (Đà Nẵng, QĐ 960/QĐ-UBND 2021: urgent cases ≤ 1 working day [read]);
 *   normal 5 working days (HCM City 1478/2020: answer within 5 days [secondary]; Đà Nẵng gives 3 working days
 *   for simple urban issues); complex 10 working days — NO SOURCE: the Hà Nội and Đà Nẵng texts were cut off
 *   (vietnam-pakn.md §6, item 2); a placeholder until the province's regulation is read.
 * Migration 0006 gives existing categories the same values.
 */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  urgent: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 4, unit: 'working_hours' },
    resolve: { amount: 1, unit: 'working_days' },
  },
  normal: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 5, unit: 'working_days' },
  },
  complex: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 10, unit: 'working_days' },
  },
};

/** The instant by which `duration` of working time has passed since `start`. */
export function addDuration(calendar: WorkCalendar, start: Date, duration: Duration): Date {
  switch (duration.unit) {
    case 'working_minutes':
      return calendar.addWorkingHours(start, duration.amount / 60);
    case 'working_hours':
      return calendar.addWorkingHours(start, duration.amount);
    case 'working_days':
      return calendar.addWorkingDays(start, duration.amount);
  }
}

/** The clocks of one priority from a category's stored policy (jsonb); the defaults if the document is invalid. */
export function clocksFor(policy: unknown, priority: Priority): PriorityClocks {
  return (Value.Check(DeadlinePolicy, policy) ? policy : DEFAULT_DEADLINE_POLICY)[priority];
}

/**
 * A rough length in working minutes, to compare clocks of different units (an 8-hour working day, as in
 * Decision 188/1999/QĐ-TTg); deadlines themselves are always computed on the calendar.
 */
export function nominalMinutes(duration: Duration): number {
  const perUnit = { working_minutes: 1, working_hours: 60, working_days: 8 * 60 } as const;
  return duration.amount * perUnit[duration.unit];
}

/** Problems of a policy that its schema cannot express: each priority's clocks must fit inside resolve. */
export function deadlinePolicyProblems(policy: DeadlinePolicy): string[] {
  const problems: string[] = [];
  for (const priority of ['urgent', 'normal', 'complex'] as const) {
    const { intake, acknowledge, resolve } = policy[priority];
    if (nominalMinutes(acknowledge) > nominalMinutes(resolve))
      problems.push(`${priority}: acknowledge is longer than resolve`);
    if (nominalMinutes(intake) > nominalMinutes(resolve))
      problems.push(`${priority}: intake is longer than resolve`);
  }
  if (nominalMinutes(policy.urgent.resolve) > nominalMinutes(policy.normal.resolve))
    problems.push('urgent resolve is longer than normal resolve');
  return problems;
}
