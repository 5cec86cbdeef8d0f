// The emergency stop: categories where a report is too slow and the caller should phone first.
import type { Category } from '../api-report.js';

/** What the page shows: the category's own notice when the API sends one, else the catalogue's. */
export interface Stop {
  notice: { vi: string; en: string } | null;
  hotline: string | null;
}

/**
 * National emergency numbers for the demo categories that cover emergencies, until the categories API
 * carries a notice and hotline itself (it does not yet; a category's own one wins). 113 police, 114 fire
 * and rescue, 115 ambulance are the same in every province, so this is not per-province behaviour.
 */
const NATIONAL_HOTLINES: Readonly<Record<string, string>> = {
  'thien-tai-cuu-ho': '114',
};

export function emergencyFor(category: Pick<Category, 'slug' | 'emergency'>): Stop | null {
  if (category.emergency !== null) return category.emergency;
  const hotline = NATIONAL_HOTLINES[category.slug];
  return hotline === undefined ? null : { notice: null, hotline };
}
