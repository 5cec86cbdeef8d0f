// Telling the reporter and the followers about a report's public changes (and the reporter alone about what
// concerns only them: the answer before it is published, a question from the officers). A change enqueues one
// `reports.notify` job (in its own transaction); the job fans out message jobs per follower (Web Push, e-mail
// or SMS; see messagesFor), each with its own idempotency key `{eventId}:{followerId}:{channel}` (a browser
// linked to the follower's account: `{eventId}:{followerId}:push:{subscriptionId}`), so a retried fan-out
// never sends a message twice.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import type { JobDefinition, JobQueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB, type Mail } from '../../platform/mail.js';
import { SMS_JOB, type SmsJobData } from '../../platform/sms.js';
import { unsubscribeUrl } from './email-follow.js';
import { PUSH_JOB, type PushJobData } from './push.js';

export const NOTIFY_JOB = 'reports.notify';

export interface NotifyJobData {
  reportId: string;
  eventId: string;
}

interface EventText {
  /** A headline naming the report, in Vietnamese: the e-mail's subject and the notification's title. */
  title: (code: string) => string;
  body: string;
  en: { title: (code: string) => string; body: string };
}

/** What each timeline event tells people, in Vietnamese then English. Unknown kinds get the generic text. */
const EVENT_TEXT: Record<string, EventText> = {
  submitted: {
    title: (code) => `Hệ thống đã nhận phản ánh ${code}`,
    body: 'Phản ánh của bạn đã được gửi thành công và sẽ được cán bộ tiếp nhận xem xét.',
    en: {
      title: (code) => `Report ${code} has been received`,
      body: 'Your report has been received and will be reviewed by an intake officer.',
    },
  },
  accepted: {
    title: (code) => `Phản ánh ${code} đã được tiếp nhận`,
    body: 'Phản ánh đã được tiếp nhận và sẽ được chuyển đến cơ quan có thẩm quyền xử lý.',
    en: {
      title: (code) => `Report ${code} has been accepted`,
      body: 'The report has been accepted and will be sent to the agency in charge.',
    },
  },
  rejected: {
    title: (code) => `Phản ánh ${code} không được tiếp nhận`,
    body: 'Phản ánh không được tiếp nhận. Lý do được nêu trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `Report ${code} was not accepted`,
      body: 'The report was not accepted. The reason is given on the report page.',
    },
  },
  assigned: {
    title: (code) => `Phản ánh ${code} đã được chuyển đến cơ quan xử lý`,
    body: 'Phản ánh đã được chuyển đến cơ quan có thẩm quyền để xem xét, giải quyết.',
    en: {
      title: (code) => `Report ${code} has been sent to the agency in charge`,
      body: 'The report has been sent to the agency in charge of handling it.',
    },
  },
  merged: {
    title: (code) => `Phản ánh ${code} đã được gộp với phản ánh cùng nội dung`,
    body: 'Phản ánh trùng nội dung với một phản ánh khác nên được gộp để xử lý chung; bạn sẽ nhận tin về phản ánh đó.',
    en: {
      title: (code) => `Report ${code} was merged with a report about the same problem`,
      body: 'The report duplicates another one and is handled with it; you will hear about that report.',
    },
  },
  acknowledged: {
    title: (code) => `Phản ánh ${code} đang được xử lý`,
    body: 'Cơ quan có thẩm quyền đã nhận phản ánh và đang xem xét, giải quyết.',
    en: {
      title: (code) => `Report ${code} is being handled`,
      body: 'The agency in charge has taken the report and is handling it.',
    },
  },
  extension_approved: {
    title: (code) => `Phản ánh ${code} được gia hạn thời gian xử lý`,
    body: 'Thời hạn xử lý phản ánh đã được gia hạn. Thời hạn mới được nêu trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `More time was given to handle report ${code}`,
      body: 'The deadline for handling the report was extended. The new date is on the report page.',
    },
  },
  answer_approved: {
    title: (code) => `Phản ánh ${code} đã có kết quả xử lý`,
    body: 'Cơ quan có thẩm quyền đã trả lời phản ánh của bạn. Mời bạn xem kết quả và đánh giá mức độ hài lòng trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `Report ${code} has been answered`,
      body: 'The agency in charge has answered your report. Please read the answer and rate it on the report page.',
    },
  },
  closed_unpublished: {
    title: (code) => `Phản ánh ${code} đã kết thúc xử lý`,
    body: 'Phản ánh đã được xử lý xong; kết quả không công khai. Xem chi tiết trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `Report ${code} is closed`,
      body: 'The report has been handled; the answer is not published. See the report page.',
    },
  },
  info_requested: {
    title: (code) => `Cơ quan xử lý cần thêm thông tin về phản ánh ${code}`,
    body: 'Cán bộ xử lý đề nghị bạn bổ sung thông tin. Vui lòng mở trang theo dõi phản ánh để xem câu hỏi và trả lời.',
    en: {
      title: (code) => `More information is needed about report ${code}`,
      body: 'The officers ask you for more information. Please open the report page to read the question and answer it.',
    },
  },
  reopened: {
    title: (code) => `Phản ánh ${code} được xử lý lại`,
    body: 'Phản ánh đã được chuyển xử lý lại theo đề nghị của người phản ánh.',
    en: {
      title: (code) => `Report ${code} is being handled again`,
      body: 'The report was sent back for handling again, as the reporter asked.',
    },
  },
  reopen_refused: {
    title: (code) => `Đề nghị xử lý lại phản ánh ${code} không được chấp nhận`,
    body: 'Đề nghị xử lý lại không được chấp nhận; lý do được nêu trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `The request to handle report ${code} again was not accepted`,
      body: 'The request to handle the report again was not accepted; the reason is on the report page.',
    },
  },
  published: {
    title: (code) => `Phản ánh ${code} đã có kết quả xử lý`,
    body: 'Kết quả xử lý phản ánh đã được công khai trên trang theo dõi phản ánh.',
    en: {
      title: (code) => `Report ${code} has been answered`,
      body: 'The answer to the report has been published on the report page.',
    },
  },
};
const GENERIC: EventText = {
  title: (code) => `Phản ánh ${code} có cập nhật mới`,
  body: 'Phản ánh bạn theo dõi có thông tin mới trên trang theo dõi phản ánh.',
  en: {
    title: (code) => `News about report ${code}`,
    body: 'There is news about the report on the report page.',
  },
};

