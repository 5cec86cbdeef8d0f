// Dates as Vietnamese public notices write them, in Vietnam's time zone whatever the device's.

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `HH:mm dd/MM/yyyy` in Vietnam's time zone, e.g. `17:00 25/02/2026`. */
export function formatDateTimeVN(date: Date): string {
  const p = new Map(parts.formatToParts(date).map(({ type, value }) => [type, value]));
  const get = (type: Intl.DateTimeFormatPartTypes): string => p.get(type) ?? '';
  return `${get('hour')}:${get('minute')} ${get('day')}/${get('month')}/${get('year')}`;
}

/** A Vietnamese mobile number as people write it: `+84912000222` → `0912 000 222`; others unchanged. */
export function formatPhoneVN(phone: string): string {
  const m = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return m ? `0${m[1]} ${m[2]} ${m[3]}` : phone;
}
