// The job queue and transactional outbox: pg-boss jobs in PostgreSQL, enqueued in the caller's transaction.
import crypto from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { Db } from '../db/tables.js';
import type { Logger } from 'pino';
import { executorOf, type Database } from '../db/database.js';
import { TIME_ZONE } from '../text.js';

/** A named, typed job kind with its own retry policy. Handlers must be idempotent: a job may run again after a crash. */
export interface JobDefinition<T extends object> {
  name: string;
  /** Attempts after the first one before the job ends in `failed`. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) on each further retry. */
  retryDelaySeconds: number;
  /** A job still active after this long is treated as crashed and retried. */
  expireInSeconds?: number;
  /** Jobs a worker takes per poll (default 10); each succeeds or fails on its own. */
  batchSize?: number;
  handler: (data: T, job: { id: string; retryCount: number }) => Promise<void>;
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  retryCount: number;
  retryLimit: number;
  data: unknown;
  /** For a failed job: the last error message, as staff see it. */
  output: unknown;
  createdOn: Date;
  completedOn: Date | null;
}

export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same name and key collides and returns null. */
  key?: string;
  /** The transaction of the change that causes the job; the job exists only if that transaction commits. */
  trx?: Db;
  startAfter?: Date | number;
}

/** UUID (version-5 layout) derived from the job name and key, so the same key always maps to the same job id. */
export function jobIdFor(name: string, key: string): string {
  const hash = crypto.createHash('sha1').update(`pakn-job\u0000${name}\u0000${key}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started = false;
  /** Set by stop(): pg-boss's own writes after it are dropped (see `trackedExecutor`). */
  private closed = false;
  /** pg-boss statements and job batches still running; stop() waits for them before the pool closes. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly options: { pollingIntervalSeconds?: number } = {},
  ) {
    this.boss = new PgBoss({
      db: this.trackedExecutor(),
      schema: 'pgboss',
      // Keep finished jobs visible to staff for a week before they move to the archive.
      archiveCompletedAfterSeconds: 7 * 24 * 3600,
      archiveFailedAfterSeconds: 30 * 24 * 3600,
      deleteAfterDays: 90,
      monitorStateIntervalSeconds: 60,
    });
    this.boss.on('error', (error) => {
      this.logger.error({ err: error }, 'job queue error');
    });
  }

  /**
   * pg-boss's statements, counted so that stop() can wait for them. pg-boss stops waiting for a batch after
   * its timeout and settles a batch without awaiting the write, and a poll in flight at stop() still
   * starts its batch: without this, such a write would reach a closed pool as an unhandled rejection.
   * After stop() a late write is dropped; its job stays active, expires and is retried, as after a crash.
   */
  private trackedExecutor(): { executeSql: Database['sql']['executeSql'] } {
    return {
      executeSql: (text, values) => {
        if (this.closed) {
          this.logger.warn('job queue write after shutdown dropped; the job runs again after it expires');
          return Promise.resolve({ rows: [] });
        }
        return this.track(this.database.sql.executeSql(text, values));
      },
    };
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  /** Declares a job kind; call before start(). */
  define<T extends object>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /** Creates pg-boss's schema on first use and the queues of every defined job. */
  async start(): Promise<void> {
    await this.boss.start();
    for (const def of this.definitions.values()) {
      await this.boss.createQueue(def.name, {
        name: def.name,
        policy: 'standard',
        retryLimit: def.retryLimit,
        retryDelay: def.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
      });
    }
    this.started = true;
  }

  /** Starts workers for every defined job in this process. */
  async work(): Promise<void> {
    for (const def of this.definitions.values()) {
      await this.boss.work<object>(
        def.name,
        {
          includeMetadata: true,
          batchSize: def.batchSize ?? 10,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
        },
        (jobs) => this.track(this.runBatch(def, jobs)),
      );
    }
  }

  private async runBatch(
    def: JobDefinition<object>,
    jobs: readonly { id: string; data: object; retryCount: number; retryLimit: number }[],
  ): Promise<void> {
    // pg-boss settles a whole batch at once; a failure is recorded per job here so that the
    // jobs that succeeded are completed (not retried) when the batch returns.
    for (const job of jobs) {
      try {
        await def.handler(job.data, { id: job.id, retryCount: job.retryCount });
        this.logger.debug({ job: def.name, id: job.id }, 'job completed');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(
          { job: def.name, id: job.id, attempt: job.retryCount + 1, err: error },
          job.retryCount >= job.retryLimit ? 'job failed for good' : 'job failed, will retry',
        );
        await this.boss.fail(def.name, job.id, { message });
      }
    }
  }

  /** Enqueues a job; returns its id, or null when a job with the same key already exists. */
  async enqueue(name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`Unknown job: ${name}`);
    return this.boss.send(name, data, {
      ...(options.key !== undefined ? { id: jobIdFor(name, options.key) } : {}),
      ...(options.trx !== undefined ? { db: executorOf(options.trx) } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
    });
  }

  /**
   * Enqueues many jobs of one kind in one statement, in the transaction `trx` (the outbox of a batch of
   * changes); a job whose key already exists is skipped, as with `enqueue`.
   */
  async enqueueMany(name: string, jobs: readonly { data: object; key: string }[], trx: Db): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`Unknown job: ${name}`);
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({ name, data: job.data, id: jobIdFor(name, job.key) })),
      { db: executorOf(trx) },
    );
  }

  /** Runs `name` on a cron schedule in the province's time zone (one instance fires across all processes). */
  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    await this.boss.schedule(name, cron, data, { tz: TIME_ZONE });
  }

  async getJob(name: string, id: string): Promise<JobView | null> {
    const job = await this.boss.getJobById<unknown>(name, id, { includeArchive: true });
    if (!job) return null;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
      data: job.data,
      output: job.output,
      createdOn: job.createdOn,
      completedOn: job.completedOn ?? null,
    };
  }

  /** Jobs in one state, newest first: what staff look at when a delivery fails. */
  async listJobs(state: JobState, limit = 100): Promise<JobView[]> {
    // Before the first start there is no queue schema, and so no jobs.
    const exists = await this.database.sql.executeSql(`select to_regclass('pgboss.job') is not null as ok`);
    if ((exists.rows[0] as { ok?: boolean } | undefined)?.ok !== true) return [];
    const result = await this.database.sql.executeSql(
      `select id, name, state, retry_count, retry_limit, data, output, created_on, completed_on
         from pgboss.job where state = $1 order by created_on desc limit $2`,
      [state, limit],
    );
    return (result.rows as Record<string, unknown>[]).map((r) => ({
      id: String(r.id),
      name: String(r.name),
      state: r.state as JobState,
      retryCount: Number(r.retry_count),
      retryLimit: Number(r.retry_limit),
      data: r.data,
      output: r.output,
      createdOn: new Date(r.created_on as string),
      completedOn: r.completed_on ? new Date(r.completed_on as string) : null,
    }));
  }

  /** Gives a failed job one more attempt; false when there is no failed job with that id. */
  async retry(name: string, id: string): Promise<boolean> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
    if ((await this.getJob(name, id))?.state !== 'failed') return false;
    await this.boss.retry(name, id);
    return true;
  }

  /**
   * Stops fetching new jobs and waits up to `timeoutMs` for the running batches and pg-boss's own
   * statements (a poll in flight included), so that the database can be closed after it.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const deadline = Date.now() + Math.max(timeoutMs, 1000);
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(timeoutMs, 1000), close: false });
    // A poll that was in flight starts its batch a few ticks after its statement returns: look again
    // until nothing is running for one whole pause.
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      const pause = new AbortController();
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        delay(deadline - Date.now(), undefined, { signal: pause.signal }).catch(() => undefined),
      ]);
      pause.abort();
      await delay(20);
    }
    if (this.inFlight.size > 0) {
      this.logger.warn({ running: this.inFlight.size }, 'job queue stopped with work still running');
    }
    this.closed = true;
  }
}
