// Idempotent requests: the first answer to an Idempotency-Key is stored in the same transaction as the change
// it describes, and every retry with that key gets the same answer; the same key with another body is refused.
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db/tables.js';
import { AppError } from './errors.js';

/** What a client may send as a key: 8–200 visible ASCII characters (a UUID is typical). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** JSON with object keys sorted, so two equal bodies hash equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  // undefined, functions and symbols have no JSON text (the declared return type hides it).
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 'null' : text;
}

export function requestHash(body: unknown): string {
  return crypto.createHash('sha256').update(canonical(body)).digest('hex');
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs `work` in a transaction, once per (scope, key). Concurrent requests with one key wait for the first
 * (PostgreSQL holds the second insert on the primary key until the first transaction ends), then get its
 * stored answer; if the first failed, nothing was stored and the next one runs `work` itself.
 */
export async function idempotent<T>(
  db: Db,
  request: { scope: string; key: string | undefined; body: unknown; hash?: string },
  work: (trx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const { key } = request;
  if (key === undefined) {
    const result = await db.transaction().execute(work);
    return { ...result, replayed: false };
  }
  checkIdempotencyKey(key);
  const hash = request.hash ?? requestHash(request.body);
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ key: string }>`
      insert into idempotency_keys (scope, key, request_hash) values (${request.scope}, ${key}, ${hash})
      on conflict do nothing returning key`.execute(trx);
    if (claimed.rows.length === 0) {
      const stored = await sql<{ request_hash: string; status_code: number | null; response: T }>`
        select request_hash, status_code, response from idempotency_keys
         where scope = ${request.scope} and key = ${key}`.execute(trx);
      const row = stored.rows[0];
      if (!row || row.status_code === null)
        throw new AppError('conflict', { internal: 'idempotency row vanished' });
      if (row.request_hash !== hash) throw new AppError('idempotency_key_reused');
      return { status: row.status_code, body: row.response, replayed: true };
    }
    const result = await work(trx);
    await sql`update idempotency_keys set status_code = ${result.status}, response = ${JSON.stringify(result.body)}::jsonb
               where scope = ${request.scope} and key = ${key}`.execute(trx);
    return { ...result, replayed: false };
  });
}

/** Thrown inside the transaction when the key turned out to be taken: the work is rolled back, the stored answer given. */
class KeyTaken extends Error {}

/** A key `idempotentClaimLast` lets the work claim in its own last statement (see `claimKeySql`, `settleClaim`). */
export interface KeyClaim {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
  /** Set by `settleClaim` once the work's statement claimed the key. */
  settled: boolean;
}

/** The insert that claims the key with the answer (`response`: a jsonb expression), returning a row if it did. */
export function claimKeySql(
  claim: KeyClaim,
  status: number,
  response: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`insert into idempotency_keys (scope, key, request_hash, status_code, response)
    values (${claim.scope}, ${claim.key}, ${claim.hash}, ${status}, ${response})
    on conflict do nothing returning key`;
}

/** After the work's statement ran `claimKeySql`: whether it claimed the key (if not, the work is undone). */
export function settleClaim(claim: KeyClaim, claimed: boolean): void {
  if (!claimed) throw new KeyTaken();
  claim.settled = true;
}

/**
 * `idempotent` with the key claimed at the end, in one statement with the answer (one round trip less than claiming
 * first). For work that takes a row lock and re-checks the row, so that a retry cannot do it twice: the retry runs
 * `work` again, which is refused (the state has moved on) or succeeds only to find the key taken when it stores its
 * answer — either way its transaction is rolled back and it gets the first request's stored answer (or, for another
 * body, idempotency_key_reused). Two requests with one key in flight at once: the second's insert waits for the
 * first's transaction, as with `idempotent`. The work may claim the key in its own last statement (`claimKeySql`,
 * then `settleClaim`) to save the round trip; otherwise the key is claimed after it.
 */
export async function idempotentClaimLast<T>(
  db: Db,
  request: { scope: string; key: string | undefined; body: unknown },
  work: (trx: Db, claim: KeyClaim | null) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const { key, scope } = request;
  if (key === undefined) return idempotent(db, request, (trx) => work(trx, null));
  checkIdempotencyKey(key);
  const hash = requestHash(request.body);
  try {
    return await db.transaction().execute(async (trx) => {
      const claim: KeyClaim = { scope, key, hash, settled: false };
      const result = await work(trx, claim);
      if (claim.settled) return { ...result, replayed: false };
      const claimed = await sql<{ key: string }>`
        insert into idempotency_keys (scope, key, request_hash, status_code, response)
        values (${scope}, ${key}, ${hash}, ${result.status}, ${JSON.stringify(result.body)}::jsonb)
        on conflict do nothing returning key`.execute(trx);
      if (claimed.rows.length === 0) throw new KeyTaken();
      return { ...result, replayed: false };
    });
  } catch (error) {
    // Refused or rolled back: if the key holds an earlier answer, that is this request's answer.
    const stored = await sql<{ request_hash: string; status_code: number | null; response: T }>`
      select request_hash, status_code, response from idempotency_keys
       where scope = ${scope} and key = ${key}`.execute(db);
    const row = stored.rows[0];
    if (row === undefined || row.status_code === null) {
      if (error instanceof KeyTaken) throw new AppError('conflict', { internal: 'idempotency row vanished' });
      throw error;
    }
    if (row.request_hash !== hash) throw new AppError('idempotency_key_reused');
    return { status: row.status_code, body: row.response, replayed: true };
  }
}

