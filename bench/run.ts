// `npm run bench`: throughput and latency of the app against a bare Fastify server measured in the same run.
//
// Environment: BENCH_DURATION (seconds per case, default 10), BENCH_WARMUP (seconds, default 2),
// BENCH_CONNECTIONS (default 10), BENCH_DATABASE_URL (a PostgreSQL server where a throw-away database
// may be created; default postgres://postgres@127.0.0.1:5432/postgres, skipped when unreachable), and
// BENCH_REPORTS, BENCH_KEEP, BENCH_REPORTS_DATABASE for the reports part (bench/reports.ts).
// To add a case: append it to a target's `cases`, or add a target to `targets`.
import crypto from 'node:crypto';
import os from 'node:os';
import {
  adminQuery,
  databaseUrlFor,
  formatTable,
  runAll,
  startApp,
  startHelloWorld,
  type BenchCase,
  type LoadOptions,
  type Target,
  type TargetSpec,
} from './lib.js';
import { benchOfficerImport } from './officer-import.js';
import { benchReports } from './reports.js';

const seconds = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds`);
  return value;
};

const options: LoadOptions = {
  connections: seconds('BENCH_CONNECTIONS', 10),
  durationSeconds: seconds('BENCH_DURATION', 10),
  warmupSeconds: seconds('BENCH_WARMUP', 2),
};
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `sql` on the admin database; throws when the server cannot be reached. */
const admin = (sql: string) => adminQuery(adminUrl, sql);

/** The app on a fresh database of its own on a real PostgreSQL server, dropped afterwards. */
async function startAppOnPostgres(): Promise<Target | null> {
  const name = `pakn_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    process.stdout.write(
      `  app (PostgreSQL): skipped, no server at BENCH_DATABASE_URL (${(error as Error).message})\n`,
    );
    return null;
  }
  const dropDatabase = () => admin(`drop database if exists ${name} with (force)`);
  try {
    const app = await startApp(databaseUrlFor(adminUrl, name));
    return {
      url: app.url,
      async stop() {
        await app.stop();
        await dropDatabase();
      },
    };
  } catch (error) {
    await dropDatabase();
    throw error;
  }
}

/** /healthz is the app's fixed cost per request (hooks, helmet, metrics); /readyz adds one database query. */
const appCases: BenchCase[] = [
  { name: 'GET /healthz', path: '/healthz' },
  { name: 'GET /readyz', path: '/readyz' },
];

const targets: TargetSpec[] = [
  {
    name: 'hello world',
    start: startHelloWorld,
    cases: [{ name: 'GET /', path: '/', baseline: true }],
  },
  {
    name: 'app (PGlite)',
    start: () => startApp(undefined),
    cases: appCases,
  },
  {
    name: 'app (PostgreSQL)',
    start: startAppOnPostgres,
    cases: appCases,
  },
  {
    // The baseline again: if it moved, the machine's load changed during the run and the ratios are rough.
    name: 'hello world',
    start: startHelloWorld,
    cases: [{ name: 'GET / (again, at the end)', path: '/' }],
  },
];

const cpus = os.cpus();
process.stdout.write(
  `PAKN bench — Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}\n` +
    `${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per case, load generator in a worker thread\n\n`,
);
const results = await runAll(targets, options);
process.stdout.write(`\n${formatTable(results)}\n\n`);
process.stdout.write(
  "req/s: mean over the run; latency: autocannon's histogram, 1 ms resolution; " +
    'req/s ÷ baseline: compared with the hello-world server measured in this same run.\n',
);

// Not a request: seconds to bulk-import 4,000 officers, on each back end.
await benchOfficerImport({ adminUrl });

// Reports at scale (BENCH_REPORTS sizes, 10,000 by default): create, list, search, map and figures.
await benchReports({ adminUrl, options });
