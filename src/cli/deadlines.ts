// `npm run deadlines` runs one pass of the deadline watch now — what the scheduled job does every five minutes:
// alerts for clocks due soon or overdue, and published reports nobody rated closed after AUTO_CLOSE_DAYS. For an
// operator after the service was down, or to check the alerts. On PostgreSQL safe to run while servers run, and as
// often as wished: every alert has a dedupe key, so nobody is told twice (a second process running it at once
// included). The embedded database belongs to one process: stop the server first.
import { setUpReports } from '../modules/reports/setup.js';
import { watchDeadlines } from '../modules/workflow/deadlines.js';
import { setUpWorkflow } from '../modules/workflow/setup.js';
import { chainQueuedAudit } from '../platform/audit.js';
import { JobQueue } from '../platform/jobs/queue.js';
import { openBlobStore } from '../platform/storage.js';
import { runCli } from './common.js';

await runCli(async ({ config, logger, database }) => {
  const { db } = database;
  // Assembled as the server does, without starting any job worker: what the pass queues (a message to a reporter
  // whose report it closed) is sent by the servers' workers, as are the officers' alert e-mails.
  const jobs = new JobQueue(database, logger);
  const reports = setUpReports(db, jobs, openBlobStore(config), config);
  const workflow = setUpWorkflow(db, jobs, reports, config, logger);
  const now = new Date();
  const { calendar } = await reports.org(now);
  const run = await watchDeadlines({ db, calendar, workflow, autoCloseDays: config.autoCloseDays }, now);
  while ((await chainQueuedAudit(db)) > 0);
  process.stdout.write(
    `Deadline watch: ${run.dueSoon} due soon, ${run.overdue} overdue, ${run.alerts} new alerts, ` +
      `${run.autoClosed} closed without a rating.\n`,
  );
});
