// The reports module's service and job kinds, as the runtime and the tests assemble them.
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/tables.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { ReportService } from './intake.js';
import { notifyJob } from './notify.js';
import { pushJob, type VapidKeys } from './push.js';
import { refreshJob } from './views.js';
import { purgeJob } from './media.js';
import type { BlobStore } from '../../platform/storage.js';

/** Defines the module's jobs on `jobs` (before `jobs.start()`) and returns its service. */
export function setUpReports(
  db: Db,
  jobs: JobQueue,
  store: BlobStore,
  config: Pick<Config, 'officeHours' | 'publicUrl'> & { vapid?: VapidKeys | undefined },
  options: { cacheMs?: number } = {},
): ReportService {
  jobs.define(notifyJob({ db, jobs, publicUrl: config.publicUrl }));
  jobs.define(refreshJob(db));
  jobs.define(purgeJob(db, store));
  jobs.define(pushJob({ db, vapid: config.vapid }));
  return new ReportService({
    db,
    jobs,
    officeHours: config.officeHours,
    publicUrl: config.publicUrl,
    ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
  });
}
