// Vietnamese text: Unicode normalization, accent-insensitive search keys, phone numbers and
// vi-VN formatting of dates and numbers in Vietnam's time zone.
import { TIME_ZONE, localDateParts } from './calendar/calendar.js';

export { TIME_ZONE };

/**
 * Unicode NFC. Vietnamese arrives both precomposed and decomposed (macOS, some Android keyboards,
 * legacy VNI/TCVN converters), so every stored or compared string goes through this first.
 */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * Text typed by a person, tidied for storage: NFC, line breaks unified to `\n`, every run of other
 * whitespace (spaces, tabs, no-break spaces) collapsed to one space, spaces around line breaks and at
 * both ends removed. Line breaks are kept: they are part of a report's description.
 */
export function cleanText(s: string): string {
  return nfc(s)
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/**
 * An accent- and case-insensitive key for search: `Đường`, `ĐƯỜNG`, `duong` all give `duong`, and the
 * old and new tone placements (`Thuỵ Hoà` / `Thụy Hòa`) fold equal. Đ/đ is a separate letter, not a
 * D with a combining mark, so it is mapped by hand.
 */
export function foldSearchKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLocaleLowerCase('vi')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Mobile: 0 + 9 digits starting 3, 5, 7, 8 or 9. Landline: 0 + area code 2x(x) + subscriber, 10 digits. */
const NATIONAL_NUMBER = /^(?:[35789]\d{8}|2\d{9})$/;

/**
 * A Vietnamese phone number in E.164 (`+84…`), or null if it is not one. Accepts the national form
 * (`0912 345 678`, `0204.3123.456`), `+84`, `84` and `0084` prefixes (with an optional `(0)` after the
 * country code), separated by spaces, dots, dashes or parentheses.
 */
export function normalizePhoneVN(input: string): string | null {
  const compact = nfc(input).replace(/[\s.\-()]/g, '');
  const match = /^(?:\+84|0084|84|(?=0))0?(\d+)$/.exec(compact);
  const national = match?.[1];
  if (national === undefined || !NATIONAL_NUMBER.test(national)) return null;
  return `+84${national}`;
}

/** The form Zalo's APIs expect (`84912345678`) of an E.164 Vietnamese number from {@link normalizePhoneVN}. */
export function phoneForZalo(e164: string): string {
  if (normalizePhoneVN(e164) !== e164) {
    throw new RangeError(`Not a Vietnamese E.164 phone number: ${e164}`);
  }
  return e164.slice(1);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `dd/MM/yyyy` in Vietnam's time zone, e.g. `17/02/2026`. */
export function formatDateVN(date: Date): string {
  const { year, month, day } = localDateParts(date, TIME_ZONE);
  return `${pad2(day)}/${pad2(month)}/${String(year)}`;
}

/** `HH:mm dd/MM/yyyy` in Vietnam's time zone, e.g. `17:00 25/02/2026`. */
export function formatDateTimeVN(date: Date): string {
  const { hour, minute } = localDateParts(date, TIME_ZONE);
  return `${pad2(hour)}:${pad2(minute)} ${formatDateVN(date)}`;
}

const numberFormat = new Intl.NumberFormat('vi-VN');
const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

/** Vietnamese number format: `.` groups thousands, `,` marks decimals (`1.234.567`, `12,5`). */
export function formatNumberVN(n: number): string {
  return numberFormat.format(n);
}

/** A ratio as a Vietnamese percentage with at most one decimal: 0.875 → `87,5%`. */
export function formatPercentVN(ratio: number): string {
  return percentFormat.format(ratio);
}
