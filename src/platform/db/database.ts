// Opens the one PostgreSQL dialect on either back end: embedded PGlite or a server through a pg pool.
import crypto from 'node:crypto';
import path from 'node:path';
import { Kysely, PostgresDialect, CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { lockDataDir } from './lock.js';
import type { Db, PlatformTables } from './tables.js';

export type Backend = 'pglite' | 'postgres';

/** Runs raw SQL on whatever holds the connection (the pool, or a transaction); the shape pg-boss expects. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  backend: Backend;
  db: Kysely<PlatformTables>;
  /** Raw SQL on the pool, for the job queue. */
  sql: SqlExecutor;
  /** Embedded back end only: a copy of the whole data directory (test templates, later backups). */
  snapshot?: () => Promise<Blob>;
  /** Closes the pool, the embedded database and releases the data-directory lock. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  logger: Logger;
  /** Tests may pass `memory://` to skip the disk; the lock is then not taken. */
  pgliteDataDir?: string;
  /** Tests start from a migrated snapshot (`PGlite.dumpDataDir()`) instead of an empty cluster. */
  pgliteSnapshot?: Blob;
}

function executorFor(
  query: (text: string, values?: unknown[]) => Promise<pg.QueryResult | pg.QueryResult[]>,
): SqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await query(text, values);
      // A multi-statement string returns one result per statement: the last one is the answer.
      return Array.isArray(result) ? (result.at(-1) ?? { rows: [] }) : result;
    },
  };
}

/** An executor bound to a Kysely connection or transaction, so a job can be enqueued in the caller's transaction. */
export function executorOf(db: Db): SqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}

// A SQL `date` is a calendar day with no time zone: keep it as 'YYYY-MM-DD' text. pg's default turns
// it into a Date at local midnight, which names a different day in any zone west of the server's.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** The connection settings from the configuration. */
export function databaseOptions(config: Config, logger: Logger): DatabaseOptions {
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    logger,
  };
}

/**
 * Marks a hot statement to be prepared once per connection and its plan kept (PostgreSQL's plan cache): planning
 * was most of the database's time on the workflow's and the session's statements. Only for statements whose plan
 * does not depend on the values (lookups and writes by key): a generic plan could not use, say, a partial index
 * chosen by a value. Put it first in the SQL text: `sql\`${PREPARE} select …\``.
 */
export const PREPARE_MARK = '/* prepared */';
/** How many marked statements one connection keeps prepared; later ones run unprepared. */
const PREPARED_PER_CONNECTION = 200;

/** PostgreSQL's answers when a prepared statement no longer fits (a column changed type) or was dropped. */
const PREPARED_GONE = new Set(['0A000', '26000']);

/**
 * A pool whose clients prepare marked statements under a name derived from the text, so that the same text always
 * has the same name — also on PGlite, where every client the pool creates shares one session and its prepared
 * statements. A connection whose prepared statements went stale stops preparing.
 */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  const stale = new WeakSet<pg.PoolClient>();
  const nameFor = (client: pg.PoolClient, text: string): string | undefined => {
    if (stale.has(client)) return undefined;
    let known = prepared.get(client);
    if (known === undefined) prepared.set(client, (known = new Set<string>()));
    const name = `pakn_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (!known.has(name)) {
      if (known.size >= PREPARED_PER_CONNECTION) return undefined;
      known.add(name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
        return async (text: unknown, values?: unknown[]) => {
          const name =
            typeof text === 'string' && text.startsWith(PREPARE_MARK) ? nameFor(target, text) : undefined;
          if (name === undefined) return target.query(text as string, values);
          try {
            return await target.query({ name, text: text as string, values });
          } catch (error) {
            if (PREPARED_GONE.has((error as { code?: string }).code ?? '')) stale.add(target);
            throw error;
          }
        };
      },
    });
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'connect') return Reflect.get(target, property, receiver) as unknown;
      // The callback form (pg-pool's own `query` uses it) gets a plain client.
      return (callback?: (...args: unknown[]) => void) => {
        if (callback === undefined) return target.connect().then(wrap);
        target.connect(callback);
        return undefined;
      };
    },
  });
}

/** The one code path of both back ends: Kysely's PostgresDialect over a pg-compatible pool. */
function overPool(backend: Backend, pool: pg.Pool, logger: Logger): Database {
  // A client losing its connection emits here; without a listener the process would crash.
  pool.on('error', (error) => {
    logger.error({ err: error, backend }, 'database connection failed');
  });
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    backend,
    db,
    sql: executorFor((text, values) => pool.query(text, values)),
    async close() {
      await db.destroy();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { logger } = options;
  if (options.databaseUrl !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs,
      application_name: 'pakn',
    });
    return overPool('postgres', pool, logger);
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const dataDir = options.pgliteDataDir ?? path.join(options.dataDir, 'pgdata');
  const release = dataDir.startsWith('memory://') ? () => undefined : lockDataDir(options.dataDir);
  try {
    const lite = await PGlite.create(
      dataDir,
      options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {},
    );
    // PGlite is one session: a pool of one client keeps Kysely's transactions on a single connection.
    const database = overPool('pglite', new pg.Pool(createPgConfig(lite)), logger);
    return {
      ...database,
      snapshot: () => lite.dumpDataDir('none'),
      async close() {
        await database.close();
        await lite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
