// `npm run bench`: throughput and latency of the app against a bare Fastify server measured in the same run.
//
// Environment: BENCH_DURATION (seconds per case, default 10), BENCH_WARMUP (seconds, default 2),
// BENCH_CONNECTIONS (default 10), BENCH_DATABASE_URL (a PostgreSQL server where a throw-away database
// may be created; default postgres://postgres@127.0.0.1:5432/postgres, skipped when unreachable).
// To add a case: append it to a target's `cases`, or add a target to `targets`.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { startRuntime } from '../src/runtime.js';
import {
  formatTable,
  runAll,
  type BenchCase,
  type LoadOptions,
  type Target,
  type TargetSpec,
} from './lib.js';
import { benchOfficerImport } from './officer-import.js';

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

/** The baseline: the least any Fastify route can cost on this machine. */
async function startHelloWorld(): Promise<Target> {
  const app = Fastify({ logger: false });
  app.get('/', (_request, reply) => reply.send({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, stop: () => app.close() };
}

/** The real app in this process, as `npm start` runs it but on port 0, without demo data and job workers. */
async function startApp(databaseUrl: string | undefined): Promise<Target> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pakn-bench-'));
  try {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      DEMO_MODE: 'false',
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
    });
    const runtime = await startRuntime(
      config,
      createLogger('warn'),
      databaseUrl === undefined ? { pgliteDataDir: 'memory://' } : {},
    );
    return {
      url: runtime.url,
      async stop() {
        await runtime.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs `sql` on the admin database; throws when the server cannot be reached. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

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
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const app = await startApp(url.toString());
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
