// A person's own account: profile, a copy of their data, and erasure on request (Decree 13/2023/NĐ-CP).
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { cleanText } from '../../platform/text.js';
import * as store from './store.js';
import { eraseAccountFromReports, reportsForExport } from '../reports/mine.js';

export interface Profile {
  kind: 'citizen' | 'officer';
  username: string | null;
  displayName: string;
  phone: string | null;
  email: string | null;
  privacyVersion: string | null;
  createdAt: string;
}

export async function getProfile(rootDb: RootDb, actor: Actor | null): Promise<Profile> {
  authorize(actor, 'account.read_self');
  const row = await store
    .authDb(rootDb)
    .selectFrom('accounts')
    .select(['kind', 'username', 'display_name', 'phone', 'email', 'privacy_version', 'created_at'])
    .where('id', '=', actor.accountId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return {
    kind: row.kind,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone,
    email: row.email,
    privacyVersion: row.privacy_version,
    createdAt: row.created_at.toISOString(),
  };
}

export async function updateProfile(
  rootDb: RootDb,
  actor: Actor | null,
  input: { displayName: string },
): Promise<Profile> {
  authorize(actor, 'account.read_self');
  const displayName = cleanText(input.displayName);
  await rootDb.transaction().execute(async (trx) => {
    await store
      .authDb(trx)
      .updateTable('accounts')
      .set({ display_name: displayName })
      .where('id', '=', actor.accountId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'account.profile_updated',
      subjectType: 'account',
      subjectId: actor.accountId,
      requestId: actor.requestId,
      detail: { fields: ['displayName'] },
    });
  });
  return getProfile(rootDb, actor);
}

/** Everything the system holds about the person, as JSON: profile, sessions, sign-on links and reports. */
export async function exportMyData(rootDb: RootDb, actor: Actor | null): Promise<Record<string, unknown>> {
  const profile = await getProfile(rootDb, actor);
  authorize(actor, 'account.read_self');
  const sessions = await store
    .authDb(rootDb)
    .selectFrom('sessions')
    .select(['created_at', 'last_seen_at', 'expires_at', 'revoked_at'])
    .where('account_id', '=', actor.accountId)
    .orderBy('created_at')
    .execute();
  const identities = await sql<{ issuer: string; created_at: Date }>`
    select issuer, created_at from account_identities where account_id = ${actor.accountId} order by created_at`.execute(
    rootDb,
  );
  await recordAudit(rootDb, {
    actorId: actor.accountId,
    action: 'account.data_exported',
    subjectType: 'account',
    subjectId: actor.accountId,
    requestId: actor.requestId,
  });
  const reports = await reportsForExport(rootDb, actor.accountId);
  return { exportedAt: new Date().toISOString(), profile, sessions, singleSignOn: identities.rows, reports };
}

/** Erases a citizen's personal data and signs them out everywhere; what they reported stays, without their identity. */
export async function deleteMyAccount(rootDb: RootDb, actor: Actor | null, now = new Date()): Promise<void> {
  authorize(actor, 'account.read_self');
  if (actor.kind !== 'citizen')
    throw new AppError('forbidden', { internal: 'officer accounts are closed by an administrator' });
  await rootDb.transaction().execute(async (trx) => {
    const db = store.authDb(trx);
    await db
      .updateTable('accounts')
      .set({
        deleted_at: now,
        display_name: '',
        username: null,
        phone: null,
        email: null,
        password_hash: null,
        totp_secret: null,
        phone_verified_at: null,
        email_verified_at: null,
      })
      .where('id', '=', actor.accountId)
      .execute();
    await store.revokeAllSessions(db, actor.accountId, now);
    // The provider's subject identifies the person too.
    await sql`delete from account_identities where account_id = ${actor.accountId}`.execute(trx);
    await eraseAccountFromReports(trx, actor.accountId, now);
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'account.erased',
      subjectType: 'account',
      subjectId: actor.accountId,
      requestId: actor.requestId,
    });
  });
}
