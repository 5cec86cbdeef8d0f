// Tracking codes as people type them.
import { describe, expect, it } from 'vitest';
import { normaliseCode } from './code.js';

describe('normaliseCode', () => {
  it.each([
    ['PA-2026-000123', 'PA-2026-000123'],
    ['pa-2026-000123', 'PA-2026-000123'],
    ['  pa 2026 000123 ', 'PA-2026-000123'],
    ['pa2026000123', 'PA-2026-000123'],
    ['PA–2026–000123', 'PA-2026-000123'],
    ['2026000123', 'PA-2026-000123'],
    ['PA-2026-1234567', 'PA-2026-1234567'],
  ])('reads %j as %s', (typed, code) => {
    expect(normaliseCode(typed)).toBe(code);
  });

  it.each(['', 'PA', 'PA-2026-123', 'PB-2026-000123', 'PA-26-000123', 'hello', 'PA-2026-00012a'])(
    'refuses %j',
    (typed) => {
      expect(normaliseCode(typed)).toBeNull();
    },
  );
});
