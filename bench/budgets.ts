// The citizen portal's budgets (issue 6), checked on the built app with demo data: for the home page, the report
// flow and a report's page, (a) the JavaScript a first visit loads until the network is idle, gzip -9 (≤ 100 KiB),
// (b) Lighthouse 12.2.3's mobile performance and accessibility scores (≥ 95 each), (c) axe-core's serious and
// critical violations at 390×844 and 1366×768 (none). Prints one table and exits 1 when any budget fails.
//
// A measurement, not a timed test: the JavaScript sizes and axe's findings do not depend on the machine, the
// performance score does. Lighthouse's mobile preset simulates a slow phone from the tasks it observes, so a machine
// busy with other work scores lower: each page is run BUDGET_LIGHTHOUSE_RUNS times (default 3), the median is
// checked, every run and the load average before and after are printed. Each run is also re-simulated with every task
// of the page's main thread shrunk to its thread (CPU) time, which leaves out the time the thread waited for a core
// other processes held: an estimate of the score on a quiet machine, printed beside it, never checked.
//
// Run with `npm run bench:budgets`. Environment: BUDGET_LIGHTHOUSE_RUNS (default 3), BUDGET_DEMO_REPORTS (demo reports
// generated at start, default 300), BUDGET_JSON=path (also write the figures as JSON), BUDGET_PAGES=home,report page
// (measure only these pages), BUDGET_LHR_DIR=dir (also keep each run's full Lighthouse report there, to read its
// long tasks, bootup time and LCP element).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Browser, Page } from 'playwright-core';
import { blockingViolations, describeViolations, type AxeViolation } from '../test/browser/axe.js';
import { CHROMIUM_PATH, launchChromium } from '../test/browser/chromium.js';
import { formatColumns, startApp } from './lib.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budgets. */
const BUDGET = { initialJsKiB: 100, performance: 95, accessibility: 95 } as const;
const RUNS = Number(process.env.BUDGET_LIGHTHOUSE_RUNS ?? '3');
const DEMO_REPORTS = process.env.BUDGET_DEMO_REPORTS ?? '300';

const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 } },
} as const;

/** Flags for the Chromium Lighthouse drives (Debian's package, run as root in a container). */
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

interface Script {
  url: string;
  gzipBytes: number;
}

interface PageFigures {
  name: string;
  hash: string;
  /** Scripts run until the network was first idle. */
  initial: Script[];
  /** Scripts run afterwards, while the page was scrolled to its end (lazy chunks). */
  later: Script[];
  /** Scripts fetched for other pages (prefetch), not run by this one. */
  prefetched: Script[];
  performance: number[];
  /** The same runs' performance re-simulated from thread time (see cpuTimeTrace): a quiet machine's estimate. */
  estimated: number[];
  accessibility: number[];
  /** What lost points in the median performance run: metrics below 0.9 with their values, failed a11y audits. */
  notes: string[];
  axe: Record<keyof typeof SCREENS, AxeViolation[]>;
}

const kib = (bytes: number) => bytes / 1024;
const sum = (scripts: Script[]) => scripts.reduce((total, s) => total + s.gzipBytes, 0);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/**
 * The scripts a first visit to `url` makes Chromium request, gzip -9 of each body: those it runs until the network is
 * idle (initial), those it runs afterwards while the page is scrolled to its end (later), and those it only
 * prefetches for later pages (`<link rel="prefetch">`, fetched at idle priority and not run). Service workers are
 * blocked: their precache is not the page's own JavaScript.
 */
