// SQL of the public figures: sums over the pre-computed monthly figures (refreshed every minute by the
// reports module), so the home page costs the same with a million reports as with none.
import type { Db } from '../../platform/db/tables.js';
import { sql } from 'kysely';

export interface FigureRow {
  received: number;
  handled: number;
  came_due: number;
  on_time: number;
  rated: number;
  satisfied: number;
  /** When the figures were last refreshed; null before the first refresh. */
  as_of: Date | null;
}

export async function selectPublicFigures(db: Db): Promise<FigureRow> {
  const result = await sql<FigureRow>`
    select coalesce(sum(received), 0)::int as received, coalesce(sum(handled), 0)::int as handled,
           coalesce(sum(came_due), 0)::int as came_due, coalesce(sum(on_time), 0)::int as on_time,
           coalesce(sum(rated), 0)::int as rated, coalesce(sum(satisfied), 0)::int as satisfied,
           (select at from report_view_refreshes where view = 'report_figures_monthly') as as_of
      from report_figures_monthly`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('no figures row');
  return row;
}
