// The HTTP app over a test database, with its job queue (workers running) and the development SMS provider.
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { DevSmsProvider, smsJob } from '../../src/platform/sms.js';
import { DevMailProvider, mailJob, SmtpMailProvider } from '../../src/platform/mail.js';

export interface TestApp {
  app: FastifyInstance;
  mail: DevMailProvider | SmtpMailProvider;
  jobs: JobQueue;
  sms: DevSmsProvider;
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
  await jobs.start();
  await jobs.work();
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: '/nonexistent', ...options.env }),
    database,
    logger,
    jobs,
    sms,
    mail,
  });
  return {
    app,
    mail,
    jobs,
    sms,
    async close() {
      await app.close();
      await jobs.stop(2000);
    },
  };
}
