// SQL of sign-in: sessions, positions with their scopes, throttling, one-time codes.
import crypto from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db as RootDb, PlatformTables } from '../../platform/db/tables.js';
import type { OrgTables } from '../org/tables.js';
import type { ActorPosition } from '../../platform/auth/policy.js';
import type { AuthTables } from './tables.js';
import { localDate } from '../../platform/calendar/calendar.js';
import { PREPARE_MARK } from '../../platform/db/database.js';

export type Db = Kysely<PlatformTables & OrgTables & AuthTables>;
export const authDb = (db: RootDb): Db => db.withTables<OrgTables & AuthTables>();

export const sha256 = (text: string): Buffer => crypto.createHash('sha256').update(text).digest();

export interface AccountForSignIn {
  id: string;
  kind: 'citizen' | 'officer';
  username: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  disabled_at: Date | null;
}

const signInColumns = [
  'id',
  'kind',
  'username',
  'password_hash',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_step',
  'disabled_at',
] as const;

export async function accountByUsername(db: Db, username: string): Promise<AccountForSignIn | undefined> {
  return db
    .selectFrom('accounts')
    .select(signInColumns)
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function accountById(db: Db, id: string): Promise<AccountForSignIn | undefined> {
  return db
    .selectFrom('accounts')
    .select(signInColumns)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function citizenByPhone(
  db: Db,
  phone: string,
): Promise<{ id: string; disabled_at: Date | null } | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'disabled_at'])
    .where('phone', '=', phone)
    .where('kind', '=', 'citizen')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(
  db: Db,
  accountId: string,
  expiresAt: Date,
  secondFactorAt: Date | null,
): Promise<{ id: string; token: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const { id } = await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      account_id: accountId,
      expires_at: expiresAt,
      second_factor_at: secondFactorAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, token };
}

export interface LiveSession {
  id: string;
  account_id: string;
  kind: 'citizen' | 'officer';
  second_factor_at: Date | null;
  last_seen_at: Date;
  /** The positions valid today (none for a citizen). */
  positions: ActorPosition[];
}

/** The session behind a token, if it is neither revoked nor expired and its account is active. */
export async function liveSession(db: Db, token: string, now: Date): Promise<LiveSession | undefined> {
  // On every signed-in request: prepared once per connection, and an officer's positions in the same round trip.
  const found = await sql<
    Omit<LiveSession, 'positions'> & { positions: PositionRow[] | null }
  >`${sql.raw(PREPARE_MARK)}
    select s.id, s.account_id, a.kind, s.second_factor_at, s.last_seen_at,
           case when a.kind = 'officer' then ${positionsJson(sql`a.id`, localDate(now))} end as positions
      from sessions s join accounts a on a.id = s.account_id
     where s.token_hash = ${sha256(token)} and s.revoked_at is null and s.expires_at > ${now}
       and a.disabled_at is null and a.deleted_at is null`.execute(db);
  const row = found.rows[0];
  return row && { ...row, positions: toPositions(row.positions) };
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function markSecondFactor(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of the account; returns how many. */
export async function revokeAllSessions(db: Db, accountId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** The positions of `accountId` valid on `today` with their scopes expanded to whole subtrees, as one SQL expression. */
function positionsJson(accountId: RawBuilder<unknown> | string, today: string) {
  return sql<PositionRow[] | null>`(
    select json_agg(json_build_object('role', p.role,
      'agency_ids', case when p.agency_id is null then null else (
        with recursive sub(id) as (
          select p.agency_id union all select g.id from agencies g join sub on g.parent_id = sub.id
        ) select array_agg(id::text) from sub) end,
      'area_ids', case when p.area_id is null then null else (
        with recursive sub(id) as (
          select p.area_id union all select r.id from areas r join sub on r.parent_id = sub.id
        ) select array_agg(id::text) from sub) end) order by p.created_at)
    from positions p
    where p.account_id = ${accountId} and p.valid_from <= ${today}::date
      and (p.valid_to is null or p.valid_to > ${today}::date))`;
}

interface PositionRow {
  role: ActorPosition['role'];
  agency_ids: string[] | null;
  area_ids: string[] | null;
}

function toPositions(rows: PositionRow[] | null): ActorPosition[] {
  return (rows ?? []).map((r) => ({
    role: r.role,
    agencyIds: r.agency_ids === null ? null : new Set(r.agency_ids),
    areaIds: r.area_ids === null ? null : new Set(r.area_ids),
  }));
}

/**
 * The account's positions valid on `today`, each with its scope expanded to the ids of the whole
 * agency and area subtrees (a recursive walk; agencies and areas number in the thousands at most).
 */
export async function currentPositions(db: Db, accountId: string, today: string): Promise<ActorPosition[]> {
  const rows = await sql<{
    positions: PositionRow[] | null;
  }>`select ${positionsJson(accountId, today)} as positions`.execute(db);
  return toPositions(rows.rows[0]?.positions ?? null);
}

export async function setTotp(
  db: Db,
  accountId: string,
  values: { totp_secret?: string | null; totp_enabled_at?: Date | null; totp_last_step?: string | null },
): Promise<void> {
  await db.updateTable('accounts').set(values).where('id', '=', accountId).execute();
}

/** Records a failure under `key`; returns the time the key is blocked until, if it now is. */
export async function recordFailure(
  db: Db,
  key: string,
  now: Date,
  limit: number,
  windowMs: number,
  blockMs: number,
): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - windowMs);
  const row = await sql<{ failures: number; blocked_until: Date | null }>`
    insert into auth_throttle (key, failures, window_started_at) values (${key}, 1, ${now})
    on conflict (key) do update set
      failures = case when auth_throttle.window_started_at < ${windowStart} then 1 else auth_throttle.failures + 1 end,
      window_started_at = case when auth_throttle.window_started_at < ${windowStart} then ${now} else auth_throttle.window_started_at end
    returning failures, blocked_until`.execute(db);
  const failures = row.rows[0]?.failures ?? 1;
  if (failures < limit) return null;
  const until = new Date(now.getTime() + blockMs);
  await db
    .updateTable('auth_throttle')
    .set({ blocked_until: until, failures: 0, window_started_at: now })
    .where('key', '=', key)
    .execute();
  return until;
}

export async function blockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db
    .selectFrom('auth_throttle')
    .select('blocked_until')
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .execute();
  const times = rows.flatMap((r) => (r.blocked_until ? [r.blocked_until.getTime()] : []));
  return times.length === 0 ? null : new Date(Math.max(...times));
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
