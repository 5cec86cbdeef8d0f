// A busy day of handling replayed (issue 5): BENCH_WORKFLOW_REPORTS reports sent by citizens and taken through the
// whole workflow over HTTP by signed-in officers, BENCH_CONNECTIONS requests at a time, timing every transition.
//
// The app runs in this process on a throw-away database on BENCH_DATABASE_URL's server (migrated, the demo
// organisation imported, dropped at the end unless BENCH_KEEP=1); the simulated officers run in a worker thread so
// that the load generator does not share the server's event loop (as autocannon's worker does in lib.ts). Each
// report follows a path drawn from a seeded generator: accept → assign → acknowledge → (an extension asked for and
// approved or refused; a return by the wrong agency and a re-assignment; an escalation the provincial leader
// directs) → answer → (sent back once) → approved by the agency leader → published or closed unpublished; a few are
// rejected as not a report or merged into another. Reports sent by a signed-in citizen (signed in by SMS code, read
// from the queued SMS job) are rated: satisfied, or not and then reopened or closed. Published reports nobody rates
// stay published: the deadline watch would close them after AUTO_CLOSE_DAYS, which this replay does not wait for.
// Each lane keeps a few reports at different stages and acts on one of them at random, so every stage runs at once.
//
// Printed: per action the count, req/s, p50/p95/p99/max (client side, from sending the request to reading the whole
// answer); the issue's target (p99 of all transitions ≤ 20 ms; a miss is printed, it does not fail the run); two
// baselines from the same run (hello world through the same client, and a bare PostgreSQL transaction shaped like a
// transition); the load average; the final states read from the database. Then the database is checked against the
// replay — every report in the state its path ends in, one timeline event per transition — and any difference or
// any refused request fails the run.
//
// Run with `npm run bench:workflow`. Environment: BENCH_WORKFLOW_REPORTS (default 10000), BENCH_CONNECTIONS (requests
// at a time, default 10), BENCH_RATE (requests per second in all: latency at that load instead of at saturation),
// BENCH_DURATION (seconds per baseline, default 5), BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_KEEP=1 (keep the database), BENCH_JOBS=1 (run the job workers
// too: the reporters' messages are sent as in production instead of piling up in the queue).
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { PRIVACY_VERSION } from '../src/modules/auth/citizen.js';
import { setPassword } from '../src/modules/auth/service.js';
import { importDataSet } from '../src/modules/org/service.js';
import {
  ACTION_CODES,
  WORKFLOW,
  type ActionCode,
  type WorkflowState,
} from '../src/modules/workflow/table.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createLogger } from '../src/platform/logger.js';
import { DEMO_DATA_DIR } from '../src/platform/paths.js';
import { SMS_JOB } from '../src/platform/sms.js';
import { adminQuery, databaseUrlFor, formatColumns, startApp, startHelloWorld } from './lib.js';

/** The issue's target for the time of one transition. */
const TARGET_P99_MS = 20;
const SEED = 5;
/** Reports each lane keeps open at different stages. */
const OPEN_PER_LANE = 4;
/** The first reports are never merged: a merge needs an earlier report to merge into. */
const MERGE_FROM = 100;

const AGENCY = {
  gtvt: 'ubnd-bac-giang.so-gtvt',
  tnmt: 'ubnd-bac-giang.so-tnmt',
  lucNgan: 'ubnd-bac-giang.ubnd-luc-ngan',
  tp: 'ubnd-bac-giang.ubnd-tp-bac-giang',
} as const;
type AgencyKey = keyof typeof AGENCY;
const HANDLER: Record<AgencyKey, string> = {
  gtvt: 'xuly.sogtvt',
  tnmt: 'xuly.sotnmt',
  lucNgan: 'xuly.lucngan',
  tp: 'xuly.tpbacgiang',
};
/** Only these two agencies have a leader in the demo data, so every answer is handled and approved there. */
const LEADER = { gtvt: 'lanhdao.sogtvt', tp: 'lanhdao.tpbacgiang' } as const;
type LedAgency = keyof typeof LEADER;
const RECEIVERS = ['canbo.tiepnhan1', 'canbo.tiepnhan2'] as const;
const PROVINCIAL_LEADER = 'lanhdao.ubndtinh';
const OFFICERS = [...RECEIVERS, ...Object.values(HANDLER), ...Object.values(LEADER), PROVINCIAL_LEADER];
/** The demo citizens nguoidan1–3, signed in by SMS code; their reports can be rated. */
const CITIZEN_PHONES = ['0912000001', '0912000002', '0912000003'];

