// The reports module's service and job kinds, as the runtime and the tests assemble them.
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/tables.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { ReportService } from './intake.js';
import { notifyJob } from './notify.js';
import { pushJob } from './push.js';
import { refreshJob } from './views.js';

/** Defines the module's jobs on `jobs` (before `jobs.start()`) and returns its service. */
export function setUpReports(
  db: Db,
  jobs: JobQueue,
  config: Pick<Config, 'officeHours' | 'publicUrl'>,
  options: { cacheMs?: number } = {},
): ReportService {
  jobs.define(notifyJob({ db, jobs, publicUrl: config.publicUrl }));
  jobs.define(refreshJob(db));
  jobs.define(pushJob({ db, ...config }));
  return new ReportService({
    db,
    jobs,
    officeHours: config.officeHours,
    publicUrl: config.publicUrl,
    ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
  });
}
