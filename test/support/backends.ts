// Test databases on both back ends. A global setup migrates one template per run (a PostgreSQL
// template database, or a PGlite snapshot); each test file then gets its own copy, so files running
// in parallel never see each other's rows and runs never collide.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.js';

export type TestBackend = 'pglite' | 'postgres';

export const backend: TestBackend = process.env.PAKN_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';

/** Where the PostgreSQL tests connect to create their databases. */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated template database of this run. */
    templateDatabase: string;
    /** PGlite: file holding the migrated snapshot of this run. */
    pgliteSnapshot: string;
  }
}

export const quietLogger = pino({ level: 'silent' });

export interface TestDatabase {
  database: Database;
  /** Connection string of this file's database (PostgreSQL back end only). */
  url: string | undefined;
  /** A second, independent connection pool to the same data, as another process would have (PostgreSQL only). */
  openAnother(): Promise<Database>;
}

/** Opens a fresh migrated database for one test file; close it with `database.close()`. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const snapshot = new Blob([fs.readFileSync(inject('pgliteSnapshot'))]);
    const database = await openDatabase({
      ...commonOptions(undefined),
      pgliteDataDir: 'memory://',
      pgliteSnapshot: snapshot,
    });
    return {
      database,
      url: undefined,
      openAnother: () =>
        Promise.reject(new Error('PGlite is one process: there is no second connection to open')),
    };
  }
  const name = `${inject('templateDatabase').replace(/_tpl$/, '')}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name} template ${inject('templateDatabase')}`);
  const url = urlFor(name);
  return {
    database: await openDatabase(commonOptions(url)),
    url,
    openAnother: () => openDatabase(commonOptions(url)),
  };
}

function commonOptions(databaseUrl: string | undefined) {
  return {
    databaseUrl,
    dataDir: '/nonexistent',
    poolMax: 5,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 30_000,
    logger: quietLogger,
  };
}

export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
