// Idempotent requests: the first answer to an Idempotency-Key is stored in the same transaction as the change
// it describes, and every retry with that key gets the same answer; the same key with another body is refused.
import crypto from 'node:crypto';
import { sql } from 'kysely';
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
  request: { scope: string; key: string | undefined; body: unknown },
  work: (trx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const { key } = request;
  if (key === undefined) {
    const result = await db.transaction().execute(work);
    return { ...result, replayed: false };
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw new AppError('validation_failed', {
      internal: 'bad idempotency key',
      details: [{ field: '/headers/idempotency-key', problem: 'must be 8–200 visible ASCII characters' }],
    });
  const hash = requestHash(request.body);
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

/** Keys older than `days` are forgotten (a client retries within minutes, not days). */
export async function purgeIdempotencyKeys(db: Db, days = 7): Promise<number> {
  const result =
    await sql`delete from idempotency_keys where created_at < now() - make_interval(days => ${days})`.execute(
      db,
    );
  return Number(result.numAffectedRows ?? 0);
}
