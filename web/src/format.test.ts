// Dates are shown in Vietnam's time zone whatever the device's time zone is.
import { describe, expect, it } from 'vitest';
import { formatDateTimeVN, formatDateVN, formatDecimal, formatPhoneVN } from './format.js';

describe('formatDateTimeVN', () => {
  it('formats HH:mm dd/MM/yyyy in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(formatDateTimeVN(new Date('2026-02-25T10:00:00Z'))).toBe('17:00 25/02/2026');
  });

  it('crosses midnight and the year boundary in Vietnam, not in UTC', () => {
    expect(formatDateTimeVN(new Date('2025-12-31T17:05:00Z'))).toBe('00:05 01/01/2026');
  });
});

describe('formatPhoneVN', () => {
  it('writes a Vietnamese mobile number as people do, and leaves others alone', () => {
    expect(formatPhoneVN('+84912000222')).toBe('0912 000 222');
    expect(formatPhoneVN('+4420123456')).toBe('+4420123456');
  });
});

describe('formatDateVN', () => {
  it('writes dd/MM/yyyy of the day in Vietnam', () => {
    expect(formatDateVN(new Date('2026-02-25T16:59:00Z'))).toBe('25/02/2026');
    expect(formatDateVN(new Date('2026-02-25T17:00:00Z'))).toBe('26/02/2026');
  });

  it('agrees with Intl in Asia/Ho_Chi_Minh over many instants', () => {
    const day = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += 7_919_000_123) {
      expect(formatDateVN(new Date(t))).toBe(day.format(new Date(t)));
    }
  });
});

describe('formatDecimal', () => {
  it('writes numbers as Intl.NumberFormat does for vi-VN and en-GB', () => {
    const values = [
      0, 1, -1, 7, 999, 1000, 1234, -1234.5, 12_345.678_9, 1_234_567.891, 0.0005, 1.0005, 999.9995,
    ];
    values.push(0.1 + 0.2, 2 / 3, 87.45, 100, 1e9 + 0.5);
    for (const [lang, locale] of [
      ['vi', 'vi-VN'],
      ['en', 'en-GB'],
    ] as const) {
      const intl = new Intl.NumberFormat(locale);
      for (const value of values)
        expect(formatDecimal(value, lang), `${value} ${lang}`).toBe(intl.format(value));
      const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
      for (const value of [0, 12.34, 87.5, 87.45, 99.96, 100])
        expect(`${formatDecimal(value, lang, 1)}%`, `${value}% ${lang}`).toBe(percent.format(value / 100));
    }
  });

  it('writes thousands with a dot and decimals with a comma in Vietnamese', () => {
    expect(formatDecimal(1234567.5, 'vi')).toBe('1.234.567,5');
    expect(formatDecimal(1234567.5, 'en')).toBe('1,234,567.5');
  });
});
