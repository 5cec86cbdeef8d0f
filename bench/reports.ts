// Reports at scale: creating a report, the public list with filters, search, the map and the figures, measured
// with autocannon against the app on a throw-away PostgreSQL database filled by src/modules/reports/demo-reports.ts, at
// each size of BENCH_REPORTS. Every figure is compared with two baselines measured in the same run: Fastify's
// hello world (the least an HTTP request can cost) and a raw single-row INSERT loop (pg.Pool of 10, the least a
// write can cost). Then the targets of the issue are checked and printed; a missed target never fails the run.
//
// Run alone with `node --import tsx bench/reports.ts`, or as the last part of `npm run bench`.
// Environment: BENCH_REPORTS (sizes, default 10000; e.g. 10000,1000000), BENCH_KEEP=1 (keep the databases),
// BENCH_RATE (requests per second in all: latency at that load instead of at saturation),
// BENCH_REPORTS_DATABASE (measure existing databases instead, comma-separated, smallest first: names on
// BENCH_DATABASE_URL's server or full postgres:// URLs; nothing is generated or dropped; e.g. one kept by
// BENCH_KEEP=1),
// and BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_DATABASE_URL as in run.ts.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { importDataSet } from '../src/modules/org/service.js';
import { tsQuery } from '../src/modules/reports/public.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createLogger } from '../src/platform/logger.js';
import { DEMO_DATA_DIR } from '../src/platform/paths.js';
import {
  formatGenerateResult,
  generateReports,
  sampleSubmissions,
} from '../src/modules/reports/demo-reports.js';
import {
  adminQuery,
  databaseUrlFor,
  formatColumns,
  measure,
  startApp,
  startHelloWorld,
  type BenchCase,
  type CaseResult,
  type LoadOptions,
} from './lib.js';

const logger = createLogger('warn');
const say = (line = '') => process.stdout.write(`${line}\n`);
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
/** Other work on the machine skews every figure: it is printed at the start and the end. */
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** What a case is judged by: create against the raw INSERT rate, reads and figures by their p99. */
type Kind = 'create' | 'read' | 'figures';

interface ReportCase extends BenchCase {
  kind: Kind;
}

interface Row {
  size: number;
  kind: Kind;
  result: CaseResult;
}

/** Ids and texts the cases need, read from the generated database. */
interface Fixtures {
  categoryId: string;
  districtId: string;
  submissions: string[];
  /** Listed reports matching each search text. */
  matches: Map<string, number>;
  reports: number;
}

const SEARCHES = [
  { label: 'search: common word', q: 'rác thải' },
  { label: 'search: common word, no diacritics', q: 'rac thai' },
  { label: 'search: rare word', q: 'rắn hổ mang' },
  { label: 'search: rare word, no diacritics', q: 'ran ho mang' },
] as const;
/** About 2 × 2 km of the provincial city's centre, and the whole province (data-demo/area-geometry.json). */
const TOWN_BOX = '106.185,21.265,106.205,21.285';
const PROVINCE_BOX = '105.8833,21.1167,107.0333,21.6167';
const SETUP_REQUEST = fileURLToPath(new URL('./reports-request.cts', import.meta.url));

export const sizeLabel = (size: number) =>
  size >= 1_000_000 && size % 1_000_000 === 0
    ? `${size / 1_000_000}m`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);

