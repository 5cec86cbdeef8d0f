// `npm run generate:reports -- --count 1000000 [--database-url postgres://…] [--seed 1]
//    [--now 2026-01-01T00:00:00Z] [--batch-size 2000] [--concurrency 3]`: fills a PostgreSQL database with
// realistic generated reports (src/modules/reports/demo-reports.ts). The database is migrated and given the
// demo organisation if it has none.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { importDataSet } from '../src/modules/org/service.js';
import { formatGenerateResult, generateReports } from '../src/modules/reports/demo-reports.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createLogger } from '../src/platform/logger.js';
import { DEMO_DATA_DIR } from '../src/platform/paths.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
      'database-url': { type: 'string' },
      'batch-size': { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '3' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('give --database-url postgres://… (or set DATABASE_URL)');
  const logger = createLogger('warn');
  const concurrency = Number(values.concurrency);
  const database = await openDatabase({
    databaseUrl,
    dataDir: '/nonexistent',
    poolMax: concurrency + 1,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 0,
    logger,
  });
  try {
    await migrate(database.db, logger);
    const areas = await sql<{ n: number }>`select count(*)::int as n from areas`.execute(database.db);
    if (areas.rows[0]?.n === 0) await importDataSet(database.db, DEMO_DATA_DIR);
    const result = await generateReports(database.db, {
      count: Number(values.count),
      seed: Number(values.seed),
      ...(values.now !== undefined ? { now: new Date(values.now) } : {}),
      batchSize: Number(values['batch-size']),
      concurrency,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${formatGenerateResult(result)}\n`);
    const states = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from reports group by status order by n desc`.execute(database.db);
    process.stdout.write(`states: ${states.rows.map((s) => `${s.status} ${s.n}`).join(', ')}\n`);
  } finally {
    await database.close();
  }
}

await main();
