// Applies the numbered SQL files in migrations/ once each, in order, recording them in schema_migrations.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { MIGRATIONS_DIR } from '../paths.js';
import type { PlatformTables } from './tables.js';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Any fixed number: every process that migrates takes the same advisory lock, so only one applies at a time. */
const MIGRATION_LOCK_KEY = 7_231_905_101;

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match?.[1] || !match[2])
      throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2],
      sql: text,
      checksum: crypto.createHash('sha256').update(text).digest('hex'),
    };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `Migrations must be numbered 1, 2, 3… without gaps; found ${m.version} at position ${i + 1}`,
      );
  });
  return migrations;
}

async function ensureHistoryTable(db: Kysely<PlatformTables>): Promise<void> {
  await sql`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(db);
}

/** Applies pending migrations; refuses to start if an applied file was edited. Returns the versions applied. */
export async function migrate(
  db: Kysely<PlatformTables>,
  logger: Logger,
  dir = MIGRATIONS_DIR,
): Promise<number[]> {
  const migrations = readMigrations(dir);
  const applied: number[] = [];
  await ensureHistoryTable(db);
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      const done = new Map(
        (await conn.selectFrom('schema_migrations').select(['version', 'checksum']).execute()).map((r) => [
          r.version,
          r.checksum,
        ]),
      );
      for (const migration of migrations) {
        const checksum = done.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(
              `Migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(migration.sql).execute(trx);
          await trx
            .insertInto('schema_migrations')
            .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
            .execute();
        });
        applied.push(migration.version);
        logger.info({ version: migration.version, migration: migration.name }, 'migration applied');
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
  return applied;
}

/** True when every migration file has been applied (used by /readyz). */
export async function migrationsApplied(db: Kysely<PlatformTables>, dir = MIGRATIONS_DIR): Promise<boolean> {
  const expected = readMigrations(dir).length;
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) >= expected;
}
