// Sign-in rules: passwords (argon2id) with throttling that cannot lock the owner out, server-side
// sessions (a new one at every sign-in), TOTP for officers (required for administrators), sign-out
// here or everywhere, and disabling an account, which ends all its sessions at once.
import { hash, verify } from '@node-rs/argon2';
import * as OTPAuth from 'otpauth';
import { recordAudit } from '../../platform/audit.js';
import { authorize, SECOND_FACTOR_REQUIRED, type Actor } from '../../platform/auth/policy.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import * as store from './store.js';

export const SESSION_HOURS = { officer: 12, citizen: 24 * 30 } as const;
/** Failed passwords for one account from one client before that pair waits. */
const PAIR_LIMIT = 5;
/** Failed passwords from one client, whatever the account, before that client waits. */
const CLIENT_LIMIT = 30;
const WINDOW_MS = 15 * 60_000;
const BLOCK_MS = 15 * 60_000;

// A real hash of a random password: unknown usernames cost the same time as known ones.
let dummyHash: Promise<string> | undefined;
const DUMMY_HASH = (): Promise<string> => (dummyHash ??= hash(`pakn-dummy-${Math.random()}`));

/** Computes the stand-in hash ahead of the first sign-in (called once the server listens). */
export function prepareSignIn(): void {
  void DUMMY_HASH();
}

export type SignInState = 'signed_in' | 'second_factor_required' | 'second_factor_setup_required';

export interface SignInResult {
  token: string;
  state: SignInState;
}

function rolesRequireSecondFactor(roles: readonly string[]): boolean {
  return roles.some((r) => SECOND_FACTOR_REQUIRED.has(r as never));
}

/** Opens a session for a person who has just proved who they are, and audits the sign-in (last write). */
export async function startSession(
  trx: RootDb,
  account: { id: string; kind: 'citizen' | 'officer' },
  detail: { method: string; requestId: string; secondFactorAt: Date | null },
  now: Date,
): Promise<{ id: string; token: string }> {
  const expires = new Date(now.getTime() + SESSION_HOURS[account.kind] * 3_600_000);
  const session = await store.createSession(store.authDb(trx), account.id, expires, detail.secondFactorAt);
  await recordAudit(trx, {
    actorId: account.id,
    action: 'auth.sign_in',
    subjectType: 'session',
    subjectId: session.id,
    requestId: detail.requestId,
    detail: { method: detail.method },
  });
  return session;
}

/** Officer sign-in with username and password; `client` identifies the caller (its IP address). */
export async function signInWithPassword(
  rootDb: RootDb,
  input: { username: string; password: string; client: string; requestId: string },
  now = new Date(),
): Promise<SignInResult> {
  const db = store.authDb(rootDb);
  const pairKey = `pw:${input.username.toLowerCase()}:${input.client}`;
  const clientKey = `pw-client:${input.client}`;
  if ((await store.blockedUntil(db, [pairKey, clientKey], now)) !== null) throw new AppError('rate_limited');

  const account = await store.accountByUsername(db, input.username);
  const passwordHash = account?.password_hash ?? (await DUMMY_HASH());
  const passwordOk = await verify(passwordHash, input.password).catch(() => false);
  if (
    !account ||
    account.password_hash === null ||
    !passwordOk ||
    account.disabled_at !== null ||
    account.kind !== 'officer'
  ) {
    await store.recordFailure(db, pairKey, now, PAIR_LIMIT, WINDOW_MS, BLOCK_MS);
    await store.recordFailure(db, clientKey, now, CLIENT_LIMIT, WINDOW_MS, BLOCK_MS);
    if (account)
      await recordAudit(rootDb, {
        actorId: account.id,
        action: 'auth.sign_in_failed',
        subjectType: 'account',
        subjectId: account.id,
        requestId: input.requestId,
      });
    throw new AppError('invalid_credentials');
  }
  await store.clearFailures(db, pairKey);

  const positions = await store.currentPositions(db, account.id, localDate(now));
  const needsSecondFactor =
    account.totp_enabled_at !== null || rolesRequireSecondFactor(positions.map((p) => p.role));
  const session = await rootDb
    .transaction()
    .execute((trx) =>
      startSession(
        trx,
        account,
        { method: 'password', requestId: input.requestId, secondFactorAt: needsSecondFactor ? null : now },
        now,
      ),
    );
  const state: SignInState = !needsSecondFactor
    ? 'signed_in'
    : account.totp_enabled_at !== null
      ? 'second_factor_required'
      : 'second_factor_setup_required';
  return { token: session.token, state };
}

/** What a request's session cookie stands for: a full actor, a session still waiting for its second factor, or nothing. */
export type SessionView =
  | { state: 'none' }
  | { state: 'second_factor_required' | 'second_factor_setup_required'; sessionId: string; accountId: string }
  | { state: 'signed_in'; actor: Actor };

export async function resolveSession(
  rootDb: RootDb,
  token: string | undefined,
  requestId: string,
  now = new Date(),
): Promise<SessionView> {
  if (token === undefined || token.length < 20 || token.length > 100) return { state: 'none' };
  const db = store.authDb(rootDb);
  const session = await store.liveSession(db, token, now);
  if (!session) return { state: 'none' };
  if (now.getTime() - session.last_seen_at.getTime() > 5 * 60_000)
    await store.touchSession(db, session.id, now);
  const { positions } = session;
  if (session.kind === 'officer' && session.second_factor_at === null) {
    const account = await store.accountById(db, session.account_id);
    const state = account?.totp_enabled_at ? 'second_factor_required' : 'second_factor_setup_required';
    return { state, sessionId: session.id, accountId: session.account_id };
  }
  return {
    state: 'signed_in',
    actor: { accountId: session.account_id, kind: session.kind, positions, sessionId: session.id, requestId },
  };
}

