import { describe, expect, it } from 'vitest';
import {
  TIME_ZONE,
  cleanText,
  foldSearchKey,
  formatDateTimeVN,
  formatDateVN,
  formatNumberVN,
  formatPercentVN,
  nfc,
  normalizePhoneVN,
  phoneForZalo,
} from '../../src/platform/text.js';

describe('nfc and cleanText', () => {
  it('composes decomposed Vietnamese', () => {
    expect(nfc('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(nfc('Đường').length).toBe(5);
    expect(nfc('  a  ')).toBe('  a  ');
  });

  it('collapses spaces but keeps line breaks', () => {
    expect(cleanText('  Đường\u00a0 Lê  Lợi \r\n\r\n  bị\tngập   nặng  ')).toBe(
      'Đường Lê Lợi\n\nbị ngập nặng',
    );
    expect(cleanText('Ngo\u0323 \n')).toBe('Ngọ');
  });
});

describe('foldSearchKey', () => {
  it('folds accents, case and đ', () => {
    const keys = ['đường', 'duong', 'ĐƯỜNG', 'Đường', 'Đường'.normalize('NFD'), '  Đường '].map(
      foldSearchKey,
    );
    expect(new Set(keys)).toEqual(new Set(['duong']));
  });

  it('treats old and new tone placement alike', () => {
    expect(foldSearchKey('Thuỵ Hoà')).toBe(foldSearchKey('Thụy Hòa'));
    expect(foldSearchKey('Thuỵ Hoà')).toBe('thuy hoa');
  });

  it('collapses whitespace', () => {
    expect(foldSearchKey(' Phường\tBến  Nghé\n')).toBe('phuong ben nghe');
  });
});

describe('normalizePhoneVN', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['0912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['091-234-5678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0084 912 345 678', '+84912345678'],
    ['(+84) 912-345-678', '+84912345678'],
    ['+84 (0) 912 345 678', '+84912345678'],
    ['0398 765 432', '+84398765432'],
    ['0567890123', '+84567890123'],
    ['0701234567', '+84701234567'],
    ['0862 123 456', '+84862123456'],
    ['0204 3123 456', '+842043123456'],
    ['(024) 3825 1234', '+842438251234'],
    ['+84 24 3825 1234', '+842438251234'],
  ])('accepts %s', (input, expected) => {
    expect(normalizePhoneVN(input)).toBe(expected);
  });

  it.each([
    '',
    '091234567',
    '09123456789',
    '01212345678',
    '0612345678',
    '0412345678',
    '0212345678',
    '020431234567',
    '09123abc78',
    '912345678',
    '+1 212 555 0100',
    '+8400912345678',
    '+0912345678',
    '0912/345/678',
  ])('rejects %s', (input) => {
    expect(normalizePhoneVN(input)).toBeNull();
  });

  it('gives Zalo the number without the plus', () => {
    expect(phoneForZalo('+84912345678')).toBe('84912345678');
    expect(phoneForZalo('+842043123456')).toBe('842043123456');
    expect(() => phoneForZalo('0912345678')).toThrow(RangeError);
    expect(() => phoneForZalo('+84 912 345 678')).toThrow(RangeError);
  });
});

describe('vi-VN formatting in Vietnam time', () => {
  it('uses Asia/Ho_Chi_Minh', () => {
    expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
  });

  it('formats dates in UTC+7 whatever the process time zone', () => {
    // 17:30 UTC is already the next day in Vietnam.
    expect(formatDateVN(new Date('2026-02-16T17:30:00Z'))).toBe('17/02/2026');
    expect(formatDateVN(new Date('2026-02-16T16:59:59Z'))).toBe('16/02/2026');
    expect(formatDateTimeVN(new Date('2026-02-25T10:00:00Z'))).toBe('17:00 25/02/2026');
    expect(formatDateTimeVN(new Date('2025-12-31T17:00:00Z'))).toBe('00:00 01/01/2026');
    expect(formatDateTimeVN(new Date('2026-09-02T02:05:00+07:00'))).toBe('02:05 02/09/2026');
  });

  it('rejects an invalid date', () => {
    expect(() => formatDateVN(new Date('not a date'))).toThrow(RangeError);
  });

  it('formats numbers and percentages', () => {
    expect(formatNumberVN(1234567)).toBe('1.234.567');
    expect(formatNumberVN(12.5)).toBe('12,5');
    expect(formatNumberVN(-1234.5)).toBe('-1.234,5');
    expect(formatPercentVN(0.875)).toBe('87,5%');
    expect(formatPercentVN(1)).toBe('100%');
    expect(formatPercentVN(0.12345)).toBe('12,3%');
  });
});