/** Events only the reporter hears about (a receipt is not news for followers). */
const REPORTER_ONLY: ReadonlySet<string> = new Set(['submitted']);

interface Recipient {
  id: string;
  role: 'reporter' | 'follower';
  account_id: string | null;
  has_account: boolean;
  /** The follow's secret for the "stop following" link of its mails. */
  unsubscribe_token: string;
  email: string | null;
  phone: string | null;
  /** The follower's Web Push subscription, unless the push service has said it is gone. */
  push_id: string | null;
}

type Message =
  | { channel: 'push'; job: typeof PUSH_JOB; data: PushJobData; to: string }
  | { channel: 'email'; job: typeof MAIL_JOB; data: Mail; to: string }
  | { channel: 'sms'; job: typeof SMS_JOB; data: SmsJobData; to: string };

function mailText(
  text: EventText,
  code: string,
  link: string,
  role: Recipient['role'],
  stopLink: string,
): string {
  const why =
    role === 'reporter'
      ? {
          vi: 'Bạn nhận được thư này vì đã gửi phản ánh trên.',
          en: 'You are receiving this because you sent the report.',
        }
      : {
          vi: `Bạn nhận được thư này vì đã đăng ký theo dõi phản ánh trên. Để không nhận thư về phản ánh này nữa, mở liên kết (không cần đăng nhập): ${stopLink}`,
          en: `You are receiving this because you follow the report. To stop e-mails about it, open this link (no sign-in needed): ${stopLink}`,
        };
  return [
    `${text.title(code)}.`,
    text.body,
    `Mã phản ánh: ${code}`,
    `Theo dõi phản ánh: ${link}`,
    '',
    why.vi,
    '',
    '---',
    `${text.en.title(code)}.`,
    text.en.body,
    `Tracking code: ${code}`,
    `Report page: ${link}`,
    '',
    why.en,
    '',
  ].join('\n');
}

const pushMessage = (subscriptionId: string, payload: PushJobData['payload']): Message => ({
  channel: 'push',
  job: PUSH_JOB,
  to: subscriptionId,
  data: { subscriptionId, payload },
});

/**
 * The messages a recipient gets for an event. A follow by a browser's subscription: that browser. Any other:
 * every browser linked to the account (notifications for all its reports turned on there), and its e-mail
 * address if there is one; SMS only when neither reaches them, and only to the reporter or to citizens
 * who follow with their own (verified) phone — SMS costs the province money, and nobody verified the others.
 */
