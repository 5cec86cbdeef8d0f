// Following a report instead of filing a duplicate: a signed-in citizen with their account (told through its
// verified e-mail, else its verified phone), or any browser with a Web Push subscription (an address by e-mail
// is in email-follow.ts). A signed-in citizen may also link a browser to their account, so that it is told about
// every report the account sent or follows (linkDevice). `reports.supporters`
// (the reporter plus everyone following) changes in the same transaction as the follower row, under the
// report's row lock, so it is never recounted racily. Replies say only whether one follows and how many do.
//
// Who may follow: a report that is listed (public, checked by an intake officer, not merged), or one just
// submitted that is public and not confidential (the same reports the "is it one of these?" list offers
// before a new report is sent). Any other report — confidential, not public, rejected, merged — only by its
// reporter, who follows it from the start (their Web Push subscription joins as the reporter and is not a
// new supporter).
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { reportsDb, type ReportsDb } from './intake.js';
import { checkSubscription, type PushSubscriptionInput } from './push.js';
import type { ReportStatus } from './tables.js';

export interface FollowState {
  following: boolean;
  supporters: number;
}

export interface FollowOptions {
  /** Web Push is configured (there is a VAPID key to give browsers). */
  pushEnabled: boolean;
  /** Accept http:// push endpoints on 127.0.0.1/localhost: tests only. */
  allowLoopbackPushEndpoints?: boolean;
  /** Push service hosts accepted; default PUSH_SERVICE_HOSTS. */
  pushServiceHosts?: readonly string[];
}

export interface LockedReport {
  id: string;
  code: string;
  status: ReportStatus;
  listed: boolean;
  confidential: boolean;
  is_public: boolean;
  merged_into: string | null;
  reporter_account_id: string | null;
  supporters: number;
}

const normalizeCode = (code: string) => code.trim().toUpperCase();

/** The report by code (or id), locked until the transaction ends: follows of one report queue behind each other. */
export async function lockReport(
  db: ReportsDb,
  code: string,
  by: 'code' | 'id' = 'code',
): Promise<LockedReport> {
  const report = await db
    .selectFrom('reports')
    .select([
      'id',
      'code',
      'status',
      'listed',
      'confidential',
      'is_public',
      'merged_into',
      'reporter_account_id',
      'supporters',
    ])
    .where(by, '=', by === 'code' ? normalizeCode(code) : code)
    .forUpdate()
    .executeTakeFirst();
  if (!report) throw new AppError('not_found');
  return report;
}

/** Anyone may follow it (see the file's header); otherwise only its reporter. */
export function openToFollowers(report: LockedReport): boolean {
  return (
    report.listed ||
    (report.status === 'submitted' && report.is_public && !report.confidential && report.merged_into === null)
  );
}

export function notOpenToFollowers(): AppError {
  return new AppError('forbidden', {
    internal: 'report not open to followers',
    details: [
      {
        field: '/params/code',
        problem: 'the report is not public',
        messages: {
          vi: 'Phản ánh này không được công khai nên chỉ người gửi mới theo dõi được.',
          en: 'This report is not public, so only the person who sent it can follow it.',
        },
      },
    ],
  });
}

function citizenOf(actor: Actor | null): Actor {
  if (actor === null) throw new AppError('unauthenticated');
  // Officers follow reports through their work lists, not as members of the public.
  if (actor.kind !== 'citizen') throw new AppError('forbidden', { internal: 'only citizens follow reports' });
  return actor;
}

export async function changeSupporters(db: ReportsDb, reportId: string, by: 1 | -1): Promise<number> {
  const row = await db
    .updateTable('reports')
    .set({ supporters: sql<number>`supporters + ${by}` })
    .where('id', '=', reportId)
    .returning('supporters')
    .executeTakeFirstOrThrow();
  return row.supporters;
}

