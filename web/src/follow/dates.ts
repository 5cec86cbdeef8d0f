// Days as Vietnamese notices write them (dd/mm/yyyy), in Vietnam's time zone whatever the device's.
const day = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `25/02/2026` for an instant on that day in Vietnam. */
export function formatDateVN(date: Date): string {
  return day.format(date);
}