export function parseSizes(text: string): number[] {
  const sizes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (sizes.some((s) => !Number.isInteger(s) || s <= 0))
    throw new Error(`BENCH_REPORTS must list whole numbers of reports, e.g. 10000,1000000 (got "${text}")`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export async function openBenchDatabase(url: string): Promise<Database> {
  return openDatabase({
    databaseUrl: url,
    dataDir: '/nonexistent',
    poolMax: 4,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 0,
    logger,
  });
}

/** A fresh database with the demo organisation and `size` generated reports, settled for measuring. */
export async function fillDatabase(url: string, size: number): Promise<void> {
  const database = await openBenchDatabase(url);
  try {
    await migrate(database.db, logger);
    await importDataSet(database.db, DEMO_DATA_DIR);
    say(`  generating ${n0(size)} reports…`);
    const result = await generateReports(database.db, {
      count: size,
      seed: 1,
      log: size >= 100_000 ? (line) => say(`  ${line.trim()}`) : undefined,
    });
    say(`  ${formatGenerateResult(result).replace(/\n/g, '\n  ')}`);
    // Vacuum now, so that autovacuum (insert-triggered since PostgreSQL 13) does not start in the middle of a
    // measurement, and the visibility map allows index-only scans as on a settled production table.
    const started = performance.now();
    for (const table of ['reports', 'report_events', 'report_reporters'])
      await sql`vacuum (analyze) ${sql.table(table)}`.execute(database.db);
    await sql`checkpoint`.execute(database.db);
    say(`  vacuum + checkpoint ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

async function readFixtures(url: string): Promise<Fixtures> {
  const database = await openBenchDatabase(url);
  try {
    const db = database.db;
    const id = async (table: 'categories' | 'areas', slug: string) => {
      const row = await sql<{ id: string }>`select id from ${sql.table(table)} where slug = ${slug}`.execute(
        db,
      );
      if (!row.rows[0]) throw new Error(`the demo organisation has no ${table} ${slug}`);
      return row.rows[0].id;
    };
    const matches = new Map<string, number>();
    for (const { q } of SEARCHES) {
      const count = await sql<{ n: number }>`select count(*)::int as n from reports
          where listed and search_doc @@ to_tsquery('simple', ${tsQuery(q) ?? ''})`.execute(db);
      matches.set(q, count.rows[0]?.n ?? 0);
    }
    const reports = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(db);
    return {
      categoryId: await id('categories', 'trat-tu-do-thi'),
      districtId: await id('areas', 'bac-giang.luc-ngan'),
      submissions: await sampleSubmissions(db, 2000),
      matches,
      reports: reports.rows[0]?.n ?? 0,
    };
  } finally {
    await database.close();
  }
}

/**
 * The write ceiling: single-row parameterized INSERTs into a throw-away table from 10 concurrent loops on a
 * pg.Pool of 10 (as measured in shared/reference/stack.md §6), after a one-second warm-up. Rows per second.
 */
async function rawInsertRate(url: string, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await pool.query(`create table bench_raw_insert (id bigserial primary key, owner int not null,
      title text not null, price int not null, created_at timestamptz not null default now())`);
    await pool.query('create index bench_raw_insert_owner_idx on bench_raw_insert (owner, price)');
    const loops = async (ms: number) => {
      const deadline = performance.now() + ms;
      const counts = await Promise.all(
        Array.from({ length: 10 }, async () => {
          let rows = 0;
          while (performance.now() < deadline) {
            const owner = 1 + Math.floor(Math.random() * 1000);
            await pool.query('insert into bench_raw_insert (owner, title, price) values ($1, $2, $3)', [
              owner,
              `item ${owner}`,
              1 + Math.floor(Math.random() * 10_000),
            ]);
            rows += 1;
          }
          return rows;
        }),
      );
      return counts.reduce((a, b) => a + b, 0);
    };
    await loops(1000);
    const started = performance.now();
    const rows = await loops(seconds * 1000);
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await pool.query('drop table if exists bench_raw_insert');
    await pool.end();
  }
}

const get = (name: string, kind: Kind, pathAndQuery: string): ReportCase => ({
  name,
  kind,
  path: pathAndQuery,
});

/** The cases for one database; `cursor` is the second page's cursor of the newest-first list. */
function casesFor(fixtures: Fixtures, cursor: string | null): ReportCase[] {
  const list = '/api/v1/public/reports';
  const createRequest = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: SETUP_REQUEST,
    bodies: fixtures.submissions,
  } as const;
  return [
    get('list: newest', 'read', list),
    ...(cursor ? [get('list: newest, page 2 (cursor)', 'read', `${list}?cursor=${cursor}`)] : []),
    get('list: category', 'read', `${list}?categoryId=${fixtures.categoryId}`),
    get('list: area (district subtree)', 'read', `${list}?areaId=${fixtures.districtId}`),
    get('list: category + status', 'read', `${list}?categoryId=${fixtures.categoryId}&status=in_progress`),
    ...SEARCHES.map(({ label, q }) => get(`${label} "${q}"`, 'read', `${list}?q=${encodeURIComponent(q)}`)),
    get('map: town, zoom 15 (points)', 'read', `${list}/map?bbox=${TOWN_BOX}&zoom=15`),
    get('map: province, zoom 8 (clusters)', 'read', `${list}/map?bbox=${PROVINCE_BOX}&zoom=8`),
    get('figures: by agency', 'figures', '/api/v1/public/figures?groupBy=agency'),
    get('figures: by area', 'figures', '/api/v1/public/figures?groupBy=area'),
    get('figures: by category', 'figures', '/api/v1/public/figures?groupBy=category'),
    // Last, so the reads above see exactly the generated reports.
    {
      name: 'create: POST report (new Idempotency-Key each)',
      kind: 'create',
      method: 'POST',
      path: list,
      requests: [createRequest],
    },
  ];
}

/** One request of a read case, to show what it returns (and that it answers 200). */
async function probe(url: string, benchCase: ReportCase): Promise<string> {
  const response = await fetch(new URL(benchCase.path, url));
  const body = (await response.json()) as {
    items?: unknown[];
    mode?: string;
    points?: unknown[];
    clusters?: unknown[];
    truncated?: boolean;
    groups?: unknown[];
  };
  const what = body.items
    ? `${body.items.length} items`
    : body.mode === 'points'
      ? `${body.points?.length ?? 0} points${body.truncated ? ' (truncated)' : ''}`
      : body.mode === 'clusters'
        ? `${body.clusters?.length ?? 0} clusters`
        : `${body.groups?.length ?? 0} groups`;
  return `${response.status}, ${what}`;
}

/** One submission, to show that creating works (201 and the code given) before it is loaded. */
async function probeCreate(url: string, body: string): Promise<string> {
  const response = await fetch(new URL('/api/v1/public/reports', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `probe-${crypto.randomUUID()}` },
    body,
  });
  const reply = (await response.json()) as { code?: string; error?: { code?: string } };
  return `${response.status}, ${reply.code ?? reply.error?.code ?? JSON.stringify(reply).slice(0, 200)}`;
}

async function firstCursor(url: string): Promise<string | null> {
  const response = await fetch(new URL('/api/v1/public/reports', url));
  return ((await response.json()) as { nextCursor?: string | null }).nextCursor ?? null;
}

/** Measures every case against the app on the database at `url`. */
async function measureDatabase(
  url: string,
  size: number,
  fixtures: Fixtures,
  options: LoadOptions,
): Promise<Row[]> {
  // One load generator is one client address: the per-client submission limit is lifted for the measurement.
  // Errors are counted by status in the table; the app's own log would drown the output under load.
  const app = await startApp(url, { REPORTS_PER_HOUR: '0', LOG_LEVEL: 'fatal' });
  try {
    const cases = casesFor(fixtures, await firstCursor(app.url));
    for (const c of cases.filter((c) => c.kind !== 'create')) {
      const matches = SEARCHES.find((s) => c.name.endsWith(`"${s.q}"`));
      const extra = matches ? ` — ${n0(fixtures.matches.get(matches.q) ?? 0)} listed reports match` : '';
      say(`  ${c.name}: ${await probe(app.url, c)}${extra}`);
    }
    say(`  create: ${await probeCreate(app.url, fixtures.submissions[0] ?? '{}')}`);
    const rows: Row[] = [];
    for (const c of cases) {
      say(`  measuring ${c.name} …`);
      rows.push({ size, kind: c.kind, result: await measure(sizeLabel(size), app.url, c, options) });
    }
    return rows;
  } finally {
    await app.stop();
  }
}

interface SizeRun {
  size: number;
  rawInsert: number;
  rows: Row[];
}

/** Creates, fills, measures and (unless kept) drops one database of `size` reports. */
async function runSize(
  adminUrl: string,
  size: number,
  options: LoadOptions,
  keep: boolean,
): Promise<SizeRun> {
  const name = `pakn_bench_reports_${sizeLabel(size)}_${Date.now().toString(36)}`;
  const url = databaseUrlFor(adminUrl, name);
  say(`\nReports × ${n0(size)} — database ${name}`);
  await adminQuery(adminUrl, `create database ${name}`);
  try {
    const started = performance.now();
    await fillDatabase(url, size);
    say(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await measureExisting(url, options, size);
  } finally {
    if (keep) say(`  kept database ${name} (${url})`);
    else await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  }
}

async function measureExisting(url: string, options: LoadOptions, size?: number): Promise<SizeRun> {
  const fixtures = await readFixtures(url);
  const reports = size ?? fixtures.reports;
  say(`  raw INSERT baseline (pg.Pool of 10, ${options.durationSeconds} s)…`);
  const rawInsert = await rawInsertRate(url, Math.max(1, options.durationSeconds));
  say(`  raw INSERT: ${n0(rawInsert)} rows/s`);
  return { size: reports, rawInsert, rows: await measureDatabase(url, reports, fixtures, options) };
}

async function helloWorld(options: LoadOptions, name: string): Promise<CaseResult> {
  const hello = await startHelloWorld();
  try {
    say(`  measuring ${name} …`);
    return await measure('hello world', hello.url, { name, path: '/', baseline: true }, options);
  } finally {
    await hello.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Targets and the printed report

const READ_P99_MS = 30;
const READ_GROWTH = 1.5;
const FIGURES_P99_MS = 50;
const CREATE_SHARE_OF_INSERT = 0.5;

/** Whether a row meets the issue's target; `reference` is the same case at the smallest size of the run. */
function verdict(row: Row, run: SizeRun, reference: Row | undefined): { ok: boolean; text: string } {
  const { result } = row;
  if (result.failures > 0)
    return { ok: false, text: `${result.failures} failed requests (${result.failureKinds})` };
  switch (row.kind) {
    case 'create': {
      const share = result.requestsPerSecond / run.rawInsert;
      return {
        ok: share >= CREATE_SHARE_OF_INSERT,
        text: `${share.toFixed(2)}× raw INSERT (≥ ${CREATE_SHARE_OF_INSERT}×)`,
      };
    }
    case 'figures':
      return { ok: result.p99Ms <= FIGURES_P99_MS, text: `p99 ${result.p99Ms} ms (≤ ${FIGURES_P99_MS})` };
    case 'read': {
      const fast = result.p99Ms <= READ_P99_MS;
      if (!reference || reference.size === row.size)
        return { ok: fast, text: `p99 ${result.p99Ms} ms (≤ ${READ_P99_MS})` };
      const growth = result.p99Ms / Math.max(reference.result.p99Ms, 1e-9);
      return {
        ok: fast && growth <= READ_GROWTH,
        text: `p99 ${result.p99Ms} ms (≤ ${READ_P99_MS}), ${growth.toFixed(1)}× ${sizeLabel(reference.size)} (≤ ${READ_GROWTH}×)`,
      };
    }
  }
}

function printResults(runs: SizeRun[], hello: CaseResult, helloAgain: CaseResult): void {
  const smallest = runs[0];
  const table: string[][] = [];
  const misses: string[] = [];
  for (const run of runs)
    for (const row of run.rows) {
      const reference = smallest?.rows.find((r) => r.result.case === row.result.case);
      const v = verdict(row, run, reference);
      if (!v.ok) misses.push(`${sizeLabel(row.size)} ${row.result.case}: ${v.text}`);
      table.push([
        sizeLabel(row.size),
        row.result.case,
        n0(row.result.requestsPerSecond),
        String(row.result.p50Ms),
        String(row.result.p99Ms),
        `${(row.result.requestsPerSecond / hello.requestsPerSecond).toFixed(3)}×`,
        row.kind === 'create' ? `${(row.result.requestsPerSecond / run.rawInsert).toFixed(3)}×` : '',
        String(row.result.failures),
        `${v.ok ? 'ok  ' : 'MISS'} ${v.text}`,
      ]);
    }
  const header = [
    'reports',
    'case',
    'req/s',
    'p50 ms',
    'p99 ms',
    '÷ hello',
    '÷ raw INSERT',
    'failures',
    'target',
  ];
  say(`\n${formatColumns(header, table, new Set([2, 3, 4, 5, 6, 7]))}\n`);
  say(
    `hello world: ${n0(hello.requestsPerSecond)} req/s (again at the end: ${n0(helloAgain.requestsPerSecond)}); ` +
      `raw INSERT: ${runs.map((r) => `${n0(r.rawInsert)} rows/s at ${sizeLabel(r.size)}`).join(', ')}`,
  );
  say(
    `targets: create ≥ ${CREATE_SHARE_OF_INSERT}× raw INSERT; list/search/map p99 ≤ ${READ_P99_MS} ms and ≤ ${READ_GROWTH}× ` +
      `the smallest size's p99; figures p99 ≤ ${FIGURES_P99_MS} ms. p99 is autocannon's, in whole milliseconds.`,
  );
  say(misses.length === 0 ? 'All targets hold.' : `Missed (${misses.length}):\n  ${misses.join('\n  ')}`);
}

export interface ReportsBenchOptions {
  adminUrl: string;
  options: LoadOptions;
}

/** The whole reports benchmark: baselines, every size, the table and the targets. */
export async function benchReports({ adminUrl, options: loadOptions }: ReportsBenchOptions): Promise<void> {
  const sizes = parseSizes(process.env.BENCH_REPORTS ?? '10000');
  const rate = Number(process.env.BENCH_RATE ?? 0);
  const options: LoadOptions = rate > 0 ? { ...loadOptions, rate } : loadOptions;
  const existing = (process.env.BENCH_REPORTS_DATABASE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const keep = process.env.BENCH_KEEP === '1';
  say(
    `\nReports at scale — ${existing.length > 0 ? `databases ${existing.join(', ')}` : `sizes ${sizes.map(n0).join(', ')}`}; ` +
      `${options.connections} connections${rate > 0 ? ` at a fixed ${rate} req/s in all (BENCH_RATE: latency below saturation; req/s ratios then say nothing)` : ''}, ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per case; ` +
      `load average ${loadAverage()}`,
  );
  try {
    await adminQuery(adminUrl, 'select 1');
  } catch (error) {
    say(`  skipped: no PostgreSQL server at BENCH_DATABASE_URL (${(error as Error).message})`);
    return;
  }
  const hello = await helloWorld(options, 'GET /');
  const runs: SizeRun[] = [];
  if (existing.length > 0)
    for (const name of existing) {
      say(`\nReports in database ${name}`);
      runs.push(await measureExisting(name.includes('://') ? name : databaseUrlFor(adminUrl, name), options));
    }
  else for (const size of sizes) runs.push(await runSize(adminUrl, size, options, keep));
  const helloAgain = await helloWorld(options, 'GET / (again, at the end)');
  printResults(runs, hello, helloAgain);
  say(`load average at the end ${loadAverage()}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  await benchReports({
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    options: {
      connections: seconds('BENCH_CONNECTIONS', 10),
      durationSeconds: seconds('BENCH_DURATION', 10),
      warmupSeconds: seconds('BENCH_WARMUP', 2),
    },
  });
}