/** Categories with no photo rule and no required question, each with a description a citizen might send. */
const CATEGORIES = [
  ['ve-sinh-moi-truong-rac-thai', 'Rác thải tập kết bừa bãi ở đầu ngõ, bốc mùi hôi thối nhiều ngày.'],
  ['an-toan-giao-thong', 'Ổ gà lớn giữa đường, xe máy đi qua dễ ngã, nhất là buổi tối.'],
  ['cay-xanh', 'Cây xanh nghiêng sát đường dây điện, có nguy cơ đổ khi mưa bão.'],
  ['thoat-nuoc-ngap-ung', 'Cống thoát nước bị tắc, mưa nhỏ cũng ngập sâu cả đoạn đường.'],
  ['o-nhiem', 'Xưởng sản xuất xả khói đen và mùi khét vào khu dân cư mỗi tối.'],
] as const;
const AREAS = [
  'bac-giang.tp-bac-giang.tran-phu',
  'bac-giang.tp-bac-giang.ngo-quyen',
  'bac-giang.luc-ngan.chu',
  'bac-giang.viet-yen.nenh',
  'bac-giang.yen-the.bo-ha',
] as const;

// ---------------------------------------------------------------------------------------------------------
// The day's plan: one path per report, from a seeded generator

/** A value known only when the request is sent: a date some days ahead, or a report to merge into. */
type Later = { daysFromNow: number } | { mergeTarget: true };
type InputValue = string | readonly string[] | Later;

interface Step {
  action: ActionCode;
  /** An officer's username, or `citizen:n` for the signed-in citizen n. */
  by: string;
  input: Record<string, InputValue>;
}

interface Plan {
  index: number;
  /** `citizen:n` (signed in, so they may rate) or `anonymous`. */
  reporter: string;
  submission: {
    categoryId: string;
    description: string;
    location: { areaId: string; address: string };
    contact?: { email: string };
  };
  steps: Step[];
  /** The state the path ends in, by the workflow table. */
  end: WorkflowState;
}

interface Ids {
  agency: Record<AgencyKey, string>;
  category: Map<string, string>;
  area: Map<string, string>;
}

/** A small seeded generator (mulberry32): the same day on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The state after each step, checked against the table so that a wrong plan fails before anything runs. */
function walk(steps: readonly Step[]): WorkflowState[] {
  let state: WorkflowState = 'submitted';
  return steps.map((step, n) => {
    const rule = WORKFLOW[step.action];
    if (!rule.from.includes(state)) throw new Error(`plan step ${n}: ${step.action} cannot follow ${state}`);
    if (rule.to !== 'unchanged') state = rule.to;
    return state;
  });
}

