// Dates are shown in Vietnam's time zone whatever the device's time zone is.
import { describe, expect, it } from 'vitest';
import { formatDateTimeVN, formatPhoneVN } from './format.js';

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