async function measureScripts(
  browser: Browser,
  url: string,
): Promise<Pick<PageFigures, 'initial' | 'later' | 'prefetched'>> {
  const context = await browser.newContext({ ...SCREENS.phone, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    let phase: 'initial' | 'later' = 'initial';
    /** Each script's URL: when the page first ran it (undefined: only prefetched), and its body. */
    const scripts = new Map<string, { ran?: 'initial' | 'later'; body?: Promise<Buffer | null> }>();
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.endsWith('.js')) return;
      const entry = scripts.get(request.url()) ?? {};
      if (request.resourceType() === 'script') entry.ran ??= phase;
      scripts.set(request.url(), entry);
    });
    page.on('response', (response) => {
      const entry = scripts.get(response.url());
      if (entry !== undefined && entry.body === undefined && response.ok())
        entry.body = response.body().catch(() => null);
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    phase = 'later';
    await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    const measured = await Promise.all(
      [...scripts].map(async ([scriptUrl, entry]) => {
        // A body Chromium did not keep (a cache hit) is asked for again, as the browser asked for it the first time.
        const body = (await entry.body) ?? Buffer.from(await (await fetch(scriptUrl)).arrayBuffer());
        return { ran: entry.ran, script: { url: scriptUrl, gzipBytes: gzipSync(body, { level: 9 }).length } };
      }),
    );
    return {
      initial: measured.filter((m) => m.ran === 'initial').map((m) => m.script),
      later: measured.filter((m) => m.ran === 'later').map((m) => m.script),
      prefetched: measured.filter((m) => m.ran === undefined).map((m) => m.script),
    };
  } finally {
    await context.close();
  }
}

async function axeAt(browser: Browser, url: string): Promise<PageFigures['axe']> {
  const found = {} as PageFigures['axe'];
  for (const [screen, options] of Object.entries(SCREENS) as [keyof typeof SCREENS, object][]) {
    const context = await browser.newContext({ ...options, locale: 'vi-VN' });
    try {
      const page: Page = await context.newPage();
      await page.goto(url, { waitUntil: 'networkidle' });
      found[screen] = await blockingViolations(page);
    } finally {
      await context.close();
    }
  }
  return found;
}

interface LighthouseRun {
  performance: number;
  estimated: number;
  accessibility: number;
  notes: string[];
  /** The run's metrics (FCP, LCP, TBT, CLS, SI) and the load average when it ended, one line. */
  summary: string;
}

const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
] as const;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The trace with each top-level task of a renderer's main thread shrunk to its thread time (`tdur`: the CPU time the
 * thread ran), the events inside it moved and shrunk in proportion. On a busy machine a task's wall time also counts
 * the time its thread waited for a core, which Lighthouse's simulation multiplies like work; its thread time does not.
 */
function cpuTimeTrace(events: TraceEvent[]): TraceEvent[] {
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  for (const main of mains) {
    const mine = events
      .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph !== 'M')
      .sort((a, b) => a.ts - b.ts);
    let end = -Infinity;
    let next = 0;
    for (const task of mine) {
      if (task.name !== 'RunTask' || task.ph !== 'X' || task.ts < end) continue;
      const { dur, tdur } = task;
      if (dur === undefined || tdur === undefined || dur <= 0) continue;
      const start = task.ts;
      end = start + dur;
      const factor = Math.min(1, tdur / dur);
      while (next < mine.length && (mine[next]?.ts ?? Infinity) < start) next += 1;
      for (let i = next; i < mine.length; i += 1) {
        const event = mine[i];
        if (event === undefined || event.ts > end) break;
        if (event === task) continue;
        event.ts = start + (event.ts - start) * factor;
        if (event.dur !== undefined) event.dur *= factor;
      }
      task.dur = dur * factor;
    }
  }
  return events;
}

async function runLighthouse(port: number, url: string, keepAs?: string): Promise<LighthouseRun> {
  // Gathered to disk and audited from it (as `lighthouse -GA`), so that the trace can be audited again shrunk.
  const artifacts = await mkdtemp(path.join(os.tmpdir(), 'pakn-lighthouse-'));
  try {
    return await runLighthouseIn(artifacts, port, url, keepAs);
  } finally {
    await rm(artifacts, { recursive: true, force: true });
  }
}

