// The shared benchmark runner: servers to start, cases to load with autocannon, and the results table.
//
// A benchmark here is a measurement, never a test: nothing asserts on speed. Every figure is printed
// next to a baseline (a bare Fastify server) measured in the same run on the same machine, because
// absolute numbers mean little across machines while the ratio does.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { startRuntime } from '../src/runtime.js';

/** A running HTTP server under test. */
export interface Target {
  /** Base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  stop(): Promise<void>;
}

/** A server to start once, and the requests to measure against it. */
export interface TargetSpec {
  /** Short name shown in the table, e.g. `app (PGlite)`. */
  name: string;
  /** Starts the server; return null (with a reason printed) to skip the target in this run. */
  start(): Promise<Target | null>;
  cases: BenchCase[];
}

export interface BenchCase {
  /** What is measured, e.g. `GET /readyz`. */
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Requests built by autocannon itself, e.g. with a `setupRequest` module (a file path: the load generator
   * runs in a worker thread) that gives each request its own body or Idempotency-Key.
   */
  requests?: autocannon.Request[];
  /** The case every other case is compared with; exactly one in a run. */
  baseline?: boolean;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /**
   * Requests per second over all connections (autocannon's overallRate): latency at that load. Unset: as
   * fast as the server answers, so latency includes queueing at saturation.
   */
  rate?: number;
}

export interface CaseResult {
  target: string;
  case: string;
  baseline: boolean;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx responses: a run with any of these is suspect. */
  failures: number;
  /** What the failures were, e.g. `429×3800, timeouts×2`; empty when none. */
  failureKinds: string;
}

/** Non-2xx status codes with their counts, then errors and timeouts, from an autocannon result. */
function failureKinds(result: autocannon.Result): string {
  const kinds = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, stats]) => `${code}×${stats.count ?? 0}`);
  if (result.errors > 0) kinds.push(`errors×${result.errors}`);
  if (result.timeouts > 0) kinds.push(`timeouts×${result.timeouts}`);
  return kinds.join(', ');
}

async function load(url: string, benchCase: BenchCase, durationSeconds: number, options: LoadOptions) {
  return autocannon({
    url: new URL(benchCase.path, url).toString(),
    method: benchCase.method ?? 'GET',
    ...(benchCase.headers ? { headers: benchCase.headers } : {}),
    ...(benchCase.body !== undefined ? { body: benchCase.body } : {}),
    ...(benchCase.requests ? { requests: benchCase.requests } : {}),
    connections: options.connections,
    ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
    duration: durationSeconds,
    // The load generator runs in its own thread so it does not share the server's event loop.
    workers: 1,
  });
}

/** Warms up then measures one case against a running target. */
export async function measure(
  target: string,
  url: string,
  benchCase: BenchCase,
  options: LoadOptions,
): Promise<CaseResult> {
  if (options.warmupSeconds > 0) await load(url, benchCase, options.warmupSeconds, options);
  const result = await load(url, benchCase, options.durationSeconds, options);
  return {
    target,
    case: benchCase.name,
    baseline: benchCase.baseline === true,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
    failureKinds: failureKinds(result),
  };
}

/** Starts each target in turn, measures its cases, stops it; a target that fails to start is reported and skipped. */
export async function runAll(targets: TargetSpec[], options: LoadOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const spec of targets) {
    let target: Target | null;
    try {
      target = await spec.start();
    } catch (error) {
      process.stdout.write(`  ${spec.name}: skipped, could not start (${(error as Error).message})\n`);
      continue;
    }
    if (target === null) continue;
    try {
      for (const benchCase of spec.cases) {
        process.stdout.write(`  ${spec.name}: ${benchCase.name} …\n`);
        results.push(await measure(spec.name, target.url, benchCase, options));
      }
    } finally {
      await target.stop();
    }
  }
  return results;
}

const fixed = (n: number, digits: number) => n.toFixed(digits);