const totpFor = (secret: string, label: string) =>
  new OTPAuth.TOTP({
    issuer: 'PAKN',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });

/** Accepts a 6-digit code once: the step it matched must be later than the last accepted one. */
function acceptTotp(secret: string, lastStep: string | null, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secret, 'check');
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 30_000) + delta;
  if (lastStep !== null && step <= Number(lastStep)) return null;
  return step;
}

/** Starts TOTP enrolment for the session's officer: a new secret, shown once as an otpauth:// URI. */
export async function startTotpSetup(
  rootDb: RootDb,
  accountId: string,
): Promise<{ secret: string; uri: string }> {
  const db = store.authDb(rootDb);
  const account = await store.accountById(db, accountId);
  if (!account || account.kind !== 'officer') throw new AppError('forbidden');
  if (account.totp_enabled_at !== null) throw new AppError('conflict', { internal: 'TOTP already enabled' });
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await store.setTotp(db, accountId, { totp_secret: secret, totp_last_step: null });
  return { secret, uri: totpFor(secret, account.username ?? accountId).toString() };
}

/** Confirms enrolment (or signs in) with a code; the session then counts as having passed the second factor. */
export async function verifyTotp(
  rootDb: RootDb,
  input: { sessionId: string; accountId: string; code: string; requestId: string },
  now = new Date(),
): Promise<void> {
  const db = store.authDb(rootDb);
  const key = `totp:${input.accountId}`;
  if ((await store.blockedUntil(db, [key], now)) !== null) throw new AppError('rate_limited');
  const account = await store.accountById(db, input.accountId);
  const step = account?.totp_secret
    ? acceptTotp(account.totp_secret, account.totp_last_step, input.code, now)
    : null;
  if (!account || step === null) {
    await store.recordFailure(db, key, now, PAIR_LIMIT, WINDOW_MS, BLOCK_MS);
    throw new AppError('invalid_code');
  }
  await rootDb.transaction().execute(async (trx) => {
    const t = store.authDb(trx);
    const enabling = account.totp_enabled_at === null;
    await store.setTotp(t, account.id, {
      totp_last_step: String(step),
      ...(enabling ? { totp_enabled_at: now } : {}),
    });
    await store.markSecondFactor(t, input.sessionId, now);
    await recordAudit(trx, {
      actorId: account.id,
      action: enabling ? 'auth.totp_enabled' : 'auth.second_factor',
      subjectType: 'account',
      subjectId: account.id,
      requestId: input.requestId,
    });
  });
  await store.clearFailures(db, key);
}

export async function signOut(
  rootDb: RootDb,
  sessionId: string,
  accountId: string,
  requestId: string,
  now = new Date(),
): Promise<void> {
  await rootDb.transaction().execute(async (trx) => {
    await store.revokeSession(store.authDb(trx), sessionId, now);
    await recordAudit(trx, {
      actorId: accountId,
      action: 'auth.sign_out',
      subjectType: 'session',
      subjectId: sessionId,
      requestId,
    });
  });
}

export async function signOutEverywhere(rootDb: RootDb, actor: Actor, now = new Date()): Promise<number> {
  return rootDb.transaction().execute(async (trx) => {
    const n = await store.revokeAllSessions(store.authDb(trx), actor.accountId, now);
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'auth.sign_out_everywhere',
      subjectType: 'account',
      subjectId: actor.accountId,
      requestId: actor.requestId,
      detail: { sessions: n },
    });
    return n;
  });
}

/** An administrator disables an account: it can no longer sign in and every session ends now. */
export async function setAccountDisabled(
  rootDb: RootDb,
  actor: Actor | null,
  accountId: string,
  disabled: boolean,
  now = new Date(),
): Promise<void> {
  authorize(actor, 'account.manage');
  // An administrator who disabled their own account could not undo it.
  if (disabled && accountId === actor.accountId)
    throw new AppError('validation_failed', {
      details: [
        {
          field: '/params/id',
          problem: 'an administrator cannot disable their own account',
          messages: {
            vi: 'Không thể tự khoá tài khoản của chính mình.',
            en: 'You cannot disable your own account.',
          },
        },
      ],
    });
  await rootDb.transaction().execute(async (trx) => {
    const t = store.authDb(trx);
    const updated = await t
      .updateTable('accounts')
      .set({ disabled_at: disabled ? now : null })
      .where('id', '=', accountId)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new AppError('not_found');
    const revoked = disabled ? await store.revokeAllSessions(t, accountId, now) : 0;
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: disabled ? 'account.disabled' : 'account.enabled',
      subjectType: 'account',
      subjectId: accountId,
      requestId: actor.requestId,
      detail: { sessionsRevoked: revoked },
    });
  });
}

/** Sets an officer's password (administrator, or the officer after a reset). */
export async function setPassword(
  rootDb: RootDb,
  accountId: string,
  password: string,
  now = new Date(),
): Promise<void> {
  await store
    .authDb(rootDb)
    .updateTable('accounts')
    .set({ password_hash: await hash(password), password_changed_at: now })
    .where('id', '=', accountId)
    .execute();
}