/** The subscription as stored (keys unpadded), or the problems with it; refused when Web Push is off. */
function checkedSubscription(input: PushSubscriptionInput, options: FollowOptions): PushSubscriptionInput {
  if (!options.pushEnabled)
    throw new AppError('validation_failed', {
      details: [
        {
          field: '/body/subscription',
          problem: 'Web Push is not enabled on this server',
          messages: {
            vi: 'Hệ thống chưa bật thông báo qua trình duyệt. Vui lòng theo dõi qua thư điện tử hoặc đăng nhập để nhận tin nhắn.',
            en: 'Browser notifications are not enabled. Please follow by e-mail, or sign in to be told by text message.',
          },
        },
      ],
    });
  const checked = checkSubscription(input, {
    ...(options.allowLoopbackPushEndpoints !== undefined
      ? { allowLoopback: options.allowLoopbackPushEndpoints }
      : {}),
    ...(options.pushServiceHosts !== undefined ? { hosts: options.pushServiceHosts } : {}),
  });
  if (checked.ok === null) throw new AppError('validation_failed', { details: checked.problems });
  return checked.ok;
}

/**
 * Follows a report: with a Web Push subscription when one is given (signed in or not), else with the
 * signed-in citizen's account. Following again changes nothing.
 */
export async function followReport(
  db: Db,
  actor: Actor | null,
  code: string,
  input: { subscription?: PushSubscriptionInput | undefined },
  options: FollowOptions,
): Promise<FollowState> {
  if (input.subscription === undefined) citizenOf(actor);
  const subscription =
    input.subscription === undefined ? null : checkedSubscription(input.subscription, options);
  return db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const report = await lockReport(rdb, code);
    const isReporter =
      actor?.kind === 'citizen' &&
      report.reporter_account_id !== null &&
      report.reporter_account_id === actor.accountId;
    if (!isReporter && !openToFollowers(report)) throw notOpenToFollowers();

    if (subscription === null) {
      // The reporter's account follows from the start: nothing to add.
      if (isReporter) return { following: true, supporters: report.supporters };
      const inserted = await rdb
        .insertInto('report_followers')
        .values({
          report_id: report.id,
          account_id: citizenOf(actor).accountId,
          push_subscription_id: null,
          role: 'follower',
          email: null,
          phone: null,
        })
        .onConflict((oc) =>
          oc.columns(['report_id', 'account_id']).where('account_id', 'is not', null).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return {
        following: true,
        supporters: inserted ? await changeSupporters(rdb, report.id, 1) : report.supporters,
      };
    }

    // One row per endpoint; a browser that subscribes again (new keys, or after being marked gone) revives it.
    const stored = await rdb
      .insertInto('push_subscriptions')
      .values({
        endpoint: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        account_id: null,
        gone_at: null,
      })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          p256dh: (eb) => eb.ref('excluded.p256dh'),
          auth: (eb) => eb.ref('excluded.auth'),
          gone_at: null,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserted = await rdb
      .insertInto('report_followers')
      .values({
        report_id: report.id,
        account_id: null,
        push_subscription_id: stored.id,
        role: isReporter ? 'reporter' : 'follower',
        email: null,
        phone: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['report_id', 'push_subscription_id'])
          .where('push_subscription_id', 'is not', null)
          .doNothing(),
      )
      .returning('role')
      .executeTakeFirst();
    return {
      following: true,
      supporters:
        inserted?.role === 'follower' ? await changeSupporters(rdb, report.id, 1) : report.supporters,
    };
  });
}

/** Whether the signed-in citizen follows the report (as its reporter or a follower). */
export async function followStateOfAccount(db: Db, actor: Actor | null, code: string): Promise<FollowState> {
  const citizen = citizenOf(actor);
  const rdb = reportsDb(db);
  const report = await rdb
    .selectFrom('reports')
    .select(['id', 'supporters'])
    .where('code', '=', normalizeCode(code))
    .executeTakeFirst();
  if (!report) throw new AppError('not_found');
  const row = await rdb
    .selectFrom('report_followers')
    .select('id')
    .where('report_id', '=', report.id)
    .where('account_id', '=', citizen.accountId)
    .executeTakeFirst();
  return { following: row !== undefined, supporters: report.supporters };
}

/** Stops following with the signed-in account. The reporter cannot: the answer is owed to them. */
export async function unfollowReport(db: Db, actor: Actor | null, code: string): Promise<FollowState> {
  const citizen = citizenOf(actor);
  return db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const report = await lockReport(rdb, code);
    const deleted = await rdb
      .deleteFrom('report_followers')
      .where('report_id', '=', report.id)
      .where('account_id', '=', citizen.accountId)
      .returning('role')
      .executeTakeFirst();
    if (deleted?.role === 'reporter')
      // Deleting within the transaction and then refusing rolls the deletion back.
      throw new AppError('conflict', {
        internal: 'the reporter cannot unfollow',
        details: [
          {
            field: '/params/code',
            problem: 'you sent this report',
            messages: {
              vi: 'Bạn là người gửi phản ánh này nên sẽ luôn nhận được thông báo kết quả xử lý.',
              en: 'You sent this report, so you will always be told how it is handled.',
            },
          },
        ],
      });
    return {
      following: false,
      supporters: deleted ? await changeSupporters(rdb, report.id, -1) : report.supporters,
    };
  });
}

