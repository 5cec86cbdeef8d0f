// `npm run bench:inbox`: the officers' inboxes at scale — every tab's first page, the tab counts, a search with and
// without diacritics, a filter and a deep page — for a receiver, an agency's handler and leader (Sở GTVT, one of
// the busiest agencies of the generated data) and a provincial leader, signed in over HTTP against the app on a
// PostgreSQL database of BENCH_REPORTS generated reports (bench/reports.ts `fillDatabase`: the same generator and
// settling as the reports benchmark). Percentiles (p50/p95/p99) come from every request of a closed-loop load in a
// worker thread; each case's throughput is compared with Fastify's hello world measured in the same run. The
// issue's target — an inbox page's p99 ≤ 50 ms with 1M reports — is checked and printed, never enforced.
//
// The generator leaves no report returned, escalated, reopened, sent back, with a pending extension or a
// coordinating agency: `shapeForInbox` moves a deterministic few percent of the open reports there (once per
// database) so that every tab has something to show.
//
// Environment: BENCH_REPORTS (sizes, default 10000; e.g. 10000,1000000), BENCH_INBOX_DATABASE (measure existing
// databases instead, comma-separated: names on BENCH_DATABASE_URL's server or postgres:// URLs — e.g. kept by
// BENCH_KEEP=1 here or by the reports benchmark; they are shaped as above), BENCH_KEEP=1, BENCH_EXPLAIN=1 (print
// EXPLAIN ANALYZE of every tab's page and count query, and of the tab counts), and BENCH_DURATION, BENCH_WARMUP,
// BENCH_CONNECTIONS, BENCH_DATABASE_URL as in run.ts.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery, sql } from 'kysely';
import { setPassword } from '../src/modules/auth/service.js';
import { currentPositions } from '../src/modules/auth/store.js';
import { countQuery, pageQuery, tabCountsQuery } from '../src/modules/inbox/store.js';
import { inboxScope, tabsOf, type TabDefinition } from '../src/modules/inbox/tabs.js';
import { dueSoonUntil } from '../src/modules/workflow/machine.js';
import { localDate } from '../src/platform/calendar/calendar.js';
import { loadWorkCalendar } from '../src/platform/calendar/store.js';
import { DEFAULT_OFFICE_HOURS } from '../src/platform/calendar/calendar.js';
import type { Database } from '../src/platform/db/database.js';
import {
  adminQuery,
  databaseUrlFor,
  formatColumns,
  measureLatencies,
  startApp,
  startHelloWorld,
  type LatencyResult,
  type LoadOptions,
} from './lib.js';
import { fillDatabase, openBenchDatabase, parseSizes, sizeLabel } from './reports.js';

const say = (line = '') => process.stdout.write(`${line}\n`);
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The officers measured: demo accounts (data-demo/accounts.json). */
const OFFICERS = [
  { label: 'receiver', username: 'canbo.tiepnhan1' },
  { label: 'handler (Sở GTVT)', username: 'xuly.sogtvt' },
  { label: 'agency leader (Sở GTVT)', username: 'lanhdao.sogtvt' },
  { label: 'provincial leader', username: 'lanhdao.ubndtinh' },
] as const;
const PASSWORD = 'mat-khau-do-hieu-nang-hop-thu';

const INBOX_P99_MS = 50;

/**
 * Moves a deterministic few percent of the generated open reports into the states the generator never reaches
 * (returned, escalated, answered, sent back, reopen requested), gives some a pending extension or a coordinating
 * agency, and sets the acknowledgement clock of assigned reports; once per database (it has returns after).
 */
