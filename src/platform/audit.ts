// The audit log: appended inside the caller's transaction, each row chained to the previous one by SHA-256.
//
// The chain. Every row stores `prev_hash` (the previous row's `hash`, or 32 zero bytes for the first row)
// and `hash = sha256(prev_hash || UTF-8 bytes of the row's serialization)`. The serialization is the
// JSON text, as `JSON.stringify` writes it (no white space), of the array
//
//   [id, at, actor_id, action, subject_type, subject_id, request_id, detail]
//
// where every element is a string or null, each exactly as PostgreSQL prints the stored value:
//   id          the bigint in decimal (`id::text`), so renumbering or swapping rows breaks the chain;
//   at          UTC with microseconds, `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
//   actor_id    the lowercase uuid (`actor_id::text`), or null;
//   detail      the jsonb's own text (`detail::text`), or null. jsonb already is a canonical form: keys
//               sorted (by length, then bytes) and deduplicated, fixed spacing, numbers as exact numerics;
//               a JSON `null` detail is the string "null", a missing one is null.
// migrations/0005_audit_chain.sql builds the same text in SQL to chain the rows written before it; the
// unit test pins one hash so that a change here (which would break every stored chain) cannot go unseen.
//
// Concurrency. An append takes a transaction-scoped advisory lock, then reads the last row's hash and
// draws the next id: two transactions can never chain onto the same row, and id order is chain order.
// The lock is held until the caller's transaction ends, so appends are serialized: record the audit
// entry as the last write of a transaction, so a transaction holding the lock never waits for a row
// that another transaction, itself waiting for the lock, holds. A unique constraint on prev_hash
// makes a fork impossible even if that reasoning fails (e.g. a REPEATABLE READ caller).
//
// The table is append-only in the database too (a trigger refuses UPDATE, DELETE and TRUNCATE); someone
// able to disable that trigger could still rewrite rows, which `verifyAuditChain` then detects. It cannot
// notice rows cut off the end: compare the last hash it reports with one noted earlier.
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db/tables.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  requestId?: string | null;
  /** What changed; never personal data itself. */
  detail?: Record<string, unknown>;
}

/** One row as the chain sees it: every field as PostgreSQL prints it (see the serialization above). */
export interface AuditChainRow {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  requestId: string | null;
  detail: string | null;
}

export type AuditChainResult =
  /** `lastHash` (hex) is the head of the chain: note it to detect rows later cut off the end. */
  | { ok: true; rows: number; lastHash: string | null }
  /** `rows` intact rows were read before `firstBadId`. */
  | { ok: false; rows: number; firstBadId: string; problem: string };

/** Any fixed number, distinct from the migration lock: every append in every process takes it. */
const AUDIT_APPEND_LOCK_KEY = 7_231_905_102;

/** The previous hash of the first row. */
export const GENESIS_HASH = Buffer.alloc(32);

/** `at` as the chain prints it: UTC, microseconds, whatever the session's time zone. */
const atText = (column: RawBuilder<unknown>): RawBuilder<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function serializeAuditRow(row: AuditChainRow): string {
  return JSON.stringify([
    row.id,
    row.at,
    row.actorId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.requestId,
    row.detail,
  ]);
}

export function auditRowHash(prevHash: Buffer, row: AuditChainRow): Buffer {
  return crypto.createHash('sha256').update(prevHash).update(serializeAuditRow(row), 'utf8').digest();
}

/**
 * Appends one entry to the audit log. Pass the transaction of the change it records, so the record
 * exists exactly when the change does; called outside a transaction, it opens its own.
 */