function planDay(count: number, ids: Ids): Plan[] {
  const rng = random(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const chance = (p: number) => rng() < p;
  const id = (map: Map<string, string>, slug: string) => {
    const found = map.get(slug);
    if (found === undefined) throw new Error(`the demo organisation has no ${slug}`);
    return found;
  };
  return Array.from({ length: count }, (_, index): Plan => {
    const reporter = chance(0.3) ? `citizen:${Math.floor(rng() * CITIZEN_PHONES.length)}` : 'anonymous';
    const [category, description] = pick(CATEGORIES);
    const steps: Step[] = [];
    const step = (action: ActionCode, by: string, input: Record<string, InputValue> = {}) =>
      steps.push({ action, by, input });
    const receiver = () => pick(RECEIVERS);
    const answer = 'Đơn vị đã kiểm tra hiện trường, xử lý dứt điểm và sẽ tiếp tục theo dõi.';
    const fate = rng();
    if (fate < 0.03) {
      if (chance(0.3)) step('accept', receiver());
      step('reject', receiver(), { reasonCode: 'not_a_report' });
    } else if (fate < 0.05 && index >= MERGE_FROM) {
      if (chance(0.3)) step('accept', receiver());
      step('merge', receiver(), { targetReportId: { mergeTarget: true } });
    } else {
      step('accept', receiver(), chance(0.05) ? { priority: 'urgent' } : {});
      let lead: LedAgency = chance(0.5) ? 'gtvt' : 'tp';
      if (chance(0.08)) {
        // Sent to the wrong agency first, which gives it back as not its remit.
        const wrong = pick<AgencyKey>(['tnmt', 'lucNgan', lead === 'gtvt' ? 'tp' : 'gtvt']);
        step('assign', receiver(), { leadAgencyId: ids.agency[wrong] });
        if (chance(0.3)) step('acknowledge', HANDLER[wrong]);
        step('return', HANDLER[wrong], {
          reason: 'Nội dung không thuộc thẩm quyền của đơn vị.',
          suggestedAgencyId: ids.agency[lead],
        });
      }
      step('assign', receiver(), {
        leadAgencyId: ids.agency[lead],
        ...(chance(0.1) ? { coordinatingAgencyIds: [ids.agency.tnmt] } : {}),
      });
      step('acknowledge', HANDLER[lead]);
      if (chance(0.02)) {
        step('escalate', LEADER[lead], {
          reason: 'Vụ việc liên quan nhiều sở, ngành; đề nghị tỉnh chỉ đạo.',
        });
        lead = chance(0.5) ? 'gtvt' : 'tp';
        step('direct', PROVINCIAL_LEADER, {
          directive: 'Giao đơn vị chủ trì xử lý, báo cáo kết quả đúng hạn.',
          leadAgencyId: ids.agency[lead],
          dueAt: { daysFromNow: 30 },
        });
        step('acknowledge', HANDLER[lead]);
      }
      if (chance(0.12)) {
        step('request_extension', HANDLER[lead], {
          reason: 'Cần phối hợp với đơn vị thi công, bố trí kinh phí.',
          proposedDueAt: { daysFromNow: 120 },
        });
        if (chance(0.8)) step('approve_extension', receiver());
        else step('refuse_extension', receiver(), { reason: 'Đề nghị hoàn thành trong thời hạn.' });
      }
      step('submit_answer', HANDLER[lead], { text: answer });
      if (chance(0.15)) {
        step('send_back_answer', LEADER[lead], { reason: 'Cần nêu rõ thời gian hoàn thành.' });
        step('submit_answer', HANDLER[lead], { text: `${answer} Hoàn thành trong tuần.` });
      }
      step('approve_answer', LEADER[lead]);
      if (chance(0.06)) step('close_unpublished', receiver(), { reason: 'Nội dung có thông tin cá nhân.' });
      else {
        step('publish', receiver(), { publicAnswer: answer });
        const rating = reporter === 'anonymous' ? 1 : rng();
        if (rating < 0.55) step('rate_satisfied', reporter, { comment: 'Cảm ơn cơ quan chức năng.' });
        else if (rating < 0.75) {
          step('rate_unsatisfied', reporter, { comment: 'Sự việc vẫn tái diễn.' });
          if (chance(0.5)) {
            step('reopen', receiver(), { reason: 'Người dân phản ánh tái diễn.' });
            step('submit_answer', HANDLER[lead], { text: `${answer} Đã xử lý lại.` });
            step('approve_answer', LEADER[lead]);
            step('publish', receiver(), { publicAnswer: `${answer} Đã xử lý lại.` });
          } else step('close_reopen_request', receiver(), { reason: 'Kết quả xử lý đã đúng quy định.' });
        }
      }
    }
    return {
      index,
      reporter,
      submission: {
        categoryId: id(ids.category, category),
        description: `${description} (phản ánh số ${index + 1})`,
        location: {
          areaId: id(ids.area, pick(AREAS)),
          address: `Số ${1 + (index % 200)}, ngõ ${index % 17}`,
        },
        ...(reporter === 'anonymous' ? { contact: { email: `nguoi.gui.${index}@example.vn` } } : {}),
      },
      steps,
      end: walk(steps).at(-1) ?? 'submitted',
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The load generator, in a worker thread

type WorkerTask =
  | { kind: 'hello'; url: string; connections: number; seconds: number }
  | {
      kind: 'replay';
      url: string;
      connections: number;
      /** Requests per second over all lanes (0: as fast as the server answers). */
      rate: number;
      cookies: Record<string, string>;
      plans: Plan[];
    };

interface HelloResult {
  ms: number[];
  seconds: number;
}

interface ReportOutcome {
  id: string | null;
  code: string | null;
  /** Requests that succeeded: the submission, then the steps. */
  done: number;
  failure: string | null;
}

interface ReplayResult {
  /** Per request: `submit` or the action, and its time. */
  what: string[];
  ms: number[];
  seconds: number;
  reports: ReportOutcome[];
  merges: { source: number; target: number }[];
}

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const payload = JSON.stringify(body);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

async function helloLoad(task: Extract<WorkerTask, { kind: 'hello' }>): Promise<HelloResult> {
  const ms: number[] = [];
  const run = async (seconds: number, keep: boolean) => {
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: task.connections }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await fetch(task.url);
          await response.text();
          if (keep) ms.push(performance.now() - started);
        }
      }),
    );
  };
  await run(1, false);
  const started = performance.now();
  await run(task.seconds, true);
  return { ms, seconds: (performance.now() - started) / 1000 };
}

