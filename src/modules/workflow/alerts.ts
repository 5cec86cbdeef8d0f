// Officers' alerts by e-mail (issue 5 point 6). An action or the deadline watch writes `report_alerts` rows in its
// own transaction (the inbox reads them at once); the `workflow.alerts` job, every minute, takes the undelivered
// ones (`for update skip locked`: two workers never take the same), works out the
// officers each concerns from their positions valid today, and queues one `mail.send` job per officer with all of
// their new alerts — in the transaction that marks the alerts delivered, so nothing is sent twice or lost.
import { sql } from 'kysely';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db } from '../../platform/db/tables.js';
import type { JobDefinition, JobQueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB, type Mail } from '../../platform/mail.js';
import { formatDateTimeVN } from '../../platform/text.js';
import { CLOCK_LABELS, STATE_LABELS, WORKFLOW, type Clock, type Label, type WorkflowState } from './table.js';

export const ALERTS_JOB = 'workflow.alerts';
/** Alerts taken per run (one a minute); more wait for the next run. */
const BATCH = 5000;
/** Lines listed in one e-mail; the rest are counted. */
const LINES = 20;

interface Pending {
  id: string;
  code: string;
  kind: string;
  data: { action?: string; to?: string; clock?: string; dueAt?: string };
  account_id: string;
  email: string;
}

const ACTION_LABELS = new Map<string, Label>(Object.values(WORKFLOW).map((row) => [row.action, row.label]));

/** One line of the e-mail, in Vietnamese and English. */
function line(alert: Pending): Label {
  const { data, code } = alert;
  const deadline = /^(intake|acknowledge|resolve)_(due_soon|overdue)$/.exec(alert.kind);
  if (deadline) {
    const clock = CLOCK_LABELS[deadline[1] as Clock];
    const due = data.dueAt ? formatDateTimeVN(new Date(data.dueAt)) : '';
    return deadline[2] === 'overdue'
      ? { vi: `${code}: đã quá ${clock.vi} (${due})`, en: `${code}: past the ${clock.en} (${due})` }
      : { vi: `${code}: sắp đến ${clock.vi} (${due})`, en: `${code}: ${clock.en} soon (${due})` };
  }
  const action = data.action ? ACTION_LABELS.get(data.action) : undefined;
  const state = data.to ? STATE_LABELS[data.to as WorkflowState] : undefined;
  const what = (l: 'vi' | 'en') =>
    [action?.[l], state ? `→ ${state[l]}` : undefined].filter((x) => x !== undefined).join(' ') || alert.kind;
  return { vi: `${code}: ${what('vi')}`, en: `${code}: ${what('en')}` };
}

export function alertMail(to: string, alerts: readonly Pending[], publicUrl: string): Mail {
  const lines = alerts.slice(0, LINES).map(line);
  const more = alerts.length - lines.length;
  return {
    to,
    subject: `[PAKN] ${alerts.length} thông báo mới về phản ánh / ${alerts.length} new report alert${alerts.length === 1 ? '' : 's'}`,
    text: [
      'Kính gửi đồng chí,',
      '',
      'Hệ thống tiếp nhận phản ánh hiện trường có thông báo mới cần đồng chí xem xét:',
      ...lines.map((l) => `- ${l.vi}`),
      ...(more > 0 ? [`- và ${more} thông báo khác.`] : []),
      '',
      `Đăng nhập để xử lý: ${publicUrl}`,
      'Thư này được gửi tự động theo vị trí công tác của đồng chí; không trả lời thư này.',
      '',
      '---',
      'New alerts in the field-report system need your attention:',
      ...lines.map((l) => `- ${l.en}`),
      ...(more > 0 ? [`- and ${more} more.`] : []),
      '',
      `Sign in to act on them: ${publicUrl}`,
      'Sent automatically because of your position; please do not reply.',
      '',
    ].join('\n'),
  };
}

/**
 * One delivery run: takes up to BATCH undelivered alerts, queues an e-mail to each officer they concern (an
 * officer with no e-mail address still sees them in the inbox), marks them delivered. Returns how many it took.
 */
export async function deliverAlerts(
  deps: { db: Db; jobs: JobQueue; publicUrl: string },
  now = new Date(),
): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const taken = await sql<{ id: string }>`
      select id::text as id from report_alerts where delivered_at is null
       order by id limit ${BATCH} for update skip locked`.execute(trx);
    if (taken.rows.length === 0) return 0;
    const ids = taken.rows.map((r) => r.id);
    // Who an alert concerns, as GET /api/v1/me/alerts decides (alertsFor): receivers and provincial leaders by role;
    // an agency's officers when their position's agency is that agency or above it; its leaders for 'agency_leader'.
    const today = localDate(now);
    const pending = await sql<Pending>`
      with recursive a as (
        select id, report_id, audience, agency_id, kind, data from report_alerts where id = any(${ids}::bigint[])
      ), up(alert_id, agency_id) as (
        select a.id, a.agency_id from a where a.agency_id is not null
        union all
        select up.alert_id, g.parent_id from up join agencies g on g.id = up.agency_id where g.parent_id is not null
      ), p as (
        select account_id, role, agency_id from positions
         where valid_from <= ${today}::date and (valid_to is null or valid_to > ${today}::date)
      ), matched(alert_id, account_id) as (
        select a.id, p.account_id from a join p on p.role = 'receiver' where a.audience = 'receivers'
        union
        select a.id, p.account_id from a join p on p.role = 'provincial_leader' where a.audience = 'provincial_leaders'
        union
        select a.id, p.account_id
          from a join up on up.alert_id = a.id join p on p.agency_id = up.agency_id
         where (a.audience in ('lead_agency', 'coordinating_agencies', 'previous_lead_agency')
                and p.role in ('handler', 'agency_leader'))
            or (a.audience = 'agency_leader' and p.role = 'agency_leader')
      )
      select a.id::text as id, r.code, a.kind, a.data, acc.id as account_id, acc.email
        from matched m
        join a on a.id = m.alert_id
        join reports r on r.id = a.report_id
        join accounts acc on acc.id = m.account_id
       where acc.kind = 'officer' and acc.email is not null and acc.disabled_at is null and acc.deleted_at is null
       order by acc.id, a.id`.execute(trx);
    const byAccount = new Map<string, Pending[]>();
    for (const p of pending.rows) {
      const list = byAccount.get(p.account_id) ?? [];
      list.push(p);
      byAccount.set(p.account_id, list);
    }
    for (const [accountId, alerts] of byAccount) {
      const first = alerts[0];
      if (first === undefined) continue;
      await deps.jobs.enqueue(MAIL_JOB, alertMail(first.email, alerts, deps.publicUrl), {
        trx,
        key: `alerts:${accountId}:${ids[0]}`,
      });
    }
    await sql`update report_alerts set delivered_at = ${now} where id = any(${ids}::bigint[])`.execute(trx);
    return ids.length;
  });
}

export function alertsJob(deps: { db: Db; jobs: JobQueue; publicUrl: string }): JobDefinition<object> {
  return {
    name: ALERTS_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    expireInSeconds: 300,
    // One batch a run, so an officer gets at most one message a minute; a backlog goes out over the next runs.
    handler: async () => {
      await deliverAlerts(deps);
    },
  };
}