export async function recordAudit(
  db: Db,
  entry: AuditEntry,
  options: { at?: Date } = {},
): Promise<{ id: string }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, entry, options));

  // Its own statement: a statement's snapshot is taken before the lock is granted, and the next one
  // must see the row that the previous holder committed.
  await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY})`.execute(db);

  // Every value goes through PostgreSQL once and is hashed as PostgreSQL will print it back: the
  // verifier then reads exactly what was hashed (the uuid's case, jsonb's key order and numbers).
  const { rows } = await sql<AuditChainRow & { prevHash: string | null }>`
    select
      (select encode(hash, 'hex') from audit_log order by id desc limit 1) as "prevHash",
      nextval(pg_get_serial_sequence('audit_log', 'id'))::text as id,
      ${atText(options.at ? sql`${options.at}::timestamptz` : sql`statement_timestamp()`)} as at,
      ${entry.actorId}::uuid::text as "actorId",
      ${entry.action}::text as action,
      ${entry.subjectType}::text as "subjectType",
      ${entry.subjectId ?? null}::text as "subjectId",
      ${entry.requestId ?? null}::text as "requestId",
      ${entry.detail === undefined ? null : JSON.stringify(entry.detail)}::jsonb::text as detail`.execute(db);
  const [drawn] = rows;
  if (drawn === undefined) throw new Error('Internal: a select without from returned no row');
  const { prevHash: prevHex, ...row } = drawn;
  const prevHash = prevHex === null ? GENESIS_HASH : Buffer.from(prevHex, 'hex');
  const hash = auditRowHash(prevHash, row);

  // The id was drawn under the lock, so it is written explicitly rather than by the identity default.
  await sql`
    insert into audit_log
      (id, at, actor_id, action, subject_type, subject_id, request_id, detail, prev_hash, hash)
    overriding system value
    values (
      ${row.id}::bigint, ${row.at}::timestamptz, ${row.actorId}::uuid, ${row.action}, ${row.subjectType},
      ${row.subjectId}, ${row.requestId}, ${row.detail}::jsonb,
      decode(${prevHash.toString('hex')}, 'hex'), decode(${hash.toString('hex')}, 'hex')
    )`.execute(db);
  return { id: row.id };
}

/**
 * The audit outbox, for changes made many times a second (the report workflow): the entry is written in the
 * caller's transaction without the chain's lock — so those transactions do not queue behind each other —
 * and `chainQueuedAudit` appends it to the chain moments later, keeping its time. Nothing is lost: the entry
 * exists exactly when the change does; only its place in the chain comes after.
 */
export async function queueAudit(db: Db, entry: AuditEntry): Promise<void> {
  await sql`
    insert into audit_outbox (actor_id, action, subject_type, subject_id, request_id, detail)
    values (${entry.actorId}::uuid, ${entry.action}, ${entry.subjectType}, ${entry.subjectId ?? null},
            ${entry.requestId ?? null}, ${entry.detail === undefined ? null : JSON.stringify(entry.detail)}::jsonb)`.execute(
    db,
  );
}

/** How many queued entries one chaining transaction takes. */
const CHAIN_BATCH = 500;

/**
 * Moves up to `limit` queued entries, oldest first, onto the chain; returns how many. A batch costs the same
 * few statements whatever its size: the values are read as PostgreSQL prints them (as `recordAudit` hashes
 * them), the hashes computed here in order, and the rows written in one insert.
 */
export async function chainQueuedAudit(db: Db, limit = CHAIN_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY})`.execute(trx);
    const queued = await sql<{ queueId: string } & Omit<AuditChainRow, 'id'>>`
      select id::text as "queueId", ${atText(sql`at`)} as at, actor_id::text as "actorId", action,
             subject_type as "subjectType", subject_id as "subjectId", request_id as "requestId",
             detail::text as detail
        from audit_outbox order by id limit ${limit} for update skip locked`.execute(trx);
    const entries = queued.rows;
    if (entries.length === 0) return 0;
    const head = await sql<{ prev: string | null; ids: string[] }>`
      select (select encode(hash, 'hex') from audit_log order by id desc limit 1) as prev,
             array(select nextval(pg_get_serial_sequence('audit_log', 'id'))::text
                     from generate_series(1, ${entries.length})) as ids`.execute(trx);
    const ids = [...(head.rows[0]?.ids ?? [])].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    let prev: Buffer = head.rows[0]?.prev ? Buffer.from(head.rows[0].prev, 'hex') : GENESIS_HASH;
    const rows = entries.map(({ queueId: _queued, ...entry }, i) => {
      const row: AuditChainRow = { id: ids[i] ?? '', ...entry };
      const hash = auditRowHash(prev, row);
      const written = { row, prev: prev.toString('hex'), hash: hash.toString('hex') };
      prev = hash;
      return written;
    });
    await sql`
      insert into audit_log (id, at, actor_id, action, subject_type, subject_id, request_id, detail, prev_hash, hash)
      overriding system value
      select id, at, actor_id, action, subject_type, subject_id, request_id, detail, decode(prev, 'hex'), decode(hash, 'hex')
        from unnest(${rows.map((r) => r.row.id)}::bigint[], ${rows.map((r) => r.row.at)}::timestamptz[],
                    ${rows.map((r) => r.row.actorId)}::uuid[], ${rows.map((r) => r.row.action)}::text[],
                    ${rows.map((r) => r.row.subjectType)}::text[], ${rows.map((r) => r.row.subjectId)}::text[],
                    ${rows.map((r) => r.row.requestId)}::text[], ${rows.map((r) => r.row.detail)}::jsonb[],
                    ${rows.map((r) => r.prev)}::text[], ${rows.map((r) => r.hash)}::text[])
          as t(id, at, actor_id, action, subject_type, subject_id, request_id, detail, prev, hash)
       order by id`.execute(trx);
    await sql`delete from audit_outbox where id = any(${entries.map((e) => e.queueId)}::bigint[])`.execute(
      trx,
    );
    return entries.length;
  });
}