/** The results as a plain-text table, with each case's throughput relative to the baseline. */
export function formatTable(results: CaseResult[]): string {
  const base = results.find((r) => r.baseline);
  const rows = results.map((r) => [
    r.target,
    r.case,
    Math.round(r.requestsPerSecond).toLocaleString('en-US'),
    fixed(r.p50Ms, 0),
    fixed(r.p99Ms, 0),
    base ? `${fixed(r.requestsPerSecond / base.requestsPerSecond, 3)}×` : '—',
    String(r.failures),
  ]);
  const header = ['server', 'case', 'req/s', 'p50 ms', 'p99 ms', 'req/s ÷ baseline', 'failures'];
  return formatColumns(header, rows, new Set([2, 3, 4, 5, 6]));
}

/** Rows of cells as aligned plain-text columns under a header; `numeric` columns are right-aligned. */
export function formatColumns(header: string[], rows: string[][], numeric: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The baseline: the least any Fastify route can cost on this machine. */
export async function startHelloWorld(): Promise<Target> {
  const app = Fastify({ logger: false });
  app.get('/', (_request, reply) => reply.send({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, stop: () => app.close() };
}

/**
 * The real app in this process, as `npm start` runs it but on port 0, without demo data and job workers;
 * `env` overrides settings (e.g. a limit the load generator, one client, would hit).
 */
export async function startApp(
  databaseUrl: string | undefined,
  env: Record<string, string> = {},
): Promise<Target> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pakn-bench-'));
  try {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      DEMO_MODE: 'false',
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    });
    const runtime = await startRuntime(
      config,
      createLogger(env.LOG_LEVEL ?? 'warn'),
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

/** Runs `sql` on the database at `url` (e.g. the server's admin database); throws when it cannot be reached. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Latency percentiles of one case, measured request by request (autocannon reports no 95th percentile). */
export interface LatencyResult {
  case: string;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
  /** Non-2xx status codes and connection errors (status 0) with their counts, e.g. `403×12`. */
  failureKinds: string;
}

// The load generator, in a worker thread so that it does not share the server's event loop (the app under test
// runs in this process): `connections` keep-alive connections, each sending its next request when the last is
// answered, for `warmupMs` then `durationMs`; every answered request's time is kept.
const LATENCY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, connections, durationMs, warmupMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
const once = () => new Promise((resolve) => {
  const start = performance.now();
  const request = http.request({ agent, hostname: target.hostname, port: target.port,
    path: target.pathname + target.search, method: 'GET', headers }, (response) => {
    response.resume();
    response.on('end', () => resolve({ ms: performance.now() - start, status: response.statusCode }));
  });
  request.on('error', () => resolve({ ms: performance.now() - start, status: 0 }));
  request.end();
});
const loops = async (ms, record) => {
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) record(await once());
  }));
};
(async () => {
  await loops(warmupMs, () => undefined);
  const latencies = [];
  const kinds = {};
  const started = performance.now();
  await loops(durationMs, (r) => {
    latencies.push(r.ms);
    if (r.status < 200 || r.status >= 300) kinds[r.status] = (kinds[r.status] || 0) + 1;
  });
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  parentPort.postMessage({ latencies, kinds, seconds });
})();
`;

/** Measures one GET case with `options.connections` closed-loop connections; percentiles of every request. */
export async function measureLatencies(
  url: string,
  benchCase: { name: string; path: string; headers?: Record<string, string> },
  options: LoadOptions,
): Promise<LatencyResult> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(LATENCY_WORKER, {
    eval: true,
    workerData: {
      url: new URL(benchCase.path, url).toString(),
      headers: benchCase.headers ?? {},
      connections: options.connections,
      durationMs: options.durationSeconds * 1000,
      warmupMs: options.warmupSeconds * 1000,
    },
  });
  const { latencies, kinds, seconds } = await new Promise<{
    latencies: number[];
    kinds: Record<string, number>;
    seconds: number;
  }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    case: benchCase.name,
    requestsPerSecond: sorted.length / seconds,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    requests: sorted.length,
    failures: Object.values(kinds).reduce((a, b) => a + b, 0),
    failureKinds: Object.entries(kinds)
      .map(([status, n]) => `${status}×${n}`)
      .join(', '),
  };
}
