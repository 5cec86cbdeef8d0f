// The emergency stop: categories where a report is too slow and the caller should phone first. The
// category carries the number and, if the province wrote one, its own notice (GET /api/v1/public/categories).
import type { Category, EmergencyStop } from '../api-report.js';

export type Stop = EmergencyStop;

export function emergencyFor(category: Pick<Category, 'emergency'>): Stop | null {
  return category.emergency;
}