async function replay(task: Extract<WorkerTask, { kind: 'replay' }>): Promise<ReplayResult> {
  const { plans, cookies } = task;
  const what: string[] = [];
  const ms: number[] = [];
  const reports: ReportOutcome[] = plans.map(() => ({ id: null, code: null, done: 0, failure: null }));
  const merges: { source: number; target: number }[] = [];
  /** Sent reports whose path ends published, never passing an ended state: what a merge may go into. */
  const mergeable: number[] = [];
  let next = 0;
  const headers = (by: string, key: string): Record<string, string> => {
    const cookie = by === 'anonymous' ? undefined : cookies[by];
    if (by !== 'anonymous' && cookie === undefined) throw new Error(`nobody signed in as ${by}`);
    return { 'idempotency-key': key, ...(cookie !== undefined ? { cookie } : {}) };
  };

  /** One request of a report's path; false when the report cannot go on. */
  const act = async (plan: Plan, rng: () => number): Promise<boolean> => {
    const outcome = reports[plan.index]!;
    const key = `workflow-${plan.index}-${outcome.done}`;
    if (outcome.done === 0) {
      const reply = await post(
        `${task.url}/api/v1/public/reports`,
        plan.submission,
        headers(plan.reporter, key),
      );
      what.push('submit');
      ms.push(reply.ms);
      if (reply.status !== 201) {
        outcome.failure = `submit → ${reply.status} ${reply.text.slice(0, 300)}`;
        return false;
      }
      const sent = JSON.parse(reply.text) as { id: string; code: string };
      outcome.id = sent.id;
      outcome.code = sent.code;
      outcome.done = 1;
      if (plan.end === 'published') mergeable.push(plan.index);
      return true;
    }
    const step = plan.steps[outcome.done - 1]!;
    let target: number | null = null;
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(step.input)) {
      if (typeof value === 'string' || Array.isArray(value)) input[name] = value;
      else if ('daysFromNow' in value)
        input[name] = new Date(Date.now() + value.daysFromNow * 86_400_000).toISOString();
      else {
        const recent = mergeable.slice(-200);
        target = recent[Math.floor(rng() * recent.length)] ?? null;
        if (target === null) {
          outcome.failure = 'merge: no earlier report to merge into';
          return false;
        }
        input[name] = reports[target]!.code;
      }
    }
    const reply = await post(
      `${task.url}/api/v1/reports/${outcome.code}/workflow/${step.action}`,
      { input },
      headers(step.by, key),
    );
    what.push(step.action);
    ms.push(reply.ms);
    if (reply.status !== 200) {
      outcome.failure = `${step.action} by ${step.by} → ${reply.status} ${reply.text.slice(0, 300)}`;
      return false;
    }
    if (target !== null) merges.push({ source: plan.index, target });
    outcome.done += 1;
    return true;
  };

  // With a rate, each lane sends on a schedule (lanes staggered), so latency is measured at that load and not
  // at saturation; a lane that falls behind sends at once (the schedule does not pile up bursts forever).
  const interval = task.rate > 0 ? (task.connections / task.rate) * 1000 : 0;
  const lane = async (n: number) => {
    const rng = random(SEED * 1000 + n);
    const open: Plan[] = [];
    let due = performance.now() + (interval * n) / task.connections;
    for (;;) {
      while (open.length < OPEN_PER_LANE && next < plans.length) open.push(plans[next++]!);
      if (open.length === 0) return;
      if (interval > 0) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        due = Math.max(due + interval, performance.now() - interval);
      }
      const k = Math.floor(rng() * open.length);
      const plan = open[k]!;
      let goesOn: boolean;
      try {
        goesOn = await act(plan, rng);
      } catch (error) {
        reports[plan.index]!.failure = `request failed: ${(error as Error).message}`;
        goesOn = false;
      }
      if (!goesOn || reports[plan.index]!.done > plan.steps.length) open.splice(k, 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: task.connections }, (_, n) => lane(n)));
  return { what, ms, seconds: (performance.now() - started) / 1000, reports, merges };
}