/**
 * Stops a browser's follow of one report, by its subscription's endpoint (what the browser knows). An
 * unknown endpoint gets the same answer as one that no longer follows: nothing is revealed either way.
 */
export async function unsubscribePush(db: Db, code: string, endpoint: string): Promise<FollowState> {
  return db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const report = await lockReport(rdb, code);
    const deleted = await rdb
      .deleteFrom('report_followers')
      .where('report_id', '=', report.id)
      .where(
        'push_subscription_id',
        '=',
        rdb.selectFrom('push_subscriptions').select('id').where('endpoint', '=', endpoint),
      )
      .returning('role')
      .executeTakeFirst();
    return {
      following: false,
      supporters:
        deleted?.role === 'follower' ? await changeSupporters(rdb, report.id, -1) : report.supporters,
    };
  });
}

/**
 * Whether a browser, known by its subscription's endpoint, follows the report (what the report page shows
 * before offering "notify this device"). An unknown endpoint simply does not follow.
 */
export async function followStateOfDevice(db: Db, code: string, endpoint: string): Promise<FollowState> {
  const rdb = reportsDb(db);
  const report = await rdb
    .selectFrom('reports')
    .select(['id', 'supporters'])
    .where('code', '=', normalizeCode(code))
    .executeTakeFirst();
  if (!report) throw new AppError('not_found');
  const row = await rdb
    .selectFrom('report_followers as f')
    .innerJoin('push_subscriptions as s', 's.id', 'f.push_subscription_id')
    .select('f.id')
    .where('f.report_id', '=', report.id)
    .where('s.endpoint', '=', endpoint)
    .where('s.gone_at', 'is', null)
    .executeTakeFirst();
  return { following: row !== undefined, supporters: report.supporters };
}

/** Whether this browser is told about all of the signed-in citizen's reports. */
export interface DeviceState {
  enabled: boolean;
}

/**
 * Links a browser's subscription to the signed-in citizen's account: from now on it is sent every message
 * about the reports the account sent or follows (notify.ts). A browser has one subscription per site, so one
 * account at a time: whoever links it last on this browser receives its messages.
 */
export async function linkDevice(
  db: Db,
  actor: Actor | null,
  input: PushSubscriptionInput,
  options: FollowOptions,
): Promise<DeviceState> {
  const citizen = citizenOf(actor);
  const subscription = checkedSubscription(input, options);
  await reportsDb(db)
    .insertInto('push_subscriptions')
    .values({
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      account_id: citizen.accountId,
      gone_at: null,
    })
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        p256dh: (eb) => eb.ref('excluded.p256dh'),
        auth: (eb) => eb.ref('excluded.auth'),
        account_id: (eb) => eb.ref('excluded.account_id'),
        gone_at: null,
      }),
    )
    .execute();
  return { enabled: true };
}

/** Stops telling this browser about the account's reports (its follows of single reports stay). */
export async function unlinkDevice(db: Db, actor: Actor | null, endpoint: string): Promise<DeviceState> {
  const citizen = citizenOf(actor);
  await reportsDb(db)
    .updateTable('push_subscriptions')
    .set({ account_id: null })
    .where('endpoint', '=', endpoint)
    .where('account_id', '=', citizen.accountId)
    .execute();
  return { enabled: false };
}

/** Whether this browser is linked to the signed-in citizen's account (and the push service still has it). */
export async function deviceState(db: Db, actor: Actor | null, endpoint: string): Promise<DeviceState> {
  const citizen = citizenOf(actor);
  const row = await reportsDb(db)
    .selectFrom('push_subscriptions')
    .select('id')
    .where('endpoint', '=', endpoint)
    .where('account_id', '=', citizen.accountId)
    .where('gone_at', 'is', null)
    .executeTakeFirst();
  return { enabled: row !== undefined };
}
