// The HTTP app over a test database, with its job queue (workers running) and the development SMS provider.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
import type { WorkflowService } from '../../src/modules/workflow/service.js';
import { setUpWorkflow } from '../../src/modules/workflow/setup.js';
import { openBlobStore, type BlobStore } from '../../src/platform/storage.js';

export interface TestApp {
  app: FastifyInstance;
  mail: DevMailProvider | SmtpMailProvider;
  jobs: JobQueue;
  sms: DevSmsProvider;
  reports: ReportService;
  workflow: WorkflowService;
  store: BlobStore;
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
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-media-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: '/nonexistent',
    STORAGE_DIR: mediaDir,
    ...options.env,
  });
  const store = openBlobStore(config);
  // No cache of organisation data: tests change it and submit right after.
  const vapid = config.vapidKeys && { ...config.vapidKeys, subject: config.vapidSubject };
  const reports = setUpReports(database.db, jobs, store, { ...config, vapid }, { cacheMs: 0 });
  const workflow = setUpWorkflow(database.db, jobs, reports, config, logger);
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
    workflow,
    store,
    vapid,
  });
  return {
    app,
    mail,
    jobs,
    sms,
    reports,
    workflow,
    store,
    async close() {
      await app.close();
      await workflow.options.chainer?.settled();
      // Long enough for a handler still running on a loaded machine: one that outlives the pool fails noisily.
      await jobs.stop(10_000);
      await store.close();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}
