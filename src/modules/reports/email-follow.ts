// Following a report by e-mail without an account (issue 6 part 3), with double opt-in: a request sends a
// confirmation mail with a one-time link, and the follow exists only once that link is opened, so nobody can
// sign someone else's address up. Every update mail carries a "stop following" link that works without
// signing in (the follow's own unsubscribe token, notify.ts). Replies never contain the address; the address
// is never logged (the log redacts `email` fields, and nothing here logs at all).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB, type Mail } from '../../platform/mail.js';
import {
  changeSupporters,
  lockReport,
  notOpenToFollowers,
  openToFollowers,
  type FollowState,
} from './follow.js';
import { reportsDb } from './intake.js';

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 48;
/** Confirmation mails one address may be sent per day, all reports together: a brake on mail bombing. */
export const REQUESTS_PER_ADDRESS_PER_DAY = 5;
/** A second request for the same report and address within this time sends no second mail. */
const RESEND_AFTER_MS = 10 * 60_000;

/** One address, without the characters that would let a value become several recipients or a header. */
const EMAIL = /^[^\s@,;<>()[\]"\\]+@[^\s@,;<>()[\]"\\]+\.[^\s@,;<>()[\]"\\]+$/;

/** The web app's page that confirms a follow (`#/xac-nhan-theo-doi/{token}`). */
export const confirmUrl = (publicUrl: string, token: string) => `${publicUrl}/#/xac-nhan-theo-doi/${token}`;
/** The web app's page that stops a follow from a mail (`#/huy-theo-doi/{token}`). */
export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/#/huy-theo-doi/${token}`;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** What a token page is told: which report, whether the address follows it now, and how many do. */
export interface EmailFollowState extends FollowState {
  code: string;
}

const invalidEmail = (): AppError =>
  new AppError('validation_failed', {
    details: [
      {
        field: '/body/email',
        problem: 'not an e-mail address',
        messages: {
          vi: 'Địa chỉ thư điện tử không đúng (ví dụ: ten@example.com).',
          en: 'The e-mail address is not valid (e.g. name@example.com).',
        },
      },
    ],
  });

/** The address as stored: trimmed, NFC, lower case; refused when it is not one address. */
export function normalizeEmail(input: string): string {
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length < 3 || email.length > 254 || !EMAIL.test(email)) throw invalidEmail();
  return email;
}

function confirmationMail(to: string, code: string, link: string): Mail {
  return {
    to,
    subject: `Xác nhận theo dõi phản ánh ${code} / Confirm following report ${code}`,
    text: [
      'Xin chào,',
      '',
      `Có người (có thể là bạn) đã đề nghị gửi thông báo về tiến độ xử lý phản ánh ${code} đến địa chỉ thư điện tử này.`,
      '',
      `Để xác nhận, vui lòng mở liên kết sau (có hiệu lực trong ${CONFIRM_HOURS} giờ):`,
      link,
      '',
      'Nếu không phải bạn đề nghị, hãy bỏ qua thư này: bạn sẽ không nhận thêm thư nào về phản ánh.',
      '',
      '---',
      'Hello,',
      '',
      `Someone (perhaps you) asked for news about how report ${code} is handled to be sent to this e-mail address.`,
      '',
      `To confirm, please open this link (it works for ${CONFIRM_HOURS} hours):`,
      link,
      '',
      'If it was not you, ignore this e-mail: you will not receive anything more about the report.',
      '',
    ].join('\n'),
  };
}

const tooMany = (): AppError =>
  new AppError('rate_limited', {
    internal: 'e-mail follow requests per address',
    retryAfterSeconds: 3600,
    details: [
      {
        field: '/body/email',
        problem: 'too many confirmation mails to this address today',
        messages: {
          vi: 'Địa chỉ này đã được gửi nhiều thư xác nhận trong hôm nay. Vui lòng kiểm tra hộp thư (kể cả thư rác) hoặc thử lại vào ngày mai.',
          en: 'Several confirmation e-mails have been sent to this address today. Please check your inbox (and spam folder) or try again tomorrow.',
        },
      },
    ],
  });

/**
 * Asks to follow a public report by e-mail: stores the request with the hash of a new one-time token and
 * enqueues the confirmation mail in the same transaction. The reply is the same whether the address already
 * follows or not. A request repeated within minutes sends no second mail; more than
 * REQUESTS_PER_ADDRESS_PER_DAY requests for one address in a day are refused (an advisory lock per address
 * keeps that count exact across processes).
 */