async function shapeForInbox(database: Database): Promise<boolean> {
  const db = database.db;
  const done = await sql<{
    n: number;
  }>`select count(*)::int as n from (select 1 from report_returns limit 1) x`.execute(db);
  if ((done.rows[0]?.n ?? 0) > 0) return false;
  const bucket = sql`abs(hashtext(id::text)) % 100`;
  await sql`update reports set acknowledge_due_at = coalesce(assigned_at, submitted_at) + interval '1 day'
             where status = 'assigned' and acknowledge_due_at is null`.execute(db);
  await sql`with t as (select id, agency_id from reports where status = 'in_progress' and ${bucket} < 3),
                 x as (insert into report_returns (report_id, agency_id, reason, returned_at)
                       select id, agency_id, 'Không thuộc thẩm quyền (dữ liệu đo hiệu năng).', now() from t)
            update reports r set status = 'returned', agency_id = null, coordinating_agency_ids = '{}',
                   due_at = null, original_due_at = null, acknowledge_due_at = null
              from t where r.id = t.id`.execute(db);
  await sql`update reports set status = 'escalated' where status = 'in_progress' and ${bucket} = 3`.execute(
    db,
  );
  await sql`update reports set status = 'answered', answer_drafted = true
             where status = 'in_progress' and ${bucket} between 4 and 5`.execute(db);
  await sql`update reports set answer_drafted = true where status = 'in_progress' and ${bucket} between 6 and 7`.execute(
    db,
  );
  await sql`insert into report_extensions (report_id, reason, proposed_due_at, previous_due_at, requested_at)
            select id, 'Cần thêm thời gian (dữ liệu đo hiệu năng).', coalesce(due_at, now()) + interval '10 days',
                   due_at, now()
              from reports where status = 'in_progress' and ${bucket} between 8 and 10`.execute(db);
  await sql`update reports r set coordinating_agency_ids = array[(
              select g.id from agencies g where g.id <> r.agency_id and g.slug in ('ubnd-bac-giang.so-tnmt', 'ubnd-bac-giang.so-gtvt')
               order by g.slug limit 1)]
             where status in ('assigned', 'in_progress') and ${bucket} between 11 and 15`.execute(db);
  await sql`update reports set status = 'reopen_requested'
             where status = 'closed' and rating = 'unsatisfied' and ${bucket} < 20`.execute(db);
  for (const table of ['reports', 'report_extensions', 'report_returns'])
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  return true;
}

interface Officer {
  label: string;
  username: string;
  cookie: string;
  tabs: { id: string; count: number }[];
}

