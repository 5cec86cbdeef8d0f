// Telling the reporter and the followers about a report's public changes. A change enqueues one
// `reports.notify` job (in its own transaction); the job fans out one message job per follower and channel
// (e-mail, SMS), each with its own idempotency key, so a retried fan-out never sends a message twice.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import type { JobDefinition, JobQueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB } from '../../platform/mail.js';
import { SMS_JOB } from '../../platform/sms.js';

export const NOTIFY_JOB = 'reports.notify';

export interface NotifyJobData {
  reportId: string;
  eventId: string;
}

/** What each timeline event tells people, in Vietnamese then English. Unknown kinds get the generic line. */
const EVENT_TEXT: Record<string, { vi: string; en: string }> = {
  submitted: {
    vi: 'Hệ thống đã nhận phản ánh của bạn và sẽ chuyển cán bộ tiếp nhận xem xét.',
    en: 'Your report has been received and will be reviewed by an intake officer.',
  },
  accepted: { vi: 'Phản ánh đã được tiếp nhận.', en: 'The report has been accepted.' },
  rejected: { vi: 'Phản ánh không được tiếp nhận.', en: 'The report was not accepted.' },
  assigned: {
    vi: 'Phản ánh đã được chuyển đến cơ quan xử lý.',
    en: 'The report has been sent to the agency in charge.',
  },
  published: { vi: 'Đã có kết quả xử lý phản ánh.', en: 'The report has been answered.' },
};
const GENERIC = { vi: 'Phản ánh có cập nhật mới.', en: 'There is news about the report.' };

/** Events only the reporter hears about (a receipt is not news for followers). */
const REPORTER_ONLY: ReadonlySet<string> = new Set(['submitted']);

interface Recipient {
  id: string;
  role: 'reporter' | 'follower';
  email: string | null;
  phone: string | null;
}

/**
 * The job: reads the event and the followers, then enqueues the messages. E-mail where there is an address;
 * SMS only to the reporter (SMS costs the province money) when there is no e-mail.
 */
export function notifyJob(deps: { db: Db; jobs: JobQueue; publicUrl: string }): JobDefinition<NotifyJobData> {
  return {
    name: NOTIFY_JOB,
    retryLimit: 8,
    retryDelaySeconds: 30,
    handler: async ({ reportId, eventId }) => {
      const found = await sql<{ code: string; kind: string; public: boolean }>`
        select r.code, e.kind, e.public from report_events e join reports r on r.id = e.report_id
         where e.id = ${eventId}::bigint and e.report_id = ${reportId}`.execute(deps.db);
      const event = found.rows[0];
      if (!event || !event.public) return;
      // Accounts' own contacts count only when verified; deleted accounts have none.
      const recipients = await sql<Recipient>`
        select f.id, f.role,
               coalesce(f.email, case when a.email_verified_at is not null and a.deleted_at is null then a.email end) as email,
               coalesce(f.phone, case when a.phone_verified_at is not null and a.deleted_at is null then a.phone end) as phone
          from report_followers f left join accounts a on a.id = f.account_id
         where f.report_id = ${reportId}
         order by f.created_at`.execute(deps.db);
      const text = EVENT_TEXT[event.kind] ?? GENERIC;
      const link = `${deps.publicUrl}/#/theo-doi/${event.code}`;
      for (const r of recipients.rows) {
        if (REPORTER_ONLY.has(event.kind) && r.role !== 'reporter') continue;
        const key = `${eventId}:${r.id}`;
        if (r.email)
          await deps.jobs.enqueue(
            MAIL_JOB,
            {
              to: r.email,
              subject: `Phản ánh ${event.code}: ${text.vi.replace(/\.$/, '')}`,
              text: `${text.vi}\nMã phản ánh: ${event.code}\nTheo dõi: ${link}\n\n${text.en}\nTracking code: ${event.code}\n`,
            },
            { key: `report:${key}` },
          );
        else if (r.phone && r.role === 'reporter')
          await deps.jobs.enqueue(
            SMS_JOB,
            { to: r.phone, text: `PAKN ${event.code}: ${text.vi} ${link}` },
            { key: `report:${key}` },
          );
      }
    },
  };
}
