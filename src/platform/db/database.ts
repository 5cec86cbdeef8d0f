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
  /**
   * Listens to a PostgreSQL notification channel (LISTEN/NOTIFY). On a server: on a connection of its own, outside
   * the pool (a pooled connection goes back to others between queries); `onLost` is called once if it drops, and
   * whatever was notified meanwhile is lost. Embedded: in PGlite's one session, where LISTEN waits its turn like
   * any query (never inside another caller's transaction) and nothing is lost.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onLost: (error: Error) => void,
  ): Promise<Listener>;
  /** Embedded back end only: a copy of the whole data directory (test templates, later backups). */
  snapshot?: () => Promise<Blob>;
  /** Closes the pool, the embedded database and releases the data-directory lock. */
  close(): Promise<void>;
}

/** A channel being listened to. */
export interface Listener {
  /** A round trip on the listening connection: rejects when the connection is gone. */
  ping(): Promise<void>;
  /** Stops listening (and closes the connection of its own). */
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

/** LISTEN on a connection of its own to the server at `connectionString`. */
async function listenOnServer(
  options: { connectionString: string; connectTimeoutMs: number },
  channel: string,
  onNotify: (payload: string) => void,
  onLost: (error: Error) => void,
): Promise<Listener> {
  const client = new pg.Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: 'pakn-listen',
    keepAlive: true,
  });
  // Set once listening: a failure before that rejects the promise below instead of reporting a loss.
  let listening = false;
  let done = false;
  const lost = (error: Error) => {
    if (done || !listening) return;
    done = true;
    client.end().catch(() => undefined);
    onLost(error);
  };
  client.on('notification', (message) => {
    if (message.channel === channel && message.payload !== undefined) onNotify(message.payload);
  });
  client.on('error', lost);
  client.on('end', () => {
    lost(new Error('the listening connection ended'));
  });
  try {
    await client.connect();
    await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    listening = true;
  } catch (error) {
    done = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (done) return;
      done = true;
      await client.end();
    },
  };
}

/** The one code path of both back ends: Kysely's PostgresDialect over a pg-compatible pool. */
function overPool(backend: Backend, pool: pg.Pool, logger: Logger, listen: Database['listen']): Database {
  // A client losing its connection emits here; without a listener the process would crash.
  pool.on('error', (error) => {
    logger.error({ err: error, backend }, 'database connection failed');
  });
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    backend,
    db,
    sql: executorFor((text, values) => pool.query(text, values)),
    listen,
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
    const server = { connectionString: options.databaseUrl, connectTimeoutMs: options.connectTimeoutMs };
    return overPool('postgres', pool, logger, (channel, onNotify, onLost) =>
      listenOnServer(server, channel, onNotify, onLost),
    );
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
    const pool = new pg.Pool(createPgConfig(lite));
    // Notifications come back on the session with the answers to queries; PGlite hands them to its listeners. The
    // LISTEN itself goes through the pool, so it waits for a transaction in progress instead of joining it (and
    // being undone with it).
    const listenInSession: Database['listen'] = async (channel, onNotify) => {
      const off = lite.onNotification((name, payload) => {
        if (name === channel) onNotify(payload);
      });
      const quoted = pg.escapeIdentifier(channel);
      try {
        await pool.query(`listen ${quoted}`);
      } catch (error) {
        off();
        throw error;
      }
      return {
        async ping() {},
        async close() {
          off();
          await pool.query(`unlisten ${quoted}`).catch(() => undefined);
        },
      };
    };
    const database = overPool('pglite', pool, logger, listenInSession);
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
