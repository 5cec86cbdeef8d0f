// SQL of the public figures.
import type { Db } from '../../platform/db/tables.js';
import { sql } from 'kysely';

interface ReportsTable {
  id: string;
  status: string;
  submitted_at: Date;
  due_at: Date | null;
  resolved_at: Date | null;
}

export interface FigureRow {
  received: number;
  handled: number;
  came_due: number;
  on_time: number;
}

export async function selectPublicFigures(db: Db, now: Date): Promise<FigureRow> {
  const row = await db
    .withTables<{ reports: ReportsTable }>()
    .selectFrom('reports')
    .select([
      sql<number>`count(*)::int`.as('received'),
      sql<number>`count(*) filter (where resolved_at is not null)::int`.as('handled'),
      sql<number>`count(*) filter (where due_at is not null and (resolved_at is not null or due_at < ${now}))::int`.as(
        'came_due',
      ),
      sql<number>`count(*) filter (where due_at is not null and resolved_at is not null and resolved_at <= due_at)::int`.as(
        'on_time',
      ),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