/** Signs the officers in over HTTP (a password set for the run) and reads their tabs. */
async function signIn(database: Database, url: string): Promise<Officer[]> {
  const officers: Officer[] = [];
  for (const { label, username } of OFFICERS) {
    const account = await sql<{ id: string }>`select id from accounts where username = ${username}`.execute(
      database.db,
    );
    const id = account.rows[0]?.id;
    if (!id) throw new Error(`the demo organisation has no account ${username}`);
    await setPassword(database.db, id, PASSWORD);
    const res = await fetch(new URL('/api/v1/auth/sign-in', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const cookie = /pakn_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    if (res.status !== 200 || !cookie) throw new Error(`${username} could not sign in: ${res.status}`);
    const tabs = (await (
      await fetch(new URL('/api/v1/inbox/tabs', url), { headers: { cookie } })
    ).json()) as {
      tabs: { id: string; count: number }[];
    };
    officers.push({ label, username, cookie, tabs: tabs.tabs });
  }
  return officers;
}

interface InboxCase {
  name: string;
  path: string;
  cookie: string;
  /** Reports the request selects (the tab's or the search's total), for the table. */
  kind: 'page' | 'counts';
}

async function totalOf(url: string, c: InboxCase): Promise<string> {
  const res = await fetch(new URL(c.path, url), { headers: { cookie: c.cookie } });
  const body = (await res.json()) as { total?: number; items?: unknown[]; tabs?: unknown[] };
  if (res.status !== 200) return `${res.status}`;
  return body.tabs ? `${body.tabs.length} tabs` : `${n0(body.total ?? 0)} (${body.items?.length ?? 0} shown)`;
}

function casesFor(officers: Officer[], fixtures: { categoryId: string; code: string }): InboxCase[] {
  const cases: InboxCase[] = [];
  for (const officer of officers) {
    cases.push({
      name: `${officer.label}: tab counts`,
      path: '/api/v1/inbox/tabs',
      cookie: officer.cookie,
      kind: 'counts',
    });
    for (const tab of officer.tabs)
      // The leader's agency tabs are the handler's: measured once, with the handler.
      if (!(officer.username === 'lanhdao.sogtvt' && !['approval', 'agency_overdue'].includes(tab.id)))
        cases.push({
          name: `${officer.label}: ${tab.id}`,
          path: `/api/v1/inbox?tab=${tab.id}`,
          cookie: officer.cookie,
          kind: 'page',
        });
  }
  const [receiver, handler] = officers;
  if (receiver && handler) {
    const q = (text: string) => encodeURIComponent(text);
    cases.push(
      {
        name: 'handler: in_progress, search "rác thải"',
        path: `/api/v1/inbox?tab=in_progress&q=${q('rác thải')}`,
        cookie: handler.cookie,
        kind: 'page',
      },
      {
        name: 'handler: in_progress, search "rac thai"',
        path: `/api/v1/inbox?tab=in_progress&q=${q('rac thai')}`,
        cookie: handler.cookie,
        kind: 'page',
      },
      {
        name: 'handler: overdue, search "duong" (prefix)',
        path: `/api/v1/inbox?tab=overdue&q=${q('duong')}`,
        cookie: handler.cookie,
        kind: 'page',
      },
      {
        name: 'receiver: new, search "rác"',
        path: `/api/v1/inbox?tab=new&q=${q('rác')}`,
        cookie: receiver.cookie,
        kind: 'page',
      },
      {
        name: 'receiver: new, search by code',
        path: `/api/v1/inbox?tab=new&q=${fixtures.code}`,
        cookie: receiver.cookie,
        kind: 'page',
      },
      {
        name: 'handler: in_progress, category filter',
        path: `/api/v1/inbox?tab=in_progress&categoryId=${fixtures.categoryId}`,
        cookie: handler.cookie,
        kind: 'page',
      },
      {
        name: 'handler: in_progress, page 20',
        path: '/api/v1/inbox?tab=in_progress&page=20',
        cookie: handler.cookie,
        kind: 'page',
      },
    );
  }
  return cases;
}

/** EXPLAIN ANALYZE of the queries behind each officer's tabs (BENCH_EXPLAIN=1). */
async function explain(database: Database): Promise<void> {
  const db = database.db;
  const now = new Date();
  const calendar = await loadWorkCalendar(db, DEFAULT_OFFICE_HOURS);
  const plan = async (title: string, query: { compile(db: Database['db']): CompiledQuery }) => {
    const compiled = query.compile(db);
    // The app's own statement and parameters (an unnamed statement: planned for these values, as the app's are).
    const result = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
    );
    say(`\n  ── ${title}`);
    for (const row of result.rows) say(`     ${row['QUERY PLAN']}`);
  };
  for (const { username } of OFFICERS) {
    const account = await sql<{ id: string }>`select id from accounts where username = ${username}`.execute(
      db,
    );
    const positions = await currentPositions(db, account.rows[0]?.id ?? '', localDate(now));
    const scope = inboxScope({ accountId: '', kind: 'officer', positions, sessionId: '', requestId: '' });
    const context = { now, dueSoonUntil: dueSoonUntil(now, calendar), scope };
    const tabs: TabDefinition[] = tabsOf(scope);
    await plan(`${username}: tab counts`, tabCountsQuery(tabs, context));
    for (const tab of tabs) {
      await plan(`${username}: ${tab.id} page`, pageQuery(tab, context, {}, 0, 25));
      await plan(`${username}: ${tab.id} count`, countQuery(tab, context, {}));
    }
  }
}

interface Row {
  size: number;
  kind: InboxCase['kind'];
  selected: string;
  result: LatencyResult;
}

async function measureDatabase(url: string, size: number, options: LoadOptions): Promise<Row[]> {
  const database = await openBenchDatabase(url);
  let fixtures: { categoryId: string; code: string };
  try {
    const started = performance.now();
    if (await shapeForInbox(database))
      say(`  shaped for the inbox in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const category = await sql<{
      id: string;
    }>`select id from categories where slug = 've-sinh-moi-truong-rac-thai'`.execute(database.db);
    const code = await sql<{
      code: string;
    }>`select code from reports where status = 'submitted' order by submitted_at limit 1`.execute(
      database.db,
    );
    fixtures = { categoryId: category.rows[0]?.id ?? '', code: code.rows[0]?.code ?? 'PA-2026-000001' };
    if (process.env.BENCH_EXPLAIN === '1') await explain(database);
  } finally {
    await database.close();
  }
  const app = await startApp(url, { LOG_LEVEL: 'fatal' });
  try {
    const reopened = await openBenchDatabase(url);
    let officers: Officer[];
    try {
      officers = await signIn(reopened, app.url);
    } finally {
      await reopened.close();
    }
    for (const officer of officers)
      say(`  ${officer.label}: ${officer.tabs.map((t) => `${t.id} ${n0(t.count)}`).join(', ')}`);
    const rows: Row[] = [];
    for (const c of casesFor(officers, fixtures)) {
      const selected = await totalOf(app.url, c);
      say(`  measuring ${c.name} (${selected}) …`);
      rows.push({
        size,
        kind: c.kind,
        selected,
        result: await measureLatencies(
          app.url,
          { name: c.name, path: c.path, headers: { cookie: c.cookie } },
          options,
        ),
      });
    }
    return rows;
  } finally {
    await app.stop();
  }
}

async function helloWorld(options: LoadOptions, name: string): Promise<LatencyResult> {
  const hello = await startHelloWorld();
  try {
    say(`  measuring ${name} …`);
    return await measureLatencies(hello.url, { name, path: '/' }, options);
  } finally {
    await hello.stop();
  }
}

function printResults(rows: Row[], hello: LatencyResult, helloAgain: LatencyResult): void {
  const misses: string[] = [];
  const table = rows.map((row) => {
    const { result } = row;
    const ok = result.failures === 0 && result.p99Ms <= INBOX_P99_MS;
    if (!ok)
      misses.push(
        `${sizeLabel(row.size)} ${result.case}: p99 ${result.p99Ms} ms${result.failures ? `, ${result.failureKinds}` : ''}`,
      );
    return [
      sizeLabel(row.size),
      result.case,
      row.selected,
      n0(result.requestsPerSecond),
      String(result.p50Ms),
      String(result.p95Ms),
      String(result.p99Ms),
      `${(result.requestsPerSecond / hello.requestsPerSecond).toFixed(3)}×`,
      String(result.failures),
      ok ? 'ok' : 'MISS',
    ];
  });
  say(
    `\n${formatColumns(
      [
        'reports',
        'case',
        'selected',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        '÷ hello',
        'failures',
        `p99 ≤ ${INBOX_P99_MS}`,
      ],
      [
        [
          '',
          hello.case,
          '',
          n0(hello.requestsPerSecond),
          String(hello.p50Ms),
          String(hello.p95Ms),
          String(hello.p99Ms),
          '1.000×',
          String(hello.failures),
          '',
        ],
        ...table,
      ],
      new Set([3, 4, 5, 6, 7, 8]),
    )}\n`,
  );
  say(
    `hello world: ${n0(hello.requestsPerSecond)} req/s (again at the end: ${n0(helloAgain.requestsPerSecond)})`,
  );
  say(
    `target: every inbox page and the tab counts p99 ≤ ${INBOX_P99_MS} ms (closed loop at saturation: queueing included).`,
  );
  say(misses.length === 0 ? 'All targets hold.' : `Missed (${misses.length}):\n  ${misses.join('\n  ')}`);
}

export async function benchInbox(adminUrl: string, options: LoadOptions): Promise<void> {
  const sizes = parseSizes(process.env.BENCH_REPORTS ?? '10000');
  const existing = (process.env.BENCH_INBOX_DATABASE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const keep = process.env.BENCH_KEEP === '1';
  say(
    `\nOfficers' inboxes — ${existing.length > 0 ? `databases ${existing.join(', ')}` : `sizes ${sizes.map(n0).join(', ')}`}; ` +
      `${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per case; ` +
      `load average ${loadAverage()}`,
  );
  try {
    await adminQuery(adminUrl, 'select 1');
  } catch (error) {
    say(`  skipped: no PostgreSQL server at BENCH_DATABASE_URL (${(error as Error).message})`);
    return;
  }
  const hello = await helloWorld(options, 'hello world GET /');
  const rows: Row[] = [];
  if (existing.length > 0)
    for (const name of existing) {
      const url = name.includes('://') ? name : databaseUrlFor(adminUrl, name);
      const database = await openBenchDatabase(url);
      const count = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(database.db);
      await database.close();
      const size = count.rows[0]?.n ?? 0;
      say(`\nInboxes on database ${name} (${n0(size)} reports)`);
      rows.push(...(await measureDatabase(url, size, options)));
    }
  else
    for (const size of sizes) {
      const name = `pakn_bench_inbox_${sizeLabel(size)}_${Date.now().toString(36)}`;
      const url = databaseUrlFor(adminUrl, name);
      say(`\nInboxes × ${n0(size)} reports — database ${name}`);
      await adminQuery(adminUrl, `create database ${name}`);
      try {
        await fillDatabase(url, size);
        rows.push(...(await measureDatabase(url, size, options)));
      } finally {
        if (keep) say(`  kept database ${name} (${url})`);
        else await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
      }
    }
  const helloAgain = await helloWorld(options, 'hello world GET / (again, at the end)');
  printResults(rows, hello, helloAgain);
  say(`load average at the end ${loadAverage()}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  await benchInbox(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
    connections: seconds('BENCH_CONNECTIONS', 10),
    durationSeconds: seconds('BENCH_DURATION', 10),
    warmupSeconds: seconds('BENCH_WARMUP', 2),
  });
}
