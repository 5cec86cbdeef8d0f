// The deadline watch: every few minutes (once across all processes: a pg-boss schedule fires on one worker),
// open reports whose clock is due soon or overdue raise alerts to the officers who must act — the receivers
// for intake, the lead agency for acknowledgement and resolution, and its leader and the receivers once
// overdue — and published reports nobody rated for AUTO_CLOSE_DAYS are closed. Every alert has a dedupe key
// (clock, report, due date), so a rerun, a crash halfway or two processes running it at once tell nobody twice.
import { sql } from 'kysely';
import { chainQueuedAudit } from '../../platform/audit.js';
import type { Db } from '../../platform/db/tables.js';
import type { JobDefinition, JobQueue } from '../../platform/jobs/queue.js';
import type { WorkCalendar } from '../../platform/calendar/calendar.js';
import type { ReportService } from '../reports/intake.js';
import { ALERTS_JOB } from './alerts.js';
import { slaFlag } from './machine.js';
import type { Clock } from './table.js';
import type { WorkflowService } from './service.js';

export const DEADLINES_JOB = 'workflow.deadlines';

/** An open clock, as the watch reads it. */
interface OpenClock {
  id: string;
  code: string;
  clock: Clock;
  agency_id: string | null;
  due_at: Date;
  original_due_at: Date | null;
}

type AlertAudience = 'lead_agency' | 'agency_leader' | 'receivers';

/** Who hears of a clock due soon, and who more once it is overdue. */
const WHO: Record<Clock, { dueSoon: AlertAudience[]; overdue: AlertAudience[] }> = {
  intake: { dueSoon: ['receivers'], overdue: ['receivers'] },
  acknowledge: { dueSoon: ['lead_agency'], overdue: ['lead_agency', 'agency_leader', 'receivers'] },
  resolve: { dueSoon: ['lead_agency'], overdue: ['lead_agency', 'agency_leader', 'receivers'] },
};

export interface DeadlineRun {
  dueSoon: number;
  overdue: number;
  alerts: number;
  autoClosed: number;
}

/**
 * One pass of the watch at `now`. Only clocks due within `horizonDays` calendar days (or past) are read;
 * "due soon" is then decided on the working calendar (machine.ts `slaFlag`).
 */
export async function watchDeadlines(
  deps: { db: Db; calendar: WorkCalendar; workflow: WorkflowService; autoCloseDays: number },
  now: Date,
  horizonDays = 4,
  lookbackDays = 14,
): Promise<DeadlineRun> {
  const { db } = deps;
  const horizon = new Date(now.getTime() + horizonDays * 86_400_000);
  // Clocks overdue for longer were alerted on earlier runs (the dedupe keys say so): not read again and again.
  const since = new Date(now.getTime() - lookbackDays * 86_400_000);
  const open = await sql<OpenClock>`
    select id, code, 'intake' as clock, agency_id, intake_due_at as due_at, null::timestamptz as original_due_at
      from reports where status = 'submitted' and intake_due_at between ${since} and ${horizon}
    union all
    select id, code, 'acknowledge', agency_id, acknowledge_due_at, null
      from reports where status = 'assigned' and acknowledge_due_at between ${since} and ${horizon}
    union all
    select id, code, 'resolve', agency_id, due_at, original_due_at
      from reports where status in ('assigned', 'in_progress', 'escalated', 'answered')
                     and due_at between ${since} and ${horizon}`.execute(db);
  const run: DeadlineRun = { dueSoon: 0, overdue: 0, alerts: 0, autoClosed: 0 };
  const rows: {
    report_id: string;
    audience: AlertAudience;
    agency_id: string | null;
    kind: string;
    data: string;
    dedupe_key: string;
  }[] = [];
  for (const c of open.rows) {
    // Against the due date in force: past the original one, an extended clock can still be due soon.
    const flag = slaFlag({ dueAt: c.due_at }, now, deps.calendar);
    if (flag !== 'due_soon' && flag !== 'overdue') continue;
    if (flag === 'due_soon') run.dueSoon += 1;
    else run.overdue += 1;
    for (const audience of flag === 'due_soon' ? WHO[c.clock].dueSoon : WHO[c.clock].overdue) {
      // An agency audience without an agency (a report returned meanwhile) falls to the receivers' alert.
      if (audience !== 'receivers' && c.agency_id === null) continue;
      rows.push({
        report_id: c.id,
        audience,
        agency_id: audience === 'receivers' ? null : c.agency_id,
        kind: `${c.clock}_${flag}`,
        data: JSON.stringify({ code: c.code, clock: c.clock, dueAt: c.due_at.toISOString() }),
        dedupe_key: `${c.clock}:${flag}:${c.id}:${c.due_at.toISOString()}:${audience}:${c.agency_id ?? '-'}`,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await sql`
      insert into report_alerts (report_id, audience, agency_id, kind, data, dedupe_key)
      select * from unnest(${chunk.map((r) => r.report_id)}::uuid[], ${chunk.map((r) => r.audience)}::text[],
                           ${chunk.map((r) => r.agency_id)}::uuid[], ${chunk.map((r) => r.kind)}::text[],
                           ${chunk.map((r) => r.data)}::jsonb[], ${chunk.map((r) => r.dedupe_key)}::text[])
      on conflict (dedupe_key) do nothing`.execute(db);
    run.alerts += Number(inserted.numAffectedRows ?? 0);
  }

  // Published and not rated for autoCloseDays: closed by the system (the rating window has passed).
  if (deps.autoCloseDays > 0) {
    const stale = await sql<{ id: string }>`
      select r.id from reports r
       where r.status = 'published' and r.rating is null
         and (select max(e.at) from report_events e where e.report_id = r.id and e.kind = 'published')
             < ${now}::timestamptz - make_interval(days => ${deps.autoCloseDays})
       limit 500`.execute(db);
    for (const { id } of stale.rows) {
      const closed = await deps.workflow.closeAutomatically(id, now);
      if (closed) run.autoClosed += 1;
    }
  }
  return run;
}

export function deadlinesJob(deps: {
  db: Db;
  reports: ReportService;
  workflow: WorkflowService;
  autoCloseDays: number;
}): JobDefinition<object> {
  return {
    name: DEADLINES_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    expireInSeconds: 600,
    handler: async () => {
      const now = new Date();
      const org = await deps.reports.org(now);
      await watchDeadlines({ ...deps, calendar: org.calendar }, now);
    },
  };
}

export const AUDIT_CHAIN_JOB = 'audit.chain';

/** Chains audit entries a process queued and did not chain (it stopped, or chaining failed). */
export function auditChainJob(db: Db): JobDefinition<object> {
  return {
    name: AUDIT_CHAIN_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    expireInSeconds: 300,
    handler: async () => {
      while ((await chainQueuedAudit(db)) > 0);
    },
  };
}

/**
 * The deadline watch every five minutes, the officers' alert e-mails and the audit queue every minute, once
 * across all processes.
 */
export async function scheduleDeadlines(jobs: JobQueue): Promise<void> {
  await jobs.schedule(DEADLINES_JOB, '*/5 * * * *');
  await jobs.schedule(ALERTS_JOB, '* * * * *');
  await jobs.schedule(AUDIT_CHAIN_JOB, '* * * * *');
}
