// Officer bulk import: seconds to import 4,000 generated officers (XLSX and CSV) into a fresh database holding
// the demo organisation, then to import the same file again (nothing changes), on embedded PGlite and, when
// reachable, a real PostgreSQL server. Run alone with `node --import tsx bench/officer-import.ts`, or as the
// last part of `npm run bench`. The target is under 30 s for the first import.
//
// Environment: BENCH_OFFICERS (rows, default 4000), BENCH_DATABASE_URL (as in run.ts).
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { locateColumns, readSheet, writeOfficerFile } from '../src/modules/accounts/officer-file.js';
import { importOfficers } from '../src/modules/accounts/officer-import.js';
import type { OfficerFileFormat } from '../src/modules/accounts/schemas.js';
import { importDataSet } from '../src/modules/org/service.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createLogger } from '../src/platform/logger.js';
import { DEMO_DATA_DIR } from '../src/platform/paths.js';
import { generateOfficers } from '../scripts/officer-samples.js';

const logger = createLogger('warn');

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated database with the demo organisation: in memory, or a throw-away database on the server. */
async function freshDatabase(
  adminUrl: string | null,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  let url: string | undefined;
  let drop = async () => {};
  if (adminUrl !== null) {
    const name = `pakn_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  }
  const database = await openDatabase({
    databaseUrl: url,
    dataDir: '/nonexistent',
    pgliteDataDir: 'memory://',
    poolMax: 2,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 120_000,
    logger,
  });
  await migrate(database.db, logger);
  await importDataSet(database.db, DEMO_DATA_DIR);
  return { database, drop };
}

const seconds = async (run: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
};

interface Row {
  backEnd: string;
  format: OfficerFileFormat;
  parse: number;
  first: number;
  again: number;
}

/** Measures the import on each back end and prints one table; returns the rows. */
export async function benchOfficerImport(options: { adminUrl: string; count?: number }): Promise<Row[]> {
  const count = options.count ?? Number(process.env.BENCH_OFFICERS ?? 4000);
  const officers = generateOfficers(count, 'bench');
  const files = {
    xlsx: await writeOfficerFile(officers, 'xlsx', { lang: 'vi' }),
    csv: await writeOfficerFile(officers, 'csv', { lang: 'vi', delimiter: ';' }),
  };
  process.stdout.write(
    `\nOfficer import — ${count.toLocaleString('en-US')} rows (XLSX ${Math.round(files.xlsx.length / 1024)} KiB, ` +
      `CSV ${Math.round(files.csv.length / 1024)} KiB), into the demo organisation\n`,
  );

  let postgres = true;
  try {
    await adminQuery(options.adminUrl, 'select 1');
  } catch (error) {
    postgres = false;
    process.stdout.write(
      `  PostgreSQL: skipped, no server at BENCH_DATABASE_URL (${(error as Error).message})\n`,
    );
  }
  const rows: Row[] = [];
  for (const [backEnd, adminUrl] of [
    ['PGlite', null],
    ...(postgres ? [['PostgreSQL', options.adminUrl] as const] : []),
  ] as const) {
    for (const format of ['xlsx', 'csv'] as const) {
      process.stdout.write(`  ${backEnd}: ${format} …\n`);
      const data = files[format];
      const parse = await seconds(async () => locateColumns(await readSheet(data, format)));
      const { database, drop } = await freshDatabase(adminUrl);
      try {
        const run = () => importOfficers(database.db, { data, format, actor: 'console' });
        const first = await seconds(run);
        const again = await seconds(run);
        rows.push({ backEnd, format, parse, first, again });
      } finally {
        await database.close();
        await drop();
      }
    }
  }

  const table = [
    ['back end', 'file', 'read file s', 'first import s', 'again (no change) s'],
    ...rows.map((r) => [r.backEnd, r.format, r.parse.toFixed(2), r.first.toFixed(2), r.again.toFixed(2)]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  process.stdout.write(
    `\n${table.map((row) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')}\n` +
      '\nfirst import: parse, check and write every row in one transaction (accounts and positions created); ' +
      'read file: the parse alone, included in both imports.\n',
  );
  return rows;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await benchOfficerImport({
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
}
