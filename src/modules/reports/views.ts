// The pre-computed views (figures per month, map cells) are refreshed by a scheduled job every minute, so
// that reading them costs the same with a million reports as with a hundred. `concurrently`: readers keep
// the previous contents while the refresh runs.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import type { JobDefinition, JobQueue } from '../../platform/jobs/queue.js';
import { PURGE_JOB } from './media.js';

export const REFRESH_JOB = 'reports.refresh_views';
const VIEWS = ['report_figures_monthly', 'report_map_cells'] as const;

export async function refreshReportViews(db: Db): Promise<void> {
  for (const view of VIEWS) {
    await sql`refresh materialized view concurrently ${sql.ref(view)}`.execute(db);
    await sql`insert into report_view_refreshes (view, at) values (${view}, now())
               on conflict (view) do update set at = excluded.at`.execute(db);
  }
}

export function refreshJob(db: Db): JobDefinition<object> {
  return {
    name: REFRESH_JOB,
    retryLimit: 0,
    retryDelaySeconds: 30,
    expireInSeconds: 300,
    handler: async () => refreshReportViews(db),
  };
}

/**
 * The figures every minute, once across all processes (pg-boss schedules fire on one worker), and once now;
 * the purge of abandoned uploads and old idempotency keys every hour.
 */
export async function scheduleRefresh(jobs: JobQueue): Promise<void> {
  await jobs.schedule(REFRESH_JOB, '* * * * *');
  await jobs.enqueue(REFRESH_JOB, {});
  await jobs.schedule(PURGE_JOB, '17 * * * *');
}