async function runLighthouseIn(
  artifacts: string,
  port: number,
  url: string,
  keepAs?: string,
): Promise<LighthouseRun> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    gatherMode: artifacts,
    auditMode: artifacts,
  });
  if (result === undefined) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError !== undefined) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const notes: string[] = [];
  for (const ref of categories.performance?.auditRefs ?? []) {
    const audit = audits[ref.id];
    if (ref.weight > 0 && audit !== undefined && (audit.score ?? 1) < 0.9)
      notes.push(
        `perf ${audit.id} ${audit.displayValue ?? ''} (score ${(audit.score ?? 0).toFixed(2)})`.trim(),
      );
  }
  for (const ref of categories.accessibility?.auditRefs ?? []) {
    const audit = audits[ref.id];
    if (ref.weight > 0 && audit !== undefined && audit.score === 0)
      notes.push(`a11y ${audit.id}: ${audit.title}`);
  }
  const metrics = (from: typeof audits) =>
    METRICS.map(([id, label]) => `${label} ${from[id]?.displayValue ?? '?'}`).join(', ');
  if (keepAs !== undefined) await writeFile(keepAs, JSON.stringify(result.lhr));
  const load = loadAverage();

  const traceFile = (await readdir(artifacts)).find((name) => name.endsWith('.trace.json'));
  if (traceFile === undefined) throw new Error(`Lighthouse kept no trace for ${url}`);
  const trace = JSON.parse(await readFile(path.join(artifacts, traceFile), 'utf8')) as {
    traceEvents: TraceEvent[];
  };
  trace.traceEvents = cpuTimeTrace(trace.traceEvents);
  await writeFile(path.join(artifacts, traceFile), JSON.stringify(trace));
  const quiet = await lighthouse(url, {
    output: 'json',
    logLevel: 'error',
    // As gathered: Lighthouse refuses other settings in audit mode.
    onlyCategories: ['performance', 'accessibility'],
    auditMode: artifacts,
  });
  if (quiet === undefined) throw new Error(`Lighthouse gave no estimate for ${url}`);
  const estimated = Math.round((quiet.lhr.categories.performance?.score ?? 0) * 100);
  return {
    performance: score('performance'),
    estimated,
    accessibility: score('accessibility'),
    notes,
    summary:
      `perf ${score('performance')}: ${metrics(audits)}; load ${load}` +
      ` | from CPU time: perf ${estimated}: ${metrics(quiet.lhr.audits)}`,
  };
}

/** A published report of the demo data, for its public page. */
async function publicReportCode(baseUrl: string): Promise<string> {
  for (const status of ['published', 'answered', 'in_progress', 'accepted']) {
    const response = await fetch(`${baseUrl}/api/v1/public/reports?status=${status}&limit=1`);
    if (!response.ok) throw new Error(`GET /api/v1/public/reports: ${response.status}`);
    const list = (await response.json()) as { items: { code: string }[] };
    const code = list.items[0]?.code;
    if (code !== undefined) return code;
  }
  throw new Error('the demo data has no public report: is BUDGET_DEMO_REPORTS 0?');
}

function row(figures: PageFigures): string[] {
  const js = kib(sum(figures.initial));
  const axeCount = figures.axe.phone.length + figures.axe.desktop.length;
  return [
    figures.name,
    figures.hash,
    `${js.toFixed(1)} / ${BUDGET.initialJsKiB}`,
    kib(sum(figures.later)).toFixed(1),
    kib(sum(figures.prefetched)).toFixed(1),
    `${median(figures.performance)} (${figures.performance.join(', ')})`,
    `${median(figures.estimated)} (${figures.estimated.join(', ')})`,
    `${median(figures.accessibility)} (${figures.accessibility.join(', ')})`,
    `${figures.axe.phone.length} + ${figures.axe.desktop.length}`,
    js <= BUDGET.initialJsKiB &&
    median(figures.performance) >= BUDGET.performance &&
    median(figures.accessibility) >= BUDGET.accessibility &&
    axeCount === 0
      ? 'ok'
      : 'FAIL',
  ];
}

execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.stdout.write(`Load average before (1, 5, 15 min): ${loadAverage()} on ${os.cpus().length} cores\n`);
const app = await startApp(undefined, {
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  DEMO_MODE: 'true',
  DEMO_REPORTS: DEMO_REPORTS,
});
const results: PageFigures[] = [];
const runs = new Map<PageFigures, LighthouseRun[]>();
try {
  const code = await publicReportCode(app.url);
  const only = process.env.BUDGET_PAGES?.split(',').map((name) => name.trim());
  const pages = [
    { name: 'home', hash: '#/' },
    { name: 'report flow', hash: '#/gui-phan-anh' },
    { name: 'report page', hash: `#/phan-anh/${code}` },
  ].filter((p) => only === undefined || only.includes(p.name));
  const browser = await launchChromium();
  try {
    for (const { name, hash } of pages) {
      const url = `${app.url}/${hash}`;
      const scripts = await measureScripts(browser, url);
      results.push({
        name,
        hash,
        ...scripts,
        performance: [],
        estimated: [],
        accessibility: [],
        notes: [],
        axe: await axeAt(browser, url),
      });
    }
  } finally {
    await browser.close();
  }

  const lhrDir = process.env.BUDGET_LHR_DIR;
  if (lhrDir !== undefined) await mkdir(lhrDir, { recursive: true });
  for (let run = 0; run < RUNS; run += 1) {
    for (const figures of results) {
      // A browser per run: Lighthouse 12.2.3 on this Chromium fails a second run in the same browser (NO_NAVSTART).
      const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROME_FLAGS });
      try {
        const keepAs =
          lhrDir === undefined
            ? undefined
            : path.join(lhrDir, `${figures.name.replace(/\W+/g, '-')}-${run + 1}.json`);
        const result = await runLighthouse(chrome.port, `${app.url}/${figures.hash}`, keepAs);
        process.stdout.write(`${figures.name} run ${run + 1}: ${result.summary}\n`);
        figures.performance.push(result.performance);
        figures.estimated.push(result.estimated);
        figures.accessibility.push(result.accessibility);
        runs.set(figures, [...(runs.get(figures) ?? []), result]);
      } finally {
        chrome.kill();
      }
    }
  }
  // What lost points in the run whose performance score is the median.
  for (const figures of results) {
    const target = median(figures.performance);
    figures.notes = runs.get(figures)?.find((r) => r.performance === target)?.notes ?? [];
  }
} finally {
  await app.stop();
}

const header = [
  'page',
  'route',
  'initial JS KiB gz',
  'later',
  'prefetched',
  'perf (runs)',
  'from CPU time',
  'a11y (runs)',
  'axe 390+1366',
  '',
];
process.stdout.write(`\n${formatColumns(header, results.map(row), new Set([2, 3, 4]))}\n\n`);
for (const figures of results) {
  const lines = [
    ...figures.initial.map((s) => `  initial ${kib(s.gzipBytes).toFixed(1)} KiB ${new URL(s.url).pathname}`),
    ...figures.later.map((s) => `  later   ${kib(s.gzipBytes).toFixed(1)} KiB ${new URL(s.url).pathname}`),
    `  prefetched ${figures.prefetched.length} scripts, ${kib(sum(figures.prefetched)).toFixed(1)} KiB`,
    ...(runs.get(figures) ?? []).map((r, i) => `  run ${i + 1}: ${r.summary}`),
    ...figures.notes.map((note) => `  ${note}`),
    ...(['phone', 'desktop'] as const)
      .filter((screen) => figures.axe[screen].length > 0)
      .map((screen) => `  axe ${screen}:\n${describeViolations(figures.axe[screen]).replace(/^/gm, '    ')}`),
  ];
  process.stdout.write(`${figures.name}\n${lines.join('\n')}\n`);
}
process.stdout.write(
  `\nBudgets: initial JS ≤ ${BUDGET.initialJsKiB} KiB gzip, Lighthouse mobile performance and accessibility ≥ ` +
    `${BUDGET.performance} (median of ${RUNS}), no serious or critical axe violation. "from CPU time": the same ` +
    `runs re-simulated from each task's thread time, an estimate for a quiet machine, not checked.\n` +
    `Load average after (1, 5, 15 min): ${loadAverage()} on ${os.cpus().length} cores\n`,
);
if (process.env.BUDGET_JSON !== undefined)
  await writeFile(process.env.BUDGET_JSON, `${JSON.stringify(results, null, 2)}\n`);
const failed = results.filter((figures) => row(figures).at(-1) === 'FAIL').map((f) => f.name);
if (failed.length > 0) {
  process.stdout.write(`Over budget: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