function messagesFor(
  r: Recipient,
  devices: readonly string[],
  kind: string,
  code: string,
  link: string,
  publicUrl: string,
): Message[] {
  const text = EVENT_TEXT[kind] ?? GENERIC;
  const payload = { code, kind, title: text.title(code), body: text.body, url: link };
  if (r.push_id) return [pushMessage(r.push_id, payload)];
  const messages = devices.map((id) => pushMessage(id, payload));
  if (r.email)
    messages.push({
      channel: 'email',
      job: MAIL_JOB,
      to: r.email.toLowerCase(),
      data: {
        to: r.email,
        subject: text.title(code),
        text: mailText(text, code, link, r.role, unsubscribeUrl(publicUrl, r.unsubscribe_token)),
      },
    });
  else if (devices.length === 0 && r.phone && (r.role === 'reporter' || r.has_account))
    messages.push({
      channel: 'sms',
      job: SMS_JOB,
      to: r.phone,
      data: { to: r.phone, text: `PAKN: ${text.title(code)}. Xem: ${link}` },
    });
  return messages;
}

/**
 * The job: reads the event and the followers, then enqueues their messages (see messagesFor). The same
 * address, number or browser is sent one message per event even when it follows twice (e.g. as reporter and
 * follower, or by its own subscription and through the account it is linked to).
 */
export function notifyJob(deps: { db: Db; jobs: JobQueue; publicUrl: string }): JobDefinition<NotifyJobData> {
  return {
    name: NOTIFY_JOB,
    retryLimit: 8,
    retryDelaySeconds: 30,
    handler: async ({ reportId, eventId }) => {
      const found = await sql<{ code: string; kind: string; public: boolean; to_reporter: boolean }>`
        select r.code, e.kind, e.public, e.to_reporter from report_events e join reports r on r.id = e.report_id
         where e.id = ${eventId}::bigint and e.report_id = ${reportId}`.execute(deps.db);
      const event = found.rows[0];
      if (!event || (!event.public && !event.to_reporter)) return;
      // Not public: for the reporter only (a question from the officers, the answer before publication).
      const reporterOnly = !event.public || REPORTER_ONLY.has(event.kind);
      // Accounts' own contacts count only when verified; deleted accounts have none.
      const recipients = await sql<Recipient>`
        select f.id, f.role, f.account_id, f.account_id is not null as has_account, f.unsubscribe_token,
               coalesce(f.email, case when a.email_verified_at is not null and a.deleted_at is null then a.email end) as email,
               coalesce(f.phone, case when a.phone_verified_at is not null and a.deleted_at is null then a.phone end) as phone,
               s.id as push_id
          from report_followers f
          left join accounts a on a.id = f.account_id
          left join push_subscriptions s on s.id = f.push_subscription_id and s.gone_at is null
         where f.report_id = ${reportId}
         order by f.created_at, f.id`.execute(deps.db);
      const link = `${deps.publicUrl}/#/theo-doi/${event.code}`;
      // Browsers linked to the followers' accounts (notifications for all their reports), oldest first.
      const accounts = [...new Set(recipients.rows.flatMap((r) => (r.account_id ? [r.account_id] : [])))];
      const linked =
        accounts.length === 0
          ? []
          : (
              await sql<{ id: string; account_id: string }>`
                select id, account_id from push_subscriptions
                 where account_id = any(${accounts}::uuid[]) and gone_at is null
                 order by created_at, id`.execute(deps.db)
            ).rows;
      const sent = new Set<string>();
      for (const r of recipients.rows) {
        if (reporterOnly && r.role !== 'reporter') continue;
        const devices = linked.filter((s) => s.account_id === r.account_id).map((s) => s.id);
        for (const message of messagesFor(r, devices, event.kind, event.code, link, deps.publicUrl)) {
          if (sent.has(`${message.channel}:${message.to}`)) continue;
          sent.add(`${message.channel}:${message.to}`);
          const key =
            message.channel === 'push' && message.to !== r.push_id
              ? `${eventId}:${r.id}:push:${message.to}`
              : `${eventId}:${r.id}:${message.channel}`;
          await deps.jobs.enqueue(message.job, message.data, { key });
        }
      }
    },
  };
}
