// Links sent by e-mail: an officer resets a forgotten password; a citizen signs in without a phone.
// Answers are the same whether or not the address or username is known.
import crypto from 'node:crypto';
import { recordAudit } from '../../platform/audit.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB, type Mail } from '../../platform/mail.js';
import { PRIVACY_VERSION } from './citizen.js';
import { RETURN_PATH_PATTERN } from './schemas.js';
import { setPassword, startSession } from './service.js';
import * as store from './store.js';

export const LINK_TTL_MS = 30 * 60_000;
/** A second sign-in link to the same address no sooner than this (the first one may just be slow). */
export const LINK_RESEND_AFTER_MS = 60_000;
const LINKS_PER_HOUR = 3;
const CLIENT_LINKS_PER_HOUR = 20;
export const MIN_PASSWORD_LENGTH = 12;

export interface LinkContext {
  jobs: JobQueue;
  publicUrl: string;
}

/** Refused for `ms` more milliseconds: the wait is sent as Retry-After, and the sign-in page shows it. */
const refusedFor = (ms: number) =>
  new AppError('rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });

async function throttleClient(db: store.Db, client: string, now: Date): Promise<void> {
  const key = `link-client:${client}`;
  const blocked = await store.blockedUntil(db, [key], now);
  if (blocked !== null) throw refusedFor(blocked.getTime() - now.getTime());
  await store.recordFailure(db, key, now, CLIENT_LINKS_PER_HOUR, 3_600_000, 3_600_000);
}

/** When the links of the last hour to this destination were made, oldest first. */
async function recentLinks(
  db: store.Db,
  destinationHash: Buffer,
  purpose: 'password_reset' | 'sign_in_email',
  now: Date,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('one_time_codes')
    .select('created_at')
    .where('destination_hash', '=', destinationHash)
    .where('purpose', '=', purpose)
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .orderBy('created_at', 'asc')
    .execute();
  return rows.map((r) => r.created_at);
}

/**
 * How long until another sign-in link may go to an address that had `recent` in the last hour: a minute
 * after the newest, and an hour after the oldest of a full hour's worth. Zero when one may go now.
 */
export function emailLinkWaitMs(recent: readonly Date[], now: Date): number {
  const newest = recent.at(-1);
  const sinceNewest = newest === undefined ? 0 : newest.getTime() + LINK_RESEND_AFTER_MS - now.getTime();
  const oldest = recent.at(-LINKS_PER_HOUR);
  const hourFull =
    recent.length >= LINKS_PER_HOUR && oldest !== undefined
      ? oldest.getTime() + 3_600_000 - now.getTime()
      : 0;
  return Math.max(0, sinceNewest, hourFull);
}

/** Sends a reset link to the officer's e-mail address, if the username or address is an officer's. */
export async function requestPasswordReset(
  rootDb: RootDb,
  ctx: LinkContext,
  input: { login: string; client: string },
  now = new Date(),
): Promise<void> {
  const db = store.authDb(rootDb);
  await throttleClient(db, input.client, now);
  const login = input.login.trim().toLowerCase();
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'email', 'display_name'])
    .where('kind', '=', 'officer')
    .where('deleted_at', 'is', null)
    .where('disabled_at', 'is', null)
    .where((eb) =>
      eb.or([eb(eb.fn('lower', ['username']), '=', login), eb(eb.fn('lower', ['email']), '=', login)]),
    )
    .executeTakeFirst();
  if (!account?.email) return;
  const destination = store.sha256(`account:${account.id}`);
  if ((await recentLinks(db, destination, 'password_reset', now)).length >= LINKS_PER_HOUR) return;
  const token = crypto.randomBytes(32).toString('base64url');
  const mail: Mail = {
    to: account.email,
    subject: 'Đặt lại mật khẩu / Password reset — PAKN',
    text:
      `Kính gửi ${account.display_name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản của Ông/Bà. Để đặt mật khẩu mới, ` +
      `vui lòng mở đường liên kết sau trong vòng 30 phút:\n\n${ctx.publicUrl}/#/dat-lai-mat-khau?ma=${token}\n\n` +
      `Nếu Ông/Bà không yêu cầu, vui lòng bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.\n\n` +
      `Someone asked to reset the password of your PAKN account. Open the link above within 30 minutes to choose a new one; ` +
      `if it was not you, ignore this message.\n`,
  };
  await rootDb.transaction().execute(async (trx) => {
    await store
      .authDb(trx)
      .insertInto('one_time_codes')
      .values({
        purpose: 'password_reset',
        created_at: now,
        destination_hash: destination,
        code_hash: store.sha256(token),
        expires_at: new Date(now.getTime() + LINK_TTL_MS),
        account_id: account.id,
      })
      .execute();
    await ctx.jobs.enqueue(MAIL_JOB, mail, { trx });
  });
}

/** Consumes a valid, unused link; null when there is none. */
async function consumeLink(
  db: store.Db,
  token: string,
  purpose: 'password_reset' | 'sign_in_email',
  now: Date,
) {
  if (!/^[A-Za-z0-9_-]{30,60}$/.test(token)) return null;
  const row = await db
    .selectFrom('one_time_codes')
    .select(['id', 'account_id', 'destination'])
    .where('code_hash', '=', store.sha256(token))
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  // The address is not kept once the link is used (an UPDATE … RETURNING would already see it cleared).
  await db
    .updateTable('one_time_codes')
    .set({ consumed_at: now, destination: null })
    .where('id', '=', row.id)
    .execute();
  return row;
}

