// Prepares the migrated template for the integration tests of one back end (see test/support/backends.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { adminQuery, quietLogger, urlFor } from '../support/backends.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Runs in vitest's main process, once per project: the back end comes from that project's env.
  if (project.config.env.PAKN_TEST_BACKEND !== 'postgres') {
    const database = await openDatabase({
      databaseUrl: undefined,
      dataDir: '/nonexistent',
      pgliteDataDir: 'memory://',
      poolMax: 1,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
      logger: quietLogger,
    });
    await migrate(database.db, quietLogger);
    if (!database.snapshot) throw new Error('embedded database without snapshot support');
    const dump = await database.snapshot();
    await database.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-test-')), 'snapshot.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteSnapshot', file);
    return async () => {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    };
  }

  const prefix = `pakn_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const template = `${prefix}_tpl`;
  await adminQuery(`create database ${template}`);
  const database = await openDatabase({
    databaseUrl: urlFor(template),
    dataDir: '/nonexistent',
    poolMax: 1,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 30_000,
    logger: quietLogger,
  });
  await migrate(database.db, quietLogger);
  await database.close();
  project.provide('templateDatabase', template);
  return async () => {
    const { rows } = await adminQuery(`select datname from pg_database where datname like '${prefix}%'`);
    for (const row of rows as { datname: string }[])
      await adminQuery(`drop database if exists ${row.datname} with (force)`);
  };
}
