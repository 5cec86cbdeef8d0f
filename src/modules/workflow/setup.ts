// The workflow's service and its scheduled deadline watch, as the runtime and the tests assemble them.
import type { Db } from '../../platform/db/tables.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import type { ReportService } from '../reports/intake.js';
import type { Logger } from 'pino';
import { AuditChainer } from '../../platform/audit.js';
import { alertsJob } from './alerts.js';
import { auditChainJob, deadlinesJob } from './deadlines.js';
import { WorkflowService } from './service.js';

/** Defines the workflow's jobs on `jobs` (before `jobs.start()`) and returns its service. */
export function setUpWorkflow(
  db: Db,
  jobs: JobQueue,
  reports: ReportService,
  config: { autoCloseDays: number; publicUrl: string },
  logger: Pick<Logger, 'error'>,
): WorkflowService {
  const chainer = new AuditChainer(db, (error) => {
    logger.error({ err: error }, 'audit chaining failed');
  });
  const workflow = new WorkflowService({ db, jobs, reports, chainer });
  jobs.define(deadlinesJob({ db, reports, workflow, autoCloseDays: config.autoCloseDays }));
  jobs.define(auditChainJob(db));
  jobs.define(alertsJob({ db, jobs, publicUrl: config.publicUrl }));
  return workflow;
}
