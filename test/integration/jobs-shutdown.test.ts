// Stopping the job queue while a poll is in flight: the batch that poll brings back still runs and is
// settled before stop() returns, so closing the database afterwards leaves nothing writing to a closed pool.
import { sql } from 'kysely';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { backend, openTestDatabase, quietLogger } from '../support/backends.js';

let database: Database;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await sql`create table ran (job_id text not null)`.execute(database.db);
  process.on('unhandledRejection', onUnhandled);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe(`job queue shutdown on ${backend}`, () => {
  it('runs and settles the batch of a poll that was in flight at stop, before the database closes', async () => {
    // The poll's statement has taken the job (it is active) but its answer arrives only after stop()
    // has begun, as when stop() lands while PostgreSQL answers a fetch.
    let pollTaken!: () => void;
    const polled = new Promise<void>((resolve) => (pollTaken = resolve));
    let armed = false;
    const slowPolls: Database = {
      ...database,
      sql: {
        async executeSql(text, values) {
          const result = await database.sql.executeSql(text, values);
          if (armed && /skip locked/i.test(text) && result.rows.length > 0) {
            armed = false;
            pollTaken();
            await delay(400);
          }
          return result;
        },
      },
    };
    const queue = new JobQueue(slowPolls, quietLogger, { pollingIntervalSeconds: 0.5 });
    queue.define({
      name: 'test-shutdown',
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async (_data, job) => {
        await sql`insert into ran (job_id) values (${job.id})`.execute(database.db);
      },
    });
    await queue.start();
    const id = (await queue.enqueue('test-shutdown', { n: 1 }))!;
    armed = true;
    await queue.work();
    await polled;
    await queue.stop(5000);

    const state = await sql<{ state: string }>`select state from pgboss.job where id = ${id}`.execute(
      database.db,
    );
    const ran = await sql<{ job_id: string }>`select job_id from ran`.execute(database.db);
    await database.close();
    await delay(600);
    expect(ran.rows).toEqual([{ job_id: id }]);
    expect(state.rows).toEqual([{ state: 'completed' }]);
    expect(unhandled).toEqual([]);
  });
});