export async function requestEmailFollow(
  deps: { db: Db; jobs: JobQueue; publicUrl: string },
  code: string,
  emailInput: string,
  now = new Date(),
): Promise<void> {
  const email = normalizeEmail(emailInput);
  await deps.db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const report = await lockReport(rdb, code);
    if (!openToFollowers(report)) throw notOpenToFollowers();
    await sql`select pg_advisory_xact_lock(hashtext(${`email-follow:${email}`}))`.execute(trx);
    // Expired requests go hourly (purgeEmailFollowRequests); the ones still here only count if recent.
    const recent = await rdb
      .selectFrom('report_email_follow_requests')
      .select(['report_id', 'requested_at', 'confirmed_at'])
      .where(sql<string>`lower(email)`, '=', email)
      .where('requested_at', '>', new Date(now.getTime() - 24 * 3600_000))
      .execute();
    const repeated = recent.some(
      (r) =>
        r.report_id === report.id &&
        r.confirmed_at === null &&
        now.getTime() - r.requested_at.getTime() < RESEND_AFTER_MS,
    );
    if (repeated) return;
    if (recent.length >= REQUESTS_PER_ADDRESS_PER_DAY) throw tooMany();
    const token = crypto.randomBytes(32).toString('hex');
    const request = await rdb
      .insertInto('report_email_follow_requests')
      .values({
        report_id: report.id,
        email,
        token_hash: hashToken(token),
        requested_at: now,
        expires_at: new Date(now.getTime() + CONFIRM_HOURS * 3600_000),
        confirmed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.jobs.enqueue(
      MAIL_JOB,
      confirmationMail(email, report.code, confirmUrl(deps.publicUrl, token)),
      { trx, key: `email-follow:${request.id}` },
    );
  });
}

/** Deletes expired requests, confirmed or not (hourly, with the other purges): personal data with no use left. */
export async function purgeEmailFollowRequests(db: Db, now = new Date()): Promise<number> {
  const deleted = await reportsDb(db)
    .deleteFrom('report_email_follow_requests')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

const linkProblem = (vi: string, en: string): ErrorDetail[] => [
  { field: '/body/token', problem: 'no such link, or it has expired', messages: { vi, en } },
];

/**
 * Opens a confirmation link: creates the follow (once; the reporter's own address is not a second one) and
 * marks the link used. A link already used creates nothing again, and says whether the address follows now.
 */
export async function confirmEmailFollow(db: Db, token: string, now = new Date()): Promise<EmailFollowState> {
  return db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const request = await rdb
      .selectFrom('report_email_follow_requests')
      .select(['id', 'report_id', 'email', 'expires_at', 'confirmed_at'])
      .where('token_hash', '=', hashToken(token))
      .forUpdate()
      .executeTakeFirst();
    if (!request || (request.confirmed_at === null && request.expires_at <= now))
      throw new AppError('not_found', {
        internal: 'unknown or expired confirmation token',
        details: linkProblem(
          'Liên kết xác nhận không đúng hoặc đã hết hạn. Vui lòng nhập lại địa chỉ thư điện tử trên trang phản ánh để nhận liên kết mới.',
          'The confirmation link is wrong or has expired. Please enter your e-mail address on the report page again to get a new link.',
        ),
      });
    const report = await lockReport(rdb, request.report_id, 'id');
    const existing = await rdb
      .selectFrom('report_followers')
      .select('id')
      .where('report_id', '=', report.id)
      .where('account_id', 'is', null)
      .where('push_subscription_id', 'is', null)
      .where(sql<string>`lower(email)`, '=', request.email)
      .executeTakeFirst();
    if (request.confirmed_at !== null)
      return { code: report.code, following: existing !== undefined, supporters: report.supporters };
    if (!openToFollowers(report)) throw notOpenToFollowers();
    await rdb
      .updateTable('report_email_follow_requests')
      .set({ confirmed_at: now })
      .where('id', '=', request.id)
      .execute();
    if (existing !== undefined) return { code: report.code, following: true, supporters: report.supporters };
    await rdb
      .insertInto('report_followers')
      .values({
        report_id: report.id,
        account_id: null,
        push_subscription_id: null,
        role: 'follower',
        email: request.email,
        phone: null,
      })
      .execute();
    return { code: report.code, following: true, supporters: await changeSupporters(rdb, report.id, 1) };
  });
}

/**
 * Stops a follow from the link in one of its mails, without signing in. The reporter's own follow cannot be
 * stopped (the answer is owed to them); a link whose follow has already ended is not found.
 */
export async function unsubscribeByToken(db: Db, token: string): Promise<EmailFollowState> {
  return db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const follow = await rdb
      .selectFrom('report_followers')
      .select(['id', 'report_id'])
      .where('unsubscribe_token', '=', token)
      .executeTakeFirst();
    const notFound = () =>
      new AppError('not_found', {
        internal: 'unknown unsubscribe token',
        details: linkProblem(
          'Liên kết không còn hiệu lực: có thể bạn đã bỏ theo dõi phản ánh này trước đó.',
          'This link no longer works: you may already have stopped following this report.',
        ),
      });
    if (!follow) throw notFound();
    const report = await lockReport(rdb, follow.report_id, 'id');
    const deleted = await rdb
      .deleteFrom('report_followers')
      .where('id', '=', follow.id)
      .where('unsubscribe_token', '=', token)
      .returning('role')
      .executeTakeFirst();
    if (!deleted) throw notFound();
    if (deleted.role === 'reporter')
      // Deleting within the transaction and then refusing rolls the deletion back.
      throw new AppError('conflict', {
        internal: 'the reporter cannot unfollow',
        details: [
          {
            field: '/body/token',
            problem: 'the reporter’s own follow',
            messages: {
              vi: 'Bạn là người gửi phản ánh này nên sẽ luôn nhận được thông báo kết quả xử lý.',
              en: 'You sent this report, so you will always be told how it is handled.',
            },
          },
        ],
      });
    return { code: report.code, following: false, supporters: await changeSupporters(rdb, report.id, -1) };
  });
}
