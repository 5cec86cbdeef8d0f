// Public figures on the home page: received, handled, on-time rate, satisfaction rate.
import type { Db } from '../../platform/db/tables.js';
import { selectPublicFigures } from './store.js';
import type { PublicStats } from './schemas.js';

export async function getPublicStats(db: Db, now = new Date()): Promise<PublicStats> {
  const f = await selectPublicFigures(db);
  return {
    received: f.received,
    handled: f.handled,
    // Rounded to one decimal, as the provincial reports publish it.
    onTimePercent: f.came_due === 0 ? null : Math.round((f.on_time / f.came_due) * 1000) / 10,
    satisfactionPercent: f.rated === 0 ? null : Math.round((f.satisfied / f.rated) * 1000) / 10,
    asOf: (f.as_of ?? now).toISOString(),
  };
}