/** Runs a task in a worker thread (this file again) and returns its result. */
async function inWorker<T>(task: WorkerTask): Promise<T> {
  // On Node 20 a worker does not get the tsx loader from the parent's `--import`: it registers it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`,
    { eval: true, workerData: task },
  );
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', (result: T) => {
        resolve(result);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(`the load generator stopped (exit code ${code})`));
      });
    });
  } finally {
    await worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Set-up, baselines and checks, in the main thread

const logger = createLogger('warn');
const say = (line = '') => process.stdout.write(`${line}\n`);
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms1 = (x: number) => x.toFixed(1);
/** Other work on the machine skews every figure: it is printed at the start and the end. */
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function wholeNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a whole number above 0 (got "${process.env[name]}")`);
  return value;
}

/** The nearest-rank percentile of sorted times. */
const percentile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarize(times: readonly number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

async function openBenchDatabase(url: string): Promise<Database> {
  return openDatabase({
    databaseUrl: url,
    dataDir: '/nonexistent',
    poolMax: 4,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 0,
    logger,
  });
}

async function readIds(database: Database): Promise<Ids> {
  const slugs = async (table: 'agencies' | 'categories' | 'areas') =>
    new Map(
      (
        await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
      ).rows.map((r) => [r.slug, r.id]),
    );
  const agencies = await slugs('agencies');
  const agency = Object.fromEntries(
    Object.entries(AGENCY).map(([key, slug]) => {
      const id = agencies.get(slug);
      if (id === undefined) throw new Error(`the demo organisation has no agency ${slug}`);
      return [key, id];
    }),
  ) as Record<AgencyKey, string>;
  return { agency, category: await slugs('categories'), area: await slugs('areas') };
}

/**
 * The least a transition's database work can cost: in one transaction a row locked, updated, and an event
 * inserted, then committed — from `connections` loops on a pg.Pool of as many, each on its own rows (no waiting
 * for locks), after a one-second warm-up. The app does this and more (idempotency key, side records, alerts, the
 * message job, the audit chain).
 */
async function bareTransactions(url: string, seconds: number, connections: number) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await pool.query(`create table bench_bare_report (id int primary key, version int not null default 0,
      status text not null default 'submitted', updated_at timestamptz)`);
    await pool.query('insert into bench_bare_report (id) select g from generate_series(0, 99999) g');
    await pool.query(`create table bench_bare_event (id bigserial primary key,
      report_id int not null references bench_bare_report, kind text not null, data jsonb not null,
      at timestamptz not null default now())`);
    const ms: number[] = [];
    const run = async (duration: number, keep: boolean) => {
      const deadline = performance.now() + duration * 1000;
      await Promise.all(
        Array.from({ length: connections }, async (_, n) => {
          const client = await pool.connect();
          try {
            for (let i = 0; performance.now() < deadline; i++) {
              const id = n * 10_000 + (i % 10_000);
              const started = performance.now();
              await client.query('begin');
              await client.query('select version from bench_bare_report where id = $1 for update', [id]);
              await client.query(
                `update bench_bare_report set version = version + 1, status = 'accepted', updated_at = now()
                  where id = $1`,
                [id],
              );
              await client.query('insert into bench_bare_event (report_id, kind, data) values ($1, $2, $3)', [
                id,
                'accepted',
                JSON.stringify({ from: 'submitted', to: 'accepted' }),
              ]);
              await client.query('commit');
              if (keep) ms.push(performance.now() - started);
            }
          } finally {
            client.release();
          }
        }),
      );
    };
    await run(1, false);
    const started = performance.now();
    await run(seconds, true);
    return { rate: ms.length / ((performance.now() - started) / 1000), ...summarize(ms) };
  } finally {
    await pool.query('drop table if exists bench_bare_event, bench_bare_report');
    await pool.end();
  }
}

/** The session cookie of a sign-in request, which must succeed with `signed_in`. */
async function signIn(url: string, route: string, body: object): Promise<string> {
  const response = await fetch(new URL(route, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('pakn_session='));
  if (!response.ok || cookie === undefined || (JSON.parse(text) as { state?: string }).state !== 'signed_in')
    throw new Error(`${route}: ${response.status} ${text.slice(0, 300)}`);
  return cookie;
}

/** Every officer by password (set here), every citizen by the code of the SMS job queued for them. */
async function signInEveryone(url: string, database: Database): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  const accounts = await sql<{ id: string; username: string }>`
    select id, username from accounts where username = any(${OFFICERS}::text[])`.execute(database.db);
  for (const username of OFFICERS) {
    const account = accounts.rows.find((a) => a.username === username);
    if (!account) throw new Error(`the demo organisation has no account ${username}`);
    const password = `bench-${crypto.randomUUID()}`;
    await setPassword(database.db, account.id, password);
    cookies[username] = await signIn(url, '/api/v1/auth/sign-in', { username, password });
  }
  for (const [n, phone] of CITIZEN_PHONES.entries()) {
    const response = await fetch(new URL('/api/v1/auth/code', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone }),
    });
    if (response.status !== 202) throw new Error(`SMS code for ${phone}: ${response.status}`);
    // Job workers are off in the bench, so the SMS is still queued: its text holds the code.
    const sms = await sql<{ text: string }>`select data->>'text' as text from pgboss.job
        where name = ${SMS_JOB} and data->>'to' = ${`+84${phone.slice(1)}`} order by created_on desc limit 1`.execute(
      database.db,
    );
    const code = /\b(\d{6})\b/.exec(sms.rows[0]?.text ?? '')?.[1];
    if (code === undefined) throw new Error(`no SMS code queued for ${phone}`);
    cookies[`citizen:${n}`] = await signIn(url, '/api/v1/auth/code/verify', {
      phone,
      code,
      acceptPrivacyVersion: PRIVACY_VERSION,
    });
  }
  return cookies;
}

/**
 * The database against the replay: each report in the state its path ends in (or, when a request failed, the
 * state before it), and its timeline exactly `submitted` then one event per transition, plus one
 * `duplicate_merged` per report merged into it. Returns what differs.
 */
async function check(database: Database, plans: readonly Plan[], result: ReplayResult): Promise<string[]> {
  const problems: string[] = [];
  for (const plan of plans) {
    const failure = result.reports[plan.index]?.failure;
    if (failure) problems.push(`report #${plan.index}: ${failure}`);
  }
  const rows = await sql<{ id: string; status: string }>`select id, status from reports`.execute(database.db);
  const status = new Map(rows.rows.map((r) => [r.id, r.status]));
  const events = new Map<string, string[]>();
  const all = await sql<{ report_id: string; kind: string }>`
    select report_id, kind from report_events order by id`.execute(database.db);
  for (const e of all.rows) {
    const list = events.get(e.report_id) ?? [];
    list.push(e.kind);
    events.set(e.report_id, list);
  }
  const mergedInto = new Map<number, number>();
  for (const m of result.merges) mergedInto.set(m.target, (mergedInto.get(m.target) ?? 0) + 1);
  let expectedEvents = 0;
  let sent = 0;
  for (const plan of plans) {
    const outcome = result.reports[plan.index];
    if (!outcome?.id) continue;
    sent += 1;
    const steps = plan.steps.slice(0, outcome.done - 1);
    const expected = walk(steps).at(-1) ?? 'submitted';
    const actual = status.get(outcome.id);
    if (actual !== expected)
      problems.push(
        `report #${plan.index} ${outcome.code}: state ${actual} in the database, ${expected} expected`,
      );
    const kinds = ['submitted', ...steps.map((s) => WORKFLOW[s.action].event.kind)];
    const recorded = events.get(outcome.id) ?? [];
    const timeline = recorded.filter((k) => k !== 'duplicate_merged');
    const merges = recorded.length - timeline.length;
    if (timeline.join() !== kinds.join())
      problems.push(
        `report #${plan.index} ${outcome.code}: events ${timeline.join(' → ')}, expected ${kinds.join(' → ')}`,
      );
    if (merges !== (mergedInto.get(plan.index) ?? 0))
      problems.push(
        `report #${plan.index} ${outcome.code}: ${merges} duplicate_merged events, ${mergedInto.get(plan.index) ?? 0} merges into it`,
      );
    expectedEvents += kinds.length + (mergedInto.get(plan.index) ?? 0);
  }
  if (rows.rows.length !== sent)
    problems.push(`${rows.rows.length} reports in the database, ${sent} sent by the replay`);
  if (all.rows.length !== expectedEvents)
    problems.push(`${all.rows.length} events in the database, ${expectedEvents} expected`);
  return problems;
}

