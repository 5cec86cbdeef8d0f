// The HTTP app over a test database, with its job queue (workers running) and the development SMS provider.
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { DevSmsProvider, smsJob } from '../../src/platform/sms.js';
import { DevMailProvider, mailJob, SmtpMailProvider } from '../../src/platform/mail.js';
import type { ReportService } from '../../src/modules/reports/intake.js';
import { setUpReports } from '../../src/modules/reports/setup.js';

export interface TestApp {
  app: FastifyInstance;
  mail: DevMailProvider | SmtpMailProvider;
  jobs: JobQueue;
  sms: DevSmsProvider;
  reports: ReportService;
  close(): Promise<void>;
}

export async function startTestApp(
  database: Database,
  options: { env?: Record<string, string>; logger?: Logger; smtpUrl?: string } = {},
): Promise<TestApp> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const sms = new DevSmsProvider(logger);
  const jobs = new JobQueue(database, logger, { pollingIntervalSeconds: 0.5 });
  jobs.define(smsJob(sms));
  const mail =
    options.smtpUrl !== undefined
      ? new SmtpMailProvider(options.smtpUrl, 'PAKN <no-reply@pakn.test>')
      : new DevMailProvider(logger);
  jobs.define(mailJob(mail));
  const config = loadConfig({ DATA_DIR: '/nonexistent', ...options.env });
  // No cache of organisation data: tests change it and submit right after.
  const reports = setUpReports(database.db, jobs, config, { cacheMs: 0 });
  await jobs.start();
  await jobs.work();
  const app = await buildApp({
    config,
    database,
    logger,
    jobs,
    sms,
    mail,
    reports,
  });
  return {
    app,
    mail,
    jobs,
    sms,
    reports,
    async close() {
      await app.close();
      await jobs.stop(2000);
    },
  };
}
