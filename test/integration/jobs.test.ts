// The transactional outbox: jobs enqueued with the change that causes them, delivered once, retried
// with exponential backoff, ending in a final state staff can see; duplicate keys collide.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { backend, openTestDatabase, quietLogger, type TestDatabase } from '../support/backends.js';

let test: TestDatabase;
let database: Database;
const queues: JobQueue[] = [];

function newQueue(db: Database): JobQueue {
  const queue = new JobQueue(db, quietLogger, { pollingIntervalSeconds: 0.5 });
  queues.push(queue);
  return queue;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  test = await openTestDatabase();
  database = test.database;
  await sql`create table delivered (job_id text not null, worker text not null, at timestamptz not null default now())`.execute(
    database.db,
  );
});

afterAll(async () => {
  for (const q of queues) await q.stop(2000);
  await database.close();
});

describe(`job queue on ${backend}`, () => {
  it('delivers each job exactly once when two workers compete', async () => {
    // On PostgreSQL the second worker has its own pool, as a second process would.
    const other = backend === 'postgres' ? await test.openAnother() : database;
    const workers = [newQueue(database), newQueue(other)].map((queue, i) => {
      queue.define<{ n: number }>({
        name: 'test-deliver',
        retryLimit: 0,
        retryDelaySeconds: 1,
        handler: async (_data, job) => {
          await sql`insert into delivered (job_id, worker) values (${job.id}, ${`w${i}`})`.execute(
            database.db,
          );
        },
      });
      return queue;
    });
    for (const w of workers) await w.start();
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push((await workers[0]!.enqueue('test-deliver', { n })) ?? '');
    for (const w of workers) await w.work();

    const rows = await until('all deliveries', async () => {
      const r = await sql<{ job_id: string; worker: string }>`select job_id, worker from delivered`.execute(
        database.db,
      );
      return r.rows.length >= ids.length ? r.rows : undefined;
    });
    // Let any duplicate delivery surface before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const final = await sql<{ job_id: string }>`select job_id from delivered`.execute(database.db);
    expect(final.rows.map((r) => r.job_id).sort()).toEqual([...ids].sort());
    if (backend === 'postgres') expect(new Set(rows.map((r) => r.worker)).size).toBe(2);
    for (const id of ids) expect((await workers[0]!.getJob('test-deliver', id))?.state).toBe('completed');
    for (const w of workers) await w.stop(2000);
    if (other !== database) await other.close();
  });

  it('retries with exponential backoff and ends in failed, visibly', async () => {
    const attempts: number[] = [];
    const queue = newQueue(database);
    queue.define<{ to: string }>({
      name: 'test-fail',
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async () => {
        attempts.push(Date.now());
        throw new Error('SMTP 554: mailbox unavailable');
      },
    });
    await queue.start();
    const id = await queue.enqueue('test-fail', { to: 'x' });
    expect(id).not.toBeNull();
    await queue.work();

    const job = await until('the job to fail', async () => {
      const j = await queue.getJob('test-fail', id!);
      return j?.state === 'failed' ? j : undefined;
    });
    expect(attempts).toHaveLength(3);
    expect(job.retryCount).toBe(2);
    expect(JSON.stringify(job.output)).toContain('SMTP 554: mailbox unavailable');
    // Backoff: the n-th retry waits at least retryDelay × 2^(n-1).
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1000 - 50);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(2000 - 50);

    const failed = await queue.listJobs('failed');
    expect(failed.map((j) => j.id)).toContain(id);

    // Staff give it one more attempt once the cause is fixed.
    expect(await queue.retry('test-fail', '00000000-0000-5000-8000-000000000000')).toBe(false);
    expect(await queue.retry('test-fail', id!)).toBe(true);
    await until('the extra attempt', async () => (attempts.length === 4 ? true : undefined));
    await until('the job to fail again', async () =>
      (await queue.getJob('test-fail', id!))?.state === 'failed' ? true : undefined,
    );
    await queue.stop(2000);
  });

  it('settles each job of a batch on its own: one failure does not re-run the others', async () => {
    const calls: number[] = [];
    const queue = newQueue(database);
    queue.define<{ n: number }>({
      name: 'test-batch',
      retryLimit: 0,
      retryDelaySeconds: 1,
      batchSize: 10,
      handler: async ({ n }) => {
        calls.push(n);
        if (n === 1) throw new Error('recipient refused');
      },
    });
    await queue.start();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push((await queue.enqueue('test-batch', { n }))!);
    await queue.work();
    const states = await until('all three settled', async () => {
      const s = await Promise.all(ids.map(async (id) => (await queue.getJob('test-batch', id))?.state));
      return s.every((x) => x === 'completed' || x === 'failed') ? s : undefined;
    });
    expect(states).toEqual(['completed', 'failed', 'completed']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls.sort()).toEqual([0, 1, 2]);
    await queue.stop(2000);
  });

  it('makes a duplicate enqueue with the same key collide', async () => {
    const queue = newQueue(database);
    queue.define({ name: 'test-dup', retryLimit: 0, retryDelaySeconds: 1, handler: async () => undefined });
    await queue.start();
    const first = await queue.enqueue('test-dup', { a: 1 }, { key: 'report-42-submitted' });
    const second = await queue.enqueue('test-dup', { a: 2 }, { key: 'report-42-submitted' });
    const other = await queue.enqueue('test-dup', { a: 3 }, { key: 'report-43-submitted' });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(other).not.toBeNull();
    expect((await queue.getJob('test-dup', first!))?.data).toEqual({ a: 1 });
  });

  it('enqueues in the transaction of the change: nothing when it rolls back, the job when it commits', async () => {
    const queue = newQueue(database);
    queue.define({
      name: 'test-outbox',
      retryLimit: 0,
      retryDelaySeconds: 1,
      handler: async () => undefined,
    });
    await queue.start();
    await sql`create table changes (id int primary key)`.execute(database.db);

    let rolledBackId: string | null = null;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into changes values (1)`.execute(trx);
        rolledBackId = await queue.enqueue('test-outbox', { change: 1 }, { trx });
        throw new Error('validation failed after the insert');
      }),
    ).rejects.toThrow('validation failed');
    expect(rolledBackId).not.toBeNull();
    expect(await queue.getJob('test-outbox', rolledBackId!)).toBeNull();

    const committedId = await database.db.transaction().execute(async (trx) => {
      await sql`insert into changes values (2)`.execute(trx);
      return queue.enqueue('test-outbox', { change: 2 }, { trx });
    });
    expect((await queue.getJob('test-outbox', committedId!))?.state).toBe('created');
    const rows = await sql<{ id: number }>`select id from changes`.execute(database.db);
    expect(rows.rows).toEqual([{ id: 2 }]);
  });
});