/** Refuses a key a client may not send (see IDEMPOTENCY_KEY_PATTERN) with a 400. */
export function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new AppError('validation_failed', {
      internal: 'bad idempotency key',
      details: [{ field: '/headers/idempotency-key', problem: 'must be 8–200 visible ASCII characters' }],
    });
}

/** One request of a batch: its key (if the client sent one, already checked) and the hash of its body. */
export interface KeyedRequest {
  scope: string;
  key: string | undefined;
  hash: string;
}

/** What batch work says of one request: its answer, or the error that request alone is refused with. */
export type BatchAnswer<T> = { status: number; body: T } | { error: unknown };

/**
 * The batch form of `idempotent`, for group commit: one transaction claims the keys of all `requests`, runs
 * `work` once for those that are new (by index, in order) and stores their answers. A request whose key was
 * already taken comes back as 'taken' with nothing done for it: `idempotent` then gives the stored answer
 * (or refuses a different body). A request `work` refuses gets its error and its key back (nothing stored).
 * If anything throws, nothing of the batch is kept.
 */
export async function idempotentBatch<T>(
  db: Db,
  requests: readonly KeyedRequest[],
  work: (trx: Db, indexes: number[]) => Promise<BatchAnswer<T>[]>,
): Promise<Array<IdempotentResult<T> | { error: unknown } | 'taken'>> {
  return db.transaction().execute(async (trx) => {
    const keyed = requests.flatMap((r) => (r.key === undefined ? [] : [r as KeyedRequest & { key: string }]));
    const claimed = new Set<string>();
    if (keyed.length > 0) {
      const rows = await sql<{ scope: string; key: string }>`
        insert into idempotency_keys (scope, key, request_hash)
        select * from unnest(${keyed.map((r) => r.scope)}::text[], ${keyed.map((r) => r.key)}::text[],
                             ${keyed.map((r) => r.hash)}::text[])
        on conflict do nothing returning scope, key`.execute(trx);
      for (const row of rows.rows) claimed.add(`${row.scope}\u0000${row.key}`);
    }
    // A key claimed here runs once: a second request with the same key in this batch is 'taken' (a retry).
    const runs = requests.flatMap((r, i) => {
      if (r.key === undefined) return [i];
      const id = `${r.scope}\u0000${r.key}`;
      return claimed.delete(id) ? [i] : [];
    });
    const results = runs.length > 0 ? await work(trx, runs) : [];
    if (results.length !== runs.length) throw new Error('idempotentBatch: one result per request expected');
    const stored: { request: KeyedRequest; result: { status: number; body: T } }[] = [];
    const refused: KeyedRequest[] = [];
    runs.forEach((index, n) => {
      const request = requests[index];
      const result = results[n];
      if (request?.key === undefined || !result) return;
      if ('error' in result) refused.push(request);
      else stored.push({ request, result });
    });
    if (refused.length > 0)
      await sql`
        delete from idempotency_keys i
         using unnest(${refused.map((r) => r.scope)}::text[], ${refused.map((r) => r.key)}::text[]) as v(scope, key)
         where i.scope = v.scope and i.key = v.key`.execute(trx);
    if (stored.length > 0)
      await sql`
        update idempotency_keys i set status_code = v.status, response = v.response::jsonb
          from unnest(${stored.map((s) => s.request.scope)}::text[], ${stored.map((s) => s.request.key)}::text[],
                      ${stored.map((s) => s.result.status)}::int[],
                      ${stored.map((s) => JSON.stringify(s.result.body))}::text[]) as v(scope, key, status, response)
         where i.scope = v.scope and i.key = v.key`.execute(trx);
    const out: Array<IdempotentResult<T> | { error: unknown } | 'taken'> = requests.map(() => 'taken');
    runs.forEach((index, n) => {
      const result = results[n];
      if (result) out[index] = 'error' in result ? result : { ...result, replayed: false };
    });
    return out;
  });
}

/** Keys older than `days` are forgotten (a client retries within minutes, not days). */
export async function purgeIdempotencyKeys(db: Db, days = 7): Promise<number> {
  const result =
    await sql`delete from idempotency_keys where created_at < now() - make_interval(days => ${days})`.execute(
      db,
    );
  return Number(result.numAffectedRows ?? 0);
}