/** Sets the new password from a reset link; every session of the account ends. */
export async function confirmPasswordReset(
  rootDb: RootDb,
  input: { token: string; password: string; requestId: string },
  now = new Date(),
): Promise<void> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', {
      details: [{ field: '/body/password', problem: `must have at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
  const accountId = await rootDb.transaction().execute(async (trx) => {
    const db = store.authDb(trx);
    const link = await consumeLink(db, input.token, 'password_reset', now);
    if (!link?.account_id) throw new AppError('invalid_code');
    await store.revokeAllSessions(db, link.account_id, now);
    await recordAudit(trx, {
      actorId: link.account_id,
      action: 'account.password_reset',
      subjectType: 'account',
      subjectId: link.account_id,
      requestId: input.requestId,
      detail: { via: 'email_link' },
    });
    return link.account_id;
  });
  await setPassword(rootDb, accountId, input.password, now);
}

/** Same rule as the schema's `RETURN_PATH_PATTERN`, for callers that are not a route. */
const RETURN_PATH = new RegExp(RETURN_PATH_PATTERN);

/**
 * The web app's page that signs in with an e-mailed link: `#/dang-nhap/email?ma=TOKEN`, with `&ve=PATH` when
 * the person should come back to a page (also when the link is opened in another browser).
 */
export function emailSignInLink(publicUrl: string, token: string, returnTo: string | undefined): string {
  const back = returnTo === undefined || returnTo === '/' ? '' : `&ve=${encodeURIComponent(returnTo)}`;
  return `${publicUrl}/#/dang-nhap/email?ma=${token}${back}`;
}

export interface EmailLinkSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Sends a citizen a sign-in link; the account is created when the link is first used. */
export async function requestEmailLink(
  rootDb: RootDb,
  ctx: LinkContext,
  input: { email: string; client: string; returnTo?: string | undefined },
  now = new Date(),
): Promise<EmailLinkSent> {
  const db = store.authDb(rootDb);
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254) {
    throw new AppError('validation_failed', {
      details: [{ field: '/body/email', problem: 'is not an e-mail address' }],
    });
  }
  if (input.returnTo !== undefined && !RETURN_PATH.test(input.returnTo)) {
    throw new AppError('validation_failed', {
      details: [{ field: '/body/returnTo', problem: 'is not a page of this site' }],
    });
  }
  await throttleClient(db, input.client, now);
  const destination = store.sha256(`email:${email}`);
  const wait = emailLinkWaitMs(await recentLinks(db, destination, 'sign_in_email', now), now);
  if (wait > 0) throw refusedFor(wait);
  const token = crypto.randomBytes(32).toString('base64url');
  const link = emailSignInLink(ctx.publicUrl, token, input.returnTo);
  const mail: Mail = {
    to: email,
    subject: 'Đăng nhập hệ thống phản ánh hiện trường / Sign in — PAKN',
    text:
      `Để đăng nhập, vui lòng mở đường liên kết sau trong vòng 30 phút. Đường liên kết chỉ dùng được một lần.\n\n${link}\n\n` +
      `Nếu Ông/Bà không yêu cầu, vui lòng bỏ qua thư này.\n\n` +
      `To sign in, open the link above within 30 minutes; it works once. If you did not ask for it, ignore this message.\n`,
  };
  await rootDb.transaction().execute(async (trx) => {
    await store
      .authDb(trx)
      .insertInto('one_time_codes')
      .values({
        purpose: 'sign_in_email',
        created_at: now,
        destination_hash: destination,
        destination: email,
        code_hash: store.sha256(token),
        expires_at: new Date(now.getTime() + LINK_TTL_MS),
      })
      .execute();
    await ctx.jobs.enqueue(MAIL_JOB, mail, { trx });
  });
  return { expiresInSeconds: LINK_TTL_MS / 1000, resendAfterSeconds: LINK_RESEND_AFTER_MS / 1000 };
}

/** Signs in with an e-mailed link (once); a new address becomes an account only with the privacy notice accepted. */
export async function signInWithEmailLink(
  rootDb: RootDb,
  input: { token: string; acceptPrivacyVersion?: string | undefined; requestId: string },
  now = new Date(),
): Promise<{ token: string; created: boolean }> {
  return rootDb.transaction().execute(async (trx) => {
    const db = store.authDb(trx);
    const link = await consumeLink(db, input.token, 'sign_in_email', now);
    if (!link?.destination) throw new AppError('invalid_code');
    const email = link.destination;
    let account = await db
      .selectFrom('accounts')
      .select(['id', 'disabled_at'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .where('kind', '=', 'citizen')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    let created = false;
    if (!account) {
      // Refusing here rolls back the consumption: the same link works once consent is given.
      if (input.acceptPrivacyVersion !== PRIVACY_VERSION) throw new AppError('privacy_consent_required');
      account = await db
        .insertInto('accounts')
        .values({
          kind: 'citizen',
          display_name: '',
          email,
          email_verified_at: now,
          privacy_version: PRIVACY_VERSION,
          privacy_accepted_at: now,
        })
        .returning(['id', 'disabled_at'])
        .executeTakeFirstOrThrow();
      created = true;
      await recordAudit(trx, {
        actorId: account.id,
        action: 'account.registered',
        subjectType: 'account',
        subjectId: account.id,
        requestId: input.requestId,
        detail: { privacyVersion: PRIVACY_VERSION, via: 'email' },
      });
    }
    if (account.disabled_at !== null) throw new AppError('invalid_code');
    const session = await startSession(
      trx,
      { id: account.id, kind: 'citizen' },
      { method: 'email_link', requestId: input.requestId, secondFactorAt: now },
      now,
    );
    return { token: session.token, created };
  });
}