async function finalStates(database: Database): Promise<Map<string, number>> {
  const rows = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from reports group by status`.execute(database.db);
  return new Map(rows.rows.map((r) => [r.status, r.n]));
}

function printTimes(result: ReplayResult): { p99: number; transitions: number } {
  const byWhat = new Map<string, number[]>();
  result.what.forEach((w, i) => {
    const list = byWhat.get(w) ?? [];
    list.push(result.ms[i]!);
    byWhat.set(w, list);
  });
  const transitions = result.ms.filter((_, i) => result.what[i] !== 'submit');
  const row = (name: string, times: readonly number[]) => {
    const s = summarize(times);
    return [name, n0(s.count), n0(s.count / result.seconds), ms1(s.p50), ms1(s.p95), ms1(s.p99), ms1(s.max)];
  };
  const rows = ACTION_CODES.filter((a) => byWhat.has(a)).map((a) => row(a, byWhat.get(a) ?? []));
  rows.push(row('all transitions', transitions));
  rows.push(row('submit (intake, not a transition)', byWhat.get('submit') ?? []));
  const header = ['action', 'count', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  say(`\n${formatColumns(header, rows, new Set([1, 2, 3, 4, 5, 6]))}\n`);
  return { p99: summarize(transitions).p99, transitions: transitions.length };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const count = wholeNumber('BENCH_WORKFLOW_REPORTS', 10_000);
  const connections = wholeNumber('BENCH_CONNECTIONS', 10);
  const rate = Number(process.env.BENCH_RATE ?? 0);
  if (!Number.isFinite(rate) || rate < 0)
    throw new Error('BENCH_RATE must be a number of requests per second');
  const seconds = wholeNumber('BENCH_DURATION', 5);
  const keep = process.env.BENCH_KEEP === '1';
  const loadAtStart = loadAverage();
  say(
    `\nA busy day of handling — ${n0(count)} reports through the workflow over HTTP, ${connections} requests at a ` +
      `time${rate > 0 ? `, ${n0(rate)} requests/s in all` : ' as fast as answered'}; load average ${loadAtStart}`,
  );
  try {
    await adminQuery(adminUrl, 'select 1');
  } catch (error) {
    say(`  skipped: no PostgreSQL server at BENCH_DATABASE_URL (${(error as Error).message})`);
    return;
  }
  const name = `pakn_bench_workflow_${Date.now().toString(36)}`;
  const url = databaseUrlFor(adminUrl, name);
  say(`  database ${name}`);
  await adminQuery(adminUrl, `create database ${name}`);
  let problems: string[];
  try {
    const database = await openBenchDatabase(url);
    try {
      await migrate(database.db, logger);
      await importDataSet(database.db, DEMO_DATA_DIR);
      const plans = planDay(count, await readIds(database));
      const planned = plans.reduce((sum, p) => sum + p.steps.length, 0);
      say(`  planned ${n0(planned)} transitions (seed ${SEED})`);

      say(`  baseline: bare PostgreSQL transactions (${seconds} s)…`);
      const bare = await bareTransactions(url, seconds, connections);
      say(`  baseline: hello world through the same client (${seconds} s)…`);
      const helloServer = await startHelloWorld();
      let hello: HelloResult;
      try {
        hello = await inWorker<HelloResult>({ kind: 'hello', url: helloServer.url, connections, seconds });
      } finally {
        await helloServer.stop();
      }

      // One client address sends every report: the per-client submission limit is lifted. Errors are counted
      // and listed by the check; the app's own log would drown the output.
      const app = await startApp(url, {
        REPORTS_PER_HOUR: '0',
        LOG_LEVEL: 'fatal',
        // BENCH_JOBS=1: the job workers run too (messages to reporters sent, the queue kept short), as in production.
        ...(process.env.BENCH_JOBS === '1' ? { JOBS_ENABLED: 'true' } : {}),
      });
      let result: ReplayResult;
      try {
        const cookies = await signInEveryone(app.url, database);
        say(`  signed in ${OFFICERS.length} officers and ${CITIZEN_PHONES.length} citizens; replaying…`);
        result = await inWorker<ReplayResult>({
          kind: 'replay',
          url: app.url,
          connections,
          rate,
          cookies,
          plans,
        });
      } finally {
        await app.stop();
      }

      const { p99, transitions } = printTimes(result);
      const helloTimes = summarize(hello.ms);
      say(
        `target: p99 of all transitions ≤ ${TARGET_P99_MS} ms: ${p99 <= TARGET_P99_MS ? 'ok' : 'MISS'} ` +
          `(p99 ${ms1(p99)} ms over ${n0(transitions)} transitions in ${result.seconds.toFixed(1)} s, ` +
          `submissions included in the load)`,
      );
      say(
        `baselines, same run, ${connections} at a time: hello world through the same client ` +
          `${n0(helloTimes.count / hello.seconds)} req/s, p50 ${ms1(helloTimes.p50)} ms, p99 ${ms1(helloTimes.p99)} ms; ` +
          `bare PostgreSQL transaction (lock, update, insert an event, commit) ${n0(bare.rate)} tx/s, ` +
          `p50 ${ms1(bare.p50)} ms, p99 ${ms1(bare.p99)} ms`,
      );
      const states = await finalStates(database);
      const expected = new Map<string, number>();
      for (const plan of plans) expected.set(plan.end, (expected.get(plan.end) ?? 0) + 1);
      say(
        `final states in the database (expected by the plan): ${[
          ...new Set([...expected.keys(), ...states.keys()]),
        ]
          .sort()
          .map((s) => `${s} ${n0(states.get(s) ?? 0)} (${n0(expected.get(s) ?? 0)})`)
          .join(', ')}; merges ${result.merges.length}; published reports nobody rated stay published ` +
          `(closed by the deadline watch after AUTO_CLOSE_DAYS, not run here)`,
      );
      problems = await check(database, plans, result);
      say(
        problems.length === 0
          ? `check: every report in the state its path ends in, and one event per transition — ok`
          : `check FAILED (${problems.length}):\n  ${problems.slice(0, 20).join('\n  ')}`,
      );
    } finally {
      await database.close();
    }
  } finally {
    if (keep) say(`  kept database ${name} (${url})`);
    else await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  }
  say(`load average at the start ${loadAtStart}, at the end ${loadAverage()}`);
  if (problems.length > 0)
    throw new Error(`the database does not match the replay: ${problems.length} problems (listed above)`);
}

if (!isMainThread) {
  const task = workerData as WorkerTask;
  parentPort?.postMessage(task.kind === 'hello' ? await helloLoad(task) : await replay(task));
} else if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await main();
}
