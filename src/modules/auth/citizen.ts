// Citizens sign in with a one-time code sent to their phone; the first sign-in creates the account,
// after they accept the privacy notice. Answers never reveal whether a phone number is registered.
import crypto from 'node:crypto';
import { recordAudit } from '../../platform/audit.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { maskPhone, SMS_JOB, type SmsJobData } from '../../platform/sms.js';
import { normalizePhoneVN } from '../../platform/text.js';
import { startSession } from './service.js';
import * as store from './store.js';

/** The version of the privacy notice (Decree 13/2023/NĐ-CP) a new account must accept. */
export const PRIVACY_VERSION = '2026-11';
export const CODE_TTL_MS = 10 * 60_000;
const RESEND_AFTER_MS = 60_000;
const CODES_PER_HOUR = 5;
const CLIENT_CODES_PER_HOUR = 20;
const MAX_ATTEMPTS = 5;

function phoneOrError(input: string): string {
  const phone = normalizePhoneVN(input);
  if (phone === null)
    throw new AppError('validation_failed', {
      details: [{ field: '/body/phone', problem: 'is not a Vietnamese phone number' }],
    });
  return phone;
}

const codeHash = (destination: Buffer, code: string): Buffer =>
  crypto.createHash('sha256').update(destination).update(`:${code}`).digest();

export interface CodeSent {
  sentTo: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Creates a 6-digit code and enqueues its SMS in the same transaction. */
export async function requestSignInCode(
  rootDb: RootDb,
  jobs: JobQueue,
  input: { phone: string; client: string; requestId: string },
  now = new Date(),
): Promise<CodeSent> {
  const phone = phoneOrError(input.phone);
  const destination = store.sha256(`phone:${phone}`);
  const db = store.authDb(rootDb);
  const clientKey = `code-client:${input.client}`;
  if ((await store.blockedUntil(db, [clientKey], now)) !== null) throw new AppError('rate_limited');
  const recent = await db
    .selectFrom('one_time_codes')
    .select('created_at')
    .where('destination_hash', '=', destination)
    .where('purpose', '=', 'sign_in_phone')
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .orderBy('created_at', 'desc')
    .execute();
  const last = recent[0];
  if (
    recent.length >= CODES_PER_HOUR ||
    (last && now.getTime() - last.created_at.getTime() < RESEND_AFTER_MS)
  )
    throw new AppError('rate_limited');
  await store.recordFailure(db, clientKey, now, CLIENT_CODES_PER_HOUR, 3_600_000, 3_600_000);

  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await rootDb.transaction().execute(async (trx) => {
    await store
      .authDb(trx)
      .insertInto('one_time_codes')
      .values({
        purpose: 'sign_in_phone',
        created_at: now,
        destination_hash: destination,
        code_hash: codeHash(destination, code),
        expires_at: new Date(now.getTime() + CODE_TTL_MS),
      })
      .execute();
    // With diacritics the SMS is Unicode, 70 characters a segment: this text (68) fits in one.
    const text = `Mã xác thực PAKN: ${code}. Có hiệu lực 10 phút. Không chia sẻ mã này.`;
    await jobs.enqueue(SMS_JOB, { to: phone, text } satisfies SmsJobData, { trx });
  });
  return {
    sentTo: maskPhone(phone),
    expiresInSeconds: CODE_TTL_MS / 1000,
    resendAfterSeconds: RESEND_AFTER_MS / 1000,
  };
}

export interface CodeSignIn {
  token: string;
  created: boolean;
}

/** Checks the code (once, within 10 minutes, at most 5 tries); signs in, creating the account on first use. */
export async function signInWithCode(
  rootDb: RootDb,
  input: { phone: string; code: string; acceptPrivacyVersion?: string | undefined; requestId: string },
  now = new Date(),
): Promise<CodeSignIn> {
  const phone = phoneOrError(input.phone);
  const destination = store.sha256(`phone:${phone}`);
  return rootDb
    .transaction()
    .execute(async (trx) => {
      const db = store.authDb(trx);
      const row = await db
        .selectFrom('one_time_codes')
        .select(['id', 'code_hash', 'attempts'])
        .where('destination_hash', '=', destination)
        .where('purpose', '=', 'sign_in_phone')
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .forUpdate()
        .executeTakeFirst();
      const given = /^\d{6}$/.test(input.code) ? codeHash(destination, input.code) : Buffer.alloc(32);
      if (!row || row.attempts >= MAX_ATTEMPTS || !crypto.timingSafeEqual(row.code_hash, given)) {
        if (row)
          await db
            .updateTable('one_time_codes')
            .set({ attempts: row.attempts + 1 })
            .where('id', '=', row.id)
            .execute();
        // Commit the attempt count, then refuse.
        return null;
      }
      let account = await store.citizenByPhone(db, phone);
      let created = false;
      if (!account) {
        if (input.acceptPrivacyVersion !== PRIVACY_VERSION) throw new AppError('privacy_consent_required');
        const inserted = await db
          .insertInto('accounts')
          .values({
            kind: 'citizen',
            display_name: '',
            phone,
            phone_verified_at: now,
            privacy_version: PRIVACY_VERSION,
            privacy_accepted_at: now,
          })
          .returning(['id', 'disabled_at'])
          .executeTakeFirstOrThrow();
        account = inserted;
        created = true;
        await recordAudit(trx, {
          actorId: inserted.id,
          action: 'account.registered',
          subjectType: 'account',
          subjectId: inserted.id,
          requestId: input.requestId,
          detail: { privacyVersion: PRIVACY_VERSION },
        });
      }
      await db.updateTable('one_time_codes').set({ consumed_at: now }).where('id', '=', row.id).execute();
      if (account.disabled_at !== null) return null;
      const session = await startSession(
        trx,
        { id: account.id, kind: 'citizen' },
        { method: 'phone_code', requestId: input.requestId, secondFactorAt: now },
        now,
      );
      return { token: session.token, created };
    })
    .then((result) => {
      if (result === null) throw new AppError('invalid_code');
      return result;
    });
}
