// Dates and numbers as Vietnamese public notices write them, dates in Vietnam's time zone whatever the device's.
//
// Without `Intl` on purpose: a page's first `Intl` formatter makes the browser load its locale and time-zone data,
// tens of milliseconds of a cheap phone's main thread before the first page can answer a tap. Vietnam's time is
// UTC+7 all year (no daylight saving since 1975), and the app writes only these few formats.

/** Vietnam's offset from UTC, in milliseconds. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/** The wall-clock fields of `date` in Vietnam. */
function vietnamFields(date: Date) {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return {
    year: String(local.getUTCFullYear()),
    month: two(local.getUTCMonth() + 1),
    day: two(local.getUTCDate()),
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
  };
}

/** `HH:mm dd/MM/yyyy` in Vietnam's time zone, e.g. `17:00 25/02/2026`. */
export function formatDateTimeVN(date: Date): string {
  const f = vietnamFields(date);
  return `${f.hour}:${f.minute} ${f.day}/${f.month}/${f.year}`;
}

/** `dd/MM/yyyy` for an instant on that day in Vietnam, e.g. `25/02/2026`. */
export function formatDateVN(date: Date): string {
  const f = vietnamFields(date);
  return `${f.day}/${f.month}/${f.year}`;
}

/** The separators of the app's two languages: `1.234,5` in Vietnamese, `1,234.5` in English. */
const SEPARATORS = { vi: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } } as const;

/**
 * `value` with thousands grouped and at most `maxFractionDigits` decimals (rounded half away from zero, trailing
 * zeros dropped), as `Intl.NumberFormat` writes it for vi-VN or en-GB: `formatDecimal(1234.5, 'vi')` → `1.234,5`.
 */
export function formatDecimal(value: number, lang: 'vi' | 'en', maxFractionDigits = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  const { group, decimal } = SEPARATORS[lang];
  const scale = 10 ** maxFractionDigits;
  // Rounded on the decimal string of the value (toFixed works on the exact binary value, so 1.005 would give 1.00).
  const rounded = Math.round(Number(`${Math.abs(value)}e${maxFractionDigits}`)) / scale;
  const [whole = '0', fraction = ''] = (Number.isFinite(rounded) ? rounded : Math.abs(value))
    .toFixed(maxFractionDigits)
    .split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const decimals = fraction.replace(/0+$/, '');
  const sign = value < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${grouped}${decimals === '' ? '' : `${decimal}${decimals}`}`;
}

/** A Vietnamese mobile number as people write it: `+84912000222` → `0912 000 222`; others unchanged. */
export function formatPhoneVN(phone: string): string {
  const m = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return m ? `0${m[1]} ${m[2]} ${m[3]}` : phone;
}
