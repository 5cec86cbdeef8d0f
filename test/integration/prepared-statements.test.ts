// Prepared statements (PREPARE_MARK): the same text keeps one name whoever prepares it — on PGlite every client the
// pool makes shares one session and its prepared statements — and a connection whose prepared statement went stale
// (a column changed under it) answers the next call unprepared instead of failing from then on.
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARE_MARK, preparingPool } from '../../src/platform/db/database.js';
import { adminQuery, backend, urlFor } from '../support/backends.js';

let raw: pg.Pool;
let close: () => Promise<void>;
const name = `pakn_prepared_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  if (backend === 'pglite') {
    const lite = await PGlite.create('memory://');
    raw = new pg.Pool(createPgConfig(lite));
    close = async () => {
      await raw.end();
      await lite.close();
    };
  } else {
    await adminQuery(`create database ${name}`);
    raw = new pg.Pool({ connectionString: urlFor(name), max: 1 });
    close = async () => {
      await raw.end();
      await adminQuery(`drop database ${name} with (force)`);
    };
  }
});

afterAll(async () => {
  await close();
});

describe(`prepared statements on ${backend}`, () => {
  it('keep one name per text when the pool replaces its client, and recover from a stale plan', async () => {
    const a = `${PREPARE_MARK} select $1::int + 1 as n`;
    const b = `${PREPARE_MARK} select $1::text || '!' as s`;
    let client = await preparingPool(raw).connect();
    expect((await client.query(a, [1])).rows).toEqual([{ n: 2 }]);
    client.release();
    // A second wrapper knows nothing of the first's names, as a client the pool made anew on PGlite's one session
    // (which keeps its prepared statements) knows nothing of the old client's.
    client = await preparingPool(raw).connect();
    // A new client meets the other statement first: numbering by first use would give it `a`'s name.
    expect((await client.query(b, ['x'])).rows).toEqual([{ s: 'x!' }]);
    expect((await client.query(a, [2])).rows).toEqual([{ n: 3 }]);

    await client.query('create table prepared_t (a int)');
    await client.query('insert into prepared_t values (1)');
    const star = `${PREPARE_MARK} select * from prepared_t where a = $1`;
    expect((await client.query(star, [1])).rows).toEqual([{ a: 1 }]);
    await client.query('alter table prepared_t add column b text');
    // PostgreSQL refuses the stale plan once ("cached plan must not change result type")…
    const stale = await client.query(star, [1]).then(
      () => null,
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(stale === null || stale === '0A000').toBe(true);
    // …and the connection answers from then on, unprepared.
    expect((await client.query(star, [1])).rows).toEqual([{ a: 1, b: null }]);
    client.release();
  });
});
