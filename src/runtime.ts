// Boots the whole process: database, migrations, demo data, job queue, HTTP server; and stops it gracefully.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './platform/config.js';
import { databaseOptions, openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { sql } from 'kysely';
import { JobQueue } from './platform/jobs/queue.js';
import { DevSmsProvider, smsJob } from './platform/sms.js';
import { DevMailProvider, mailJob, SmtpMailProvider } from './platform/mail.js';
import { loadDemoDataIfEmpty, type DemoAccount } from './modules/org/demo.js';
import { setUpReports } from './modules/reports/setup.js';
import { scheduleDeadlines } from './modules/workflow/deadlines.js';
import { setUpWorkflow } from './modules/workflow/setup.js';
import type { WorkflowService } from './modules/workflow/service.js';
import { resolveVapidKeys } from './modules/reports/push.js';
import { loadGuidesIfNone } from './modules/guides/service.js';
import { CONTENT_DIR } from './platform/paths.js';
import { openBlobStore, type BlobStore } from './platform/storage.js';
import { scheduleRefresh } from './modules/reports/views.js';

export interface Runtime {
  config: Config;
  database: Database;
  jobs: JobQueue;
  app: FastifyInstance;
  url: string;
  demoAccounts: DemoAccount[];
  /** The handling workflow (tests act through it as an officer would). */
  workflow: WorkflowService;
  /** Stops accepting requests, finishes in-flight ones and active jobs, then closes the database. */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already open database (tests); the runtime owns it from here and closes it on stop. */
  database?: Database;
  pgliteDataDir?: string;
  webDir?: string;
}

/** Demo mode's first start: recent generated reports in every state, so the public record is not empty. */
async function loadDemoReportsIfNone(database: Database, count: number, logger: Logger): Promise<void> {
  const any = await sql<{
    n: number;
  }>`select count(*)::int as n from (select 1 from reports limit 1) r`.execute(database.db);
  if ((any.rows[0]?.n ?? 0) > 0) return;
  // Loaded only here: the generator and its vocabulary are not needed on later starts.
  const { generateReports } = await import('./modules/reports/demo-reports.js');
  const result = await generateReports(database.db, { count, seed: 1, spanDays: 120, concurrency: 1 });
  logger.info({ reports: result.reports, events: result.events }, 'demo reports generated');
}

export async function startRuntime(
  config: Config,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  // The HTTP layer (Fastify, every route, their schemas) loads while the embedded database starts.
  const appModule = import('./app.js');
  const database =
    options.database ??
    (await openDatabase({
      ...databaseOptions(config, logger),
      ...(options.pgliteDataDir !== undefined ? { pgliteDataDir: options.pgliteDataDir } : {}),
    }));
  let jobs: JobQueue | undefined;
  let app: FastifyInstance | undefined;
  let store: BlobStore | undefined;
  try {
    await migrate(database.db, logger);
    // The guides and the FAQ are the system's own content (every deployment), edited later by the province.
    const guides = await loadGuidesIfNone(database.db, path.join(CONTENT_DIR, 'guides.json'));
    if (guides > 0) logger.info({ guides }, 'guides and FAQ loaded from content/guides.json');
    const demoAccounts = config.demoMode ? await loadDemoDataIfEmpty(database, config.dataDir, logger) : [];
    if (config.demoMode && config.demoReports > 0)
      await loadDemoReportsIfNone(database, config.demoReports, logger);

    const sms = new DevSmsProvider(logger);
    jobs = new JobQueue(database, logger);
    jobs.define(smsJob(sms));
    const mail =
      config.smtpUrl !== undefined
        ? new SmtpMailProvider(config.smtpUrl, config.mailFrom)
        : new DevMailProvider(logger);
    jobs.define(mailJob(mail));
    store = openBlobStore(config);
    const vapid = await resolveVapidKeys({
      dataDir: config.dataDir,
      nodeEnv: config.nodeEnv,
      keys: config.vapidKeys,
      subject: config.vapidSubject,
    });
    if (!vapid) logger.warn('Web Push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT');
    const reports = setUpReports(database.db, jobs, store, { ...config, vapid });
    const workflow = setUpWorkflow(database.db, jobs, reports, config, logger);
    // Queues are created while the HTTP layer is assembled; workers start once the server listens.
    const jobsStarting = jobs.start();

    const { buildApp } = await appModule;
    app = await buildApp({
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
      ...(options.webDir !== undefined ? { webDir: options.webDir } : {}),
    });
    await jobsStarting;
    await app.listen({ port: config.port, host: config.host });
    if (config.jobsEnabled) {
      await jobs.work();
      await scheduleRefresh(jobs);
      await scheduleDeadlines(jobs);
    }
    (await import('./modules/auth/service.js')).prepareSignIn();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;

    const runningApp = app;
    const runningJobs = jobs;
    const runningStore = store;
    let stopping: Promise<void> | undefined;
    return {
      config,
      database,
      jobs,
      app,
      url,
      demoAccounts,
      workflow,
      stop() {
        stopping ??= (async () => {
          await runningApp.close();
          await workflow.options.chainer?.settled();
          await runningJobs.stop(config.shutdownTimeoutMs);
          await runningStore.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await jobs?.stop(1000).catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