/**
 * Chains the queue soon after changes are made in this process: a kick waits `delayMs` so that entries gather
 * and a busy second is chained in a few transactions, one run at a time; a kick during a run arms the timer
 * again when the run ends (not a run straight after, which under steady load would chain one entry at a time).
 * A failed run is reported and left to the next kick or the minute job.
 */
export class AuditChainer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  /** `delayMs`: how long entries gather before a run. */
  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 100,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.delayMs);
    this.timer.unref();
  }

  private run(): void {
    this.again = false;
    this.running = (async () => {
      try {
        // A batch short of the limit emptied the queue as it stood: what came since waits for the next kick.
        while ((await chainQueuedAudit(this.db, CHAIN_BATCH)) === CHAIN_BATCH);
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = null;
        if (this.kickedMeanwhile()) this.kick();
      }
    })();
  }

  /** Whether kick() was called during the run (the flag changes across awaits, out of the compiler's sight). */
  private kickedMeanwhile(): boolean {
    return this.again;
  }

  /** Runs now what is waiting, including what was kicked during a run, and waits for it (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.run();
      } else return;
    }
  }
}

/**
 * Reads the whole audit log in id order, a page at a time, and checks that each row links to the one
 * before it and that its content still matches its hash. Stops at the first bad row.
 */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<AuditChainResult> {
  let expectedPrev = GENESIS_HASH;
  let previousId: string | null = null;
  let rows = 0;
  for (;;) {
    const page = await sql<AuditChainRow & { prevHash: string | null; hash: string | null }>`
      select
        id::text as id,
        ${atText(sql.ref('at'))} as at,
        actor_id::text as "actorId",
        action,
        subject_type as "subjectType",
        subject_id as "subjectId",
        request_id as "requestId",
        detail::text as detail,
        encode(prev_hash, 'hex') as "prevHash",
        encode(hash, 'hex') as hash
      from audit_log
      where audit_log.id > ${previousId ?? '0'}::bigint
      order by audit_log.id -- not the text "id" above, which would put 10 before 2
      limit ${pageSize}`.execute(db);
    for (const { prevHash, hash, ...row } of page.rows) {
      const bad = (problem: string): AuditChainResult => ({ ok: false, rows, firstBadId: row.id, problem });
      if (prevHash === null || hash === null) return bad('the row has no hash');
      if (!Buffer.from(prevHash, 'hex').equals(expectedPrev)) {
        return bad(
          previousId === null
            ? 'the first row does not start the chain: rows before it were deleted'
            : `it does not link to row ${previousId}: rows between them were deleted, or rows were reordered`,
        );
      }
      const actual = Buffer.from(hash, 'hex');
      if (!auditRowHash(expectedPrev, row).equals(actual))
        return bad('its content does not match its hash: the row was changed or moved');
      expectedPrev = actual;
      previousId = row.id;
      rows++;
    }
    if (page.rows.length < pageSize)
      return { ok: true, rows, lastHash: previousId === null ? null : expectedPrev.toString('hex') };
  }
}
