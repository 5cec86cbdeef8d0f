// Tracking codes as people type them: `pa-2026-000123`, `PA 2026 000123`, `PA2026000123` or `2026000123`
// all mean `PA-2026-000123`. The year has four digits, so the parts are never ambiguous without dashes.

const TYPED = /^(?:PA)?(\d{4})(\d{6,12})$/;

/** The code in its canonical form, or null when the text cannot be a tracking code. */
export function normaliseCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s\-–—_./]+/g, '');
  const match = TYPED.exec(compact);
  if (match === null) return null;
  return `PA-${match[1] ?? ''}-${match[2] ?? ''}`;
}
