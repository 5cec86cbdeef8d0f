// The audit log is append-only and hash-chained: appends (also concurrent ones) keep one valid chain,
// the database refuses changes, and a changed, deleted or reordered row is found by the verifier.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AuditChainer,
  auditRowHash,
  chainQueuedAudit,
  queueAudit,
  recordAudit,
  verifyAuditChain,
  type AuditChainRow,
  type AuditEntry,
} from '../../src/platform/audit.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import type { Db } from '../../src/platform/db/tables.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../src/platform/paths.js';
import {
  adminQuery,
  backend,
  openTestDatabase,
  quietLogger,
  urlFor,
  type TestDatabase,
} from '../support/backends.js';

let test: TestDatabase;
let database: Database;
let db: Db;

beforeAll(async () => {
  test = await openTestDatabase();
  database = test.database;
  db = database.db;
});

afterAll(async () => {
  await database.close();
});

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actorId: null,
  action: 'test.append',
  subjectType: 'test',
  subjectId: String(n),
  detail: { n },
  ...extra,
});

async function append(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++)
    ids.push((await db.transaction().execute((trx) => recordAudit(trx, entry(n)))).id);
  return ids;
}

async function rowCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
  return rows[0]!.n;
}

/** Runs `change` with the append-only trigger off, in one transaction, as a superuser could. */
async function tamper(change: (trx: Db) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
    await change(trx);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
  });
}

/** A deleted row, as jsonb text: bytea in hex, `at` to the microsecond. */
type StoredRow = string;

async function takeOut(trx: Db, id: string): Promise<StoredRow> {
  const { rows } = await sql<{ row: string }>`
    delete from audit_log where id = ${id}::bigint returning to_jsonb(audit_log.*)::text as row`.execute(trx);
  return rows[0]!.row;
}

/** Inserts a row taken out, under its own id or another one. */
async function putBack(trx: Db, row: StoredRow, id?: string): Promise<void> {
  await sql`
    insert into audit_log (id, at, actor_id, action, subject_type, subject_id, request_id, detail, prev_hash, hash)
    overriding system value
    select coalesce(${id ?? null}::bigint, r.id), r.at, r.actor_id, r.action, r.subject_type, r.subject_id,
      r.request_id, r.detail, r.prev_hash, r.hash
    from jsonb_populate_record(null::audit_log, ${row}::jsonb) r`.execute(trx);
}

describe(`audit chain on ${backend}`, () => {
  it('chains every append, with details the database reorders and reformats', async () => {
    const before = await rowCount();
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, {
        actorId: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        action: 'test.detail',
        subjectType: 'test',
        subjectId: 'Phường Đông Ngạc',
        requestId: 'req-1',
        detail: {
          zeta: 1.5,
          a: [1, 'hai', null, { y: true, x: false }],
          'khóa dài': 'Bắc Giang "trích dẫn"\n\tvà \u0001',
          big: 2 ** 70,
          tiny: 1e-7,
          nested: { b: { d: 1, c: 2 }, a: [] },
          emoji: '🙂',
        },
      });
      await recordAudit(trx, { actorId: null, action: 'test.no_detail', subjectType: 'test' });
      await recordAudit(trx, { actorId: null, action: 'test.empty', subjectType: 'test', detail: {} });
    });
    // Outside a transaction it opens its own.
    await recordAudit(db, entry(0));
    await append(5);
    expect(await rowCount()).toBe(before + 9);
    const result = await verifyAuditChain(db);
    expect(result).toEqual({
      ok: true,
      rows: before + 9,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
  });

  it('pages through the table without losing the link between pages', async () => {
    await append(7);
    const all = await verifyAuditChain(db);
    expect(await verifyAuditChain(db, 2)).toEqual(all);
    expect(await verifyAuditChain(db, 1)).toEqual(all);
  });

  it('keeps one chain when several transactions append at once', async () => {
    const before = await rowCount();
    // On PostgreSQL half the writers use a second pool, as another process would.
    const other = backend === 'postgres' ? await test.openAnother() : database;
    try {
      const writers = Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? db : other.db).transaction().execute(async (trx) => {
          await sql`select pg_sleep(0.01)`.execute(trx);
          await recordAudit(trx, entry(i, { action: 'test.concurrent' }));
          // Hold the transaction open after appending: the next writer must wait for this commit.
          await sql`select pg_sleep(0.02)`.execute(trx);
          await recordAudit(trx, entry(i, { action: 'test.concurrent.second' }));
        }),
      );
      await Promise.all(writers);
    } finally {
      if (other !== database) await other.close();
    }
    expect(await rowCount()).toBe(before + 24);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: before + 24 });
    // Each transaction's two entries are adjacent: appends are serialized until commit.
    const { rows } = await sql<{ action: string; subject_id: string }>`
      select action, subject_id from audit_log where action like 'test.concurrent%' order by id`.execute(db);
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i]!.action).toBe('test.concurrent');
      expect(rows[i + 1]).toEqual({ action: 'test.concurrent.second', subject_id: rows[i]!.subject_id });
    }
  });

  it('chains queued entries in one batch, keeping their time and details, with the chain intact', async () => {
    const before = await rowCount();
    const detail = { khóa: 'Bắc Giang "trích dẫn"\n', big: 2 ** 70, tiny: 1e-7, list: [3, 'hai', null] };
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i += 1)
        await queueAudit(trx, {
          actorId: i % 3 === 0 ? null : 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
          action: 'test.queued',
          subjectType: 'test',
          subjectId: `q-${i}`,
          requestId: i % 2 === 0 ? null : `req-${i}`,
          ...(i % 4 === 0 ? {} : { detail: { ...detail, i } }),
        });
    });
    // Some queued apart, while entries are also appended directly: one chain whatever the interleaving.
    await Promise.all([chainQueuedAudit(db, 15), recordAudit(db, entry(99)), chainQueuedAudit(db, 15)]);
    while ((await chainQueuedAudit(db)) > 0);
    expect(await rowCount()).toBe(before + 41);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: before + 41 });
    const queued = await sql<{ subject_id: string; detail: { i?: number } | null; at: Date }>`
      select subject_id, detail, at from audit_log where action = 'test.queued' order by id`.execute(db);
    expect(queued.rows.map((r) => r.subject_id)).toEqual(Array.from({ length: 40 }, (_, i) => `q-${i}`));
    expect(queued.rows[5]?.detail).toEqual({ ...detail, i: 5 });
    expect(await sql`select 1 from audit_outbox`.execute(db)).toMatchObject({ rows: [] });
  });

  it('the chainer chains what was kicked during a run, and a full batch is followed by another', async () => {
    const before = await rowCount();
    const errors: unknown[] = [];
    const chainer = new AuditChainer(db, (error) => errors.push(error), 0);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 501; i += 1) await queueAudit(trx, entry(1000 + i, { action: 'test.kicked' }));
    });
    // One kick: the first batch is full (500), so the run takes another.
    chainer.kick();
    await chainer.settled();
    expect(await rowCount()).toBe(before + 501);
    await queueAudit(db, entry(2000, { action: 'test.kicked' }));
    chainer.kick();
    // The run has started (the timer of 0 ms has fired) and waits on the database: a kick now asks for more.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await queueAudit(db, entry(2001, { action: 'test.kicked' }));
    chainer.kick();
    await chainer.settled();
    expect(errors).toEqual([]);
    expect(await sql`select 1 from audit_outbox`.execute(db)).toMatchObject({ rows: [] });
    expect(await rowCount()).toBe(before + 503);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: before + 503 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await append(1);
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set action = 'x' where false`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses a second row following the same row', async () => {
    const { rows } = await sql<{ id: string }>`select max(id)::text as id from audit_log`.execute(db);
    const last = rows[0]!.id;
    await expect(
      sql`insert into audit_log (action, subject_type, prev_hash, hash)
          select 'x', 'y', prev_hash, hash from audit_log where id = ${last}::bigint`.execute(db),
    ).rejects.toThrow(/audit_log_single_chain/);
  });

  it('finds a changed row, by its id', async () => {
    const [, middle] = await append(3);
    await tamper((trx) =>
      sql`update audit_log set detail = '{"n": 99}' where id = ${middle!}::bigint`.execute(trx),
    );
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBadId: middle,
      problem: expect.stringMatching(/changed/) as unknown,
    });
    // A change of the time alone, by one microsecond, is found too.
    await tamper((trx) =>
      sql`update audit_log set detail = '{"n": 1}', at = at + interval '1 microsecond' where id = ${middle!}::bigint`.execute(
        trx,
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: middle });
    await tamper((trx) =>
      sql`update audit_log set at = at - interval '1 microsecond' where id = ${middle!}::bigint`.execute(trx),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('finds a row changed and re-hashed: the next row no longer links to it', async () => {
    const [, middle, next] = await append(3);
    const { rows } = await sql<{ prev: string }>`
      select encode(prev_hash, 'hex') as prev from audit_log where id = ${middle!}::bigint`.execute(db);
    await tamper(async (trx) => {
      await sql`update audit_log set action = 'test.forged' where id = ${middle!}::bigint`.execute(trx);
      const forged =
        await sql<AuditChainRow>`select id::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
           actor_id::text as "actorId", action, subject_type as "subjectType", subject_id as "subjectId",
           request_id as "requestId", detail::text as detail
         from audit_log where id = ${middle!}::bigint`.execute(trx);
      const hash = auditRowHash(Buffer.from(rows[0]!.prev, 'hex'), forged.rows[0]!).toString('hex');
      await sql`update audit_log set hash = decode(${hash}, 'hex') where id = ${middle!}::bigint`.execute(
        trx,
      );
    });
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBadId: next,
      problem: expect.stringContaining(`row ${middle!}`) as unknown,
    });
    await tamper(async (trx) => {
      await sql`update audit_log set action = 'test.append' where id = ${middle!}::bigint`.execute(trx);
      const original = await sql<{ hash: string }>`
        select encode(prev_hash, 'hex') as hash from audit_log where id = ${next!}::bigint`.execute(trx);
      await sql`update audit_log set hash = decode(${original.rows[0]!.hash}, 'hex') where id = ${middle!}::bigint`.execute(
        trx,
      );
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('finds a deleted row: the row after it is reported', async () => {
    const [, middle, next] = await append(3);
    const before = await verifyAuditChain(db);
    let removed: StoredRow | undefined;
    await tamper(async (trx) => {
      removed = await takeOut(trx, middle!);
    });
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({
      ok: false,
      firstBadId: next,
      problem: expect.stringMatching(/deleted/) as unknown,
    });
    await tamper((trx) => putBack(trx, removed!));
    expect(await verifyAuditChain(db)).toEqual(before);
  });

  it('finds a deleted first row', async () => {
    const { rows } = await sql<{ id: string }>`select min(id)::text as id from audit_log`.execute(db);
    const first = rows[0]!.id;
    let removed: StoredRow | undefined;
    await tamper(async (trx) => {
      removed = await takeOut(trx, first);
    });
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      rows: 0,
      problem: expect.stringMatching(/first row/) as unknown,
    });
    await tamper((trx) => putBack(trx, removed!));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('finds two rows swapped', async () => {
    const [, a, b] = await append(4);
    let rowA: StoredRow | undefined;
    let rowB: StoredRow | undefined;
    await tamper(async (trx) => {
      rowA = await takeOut(trx, a!);
      rowB = await takeOut(trx, b!);
      await putBack(trx, rowA, b);
      await putBack(trx, rowB, a);
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: a });
    await tamper(async (trx) => {
      await takeOut(trx, a!);
      await takeOut(trx, b!);
      await putBack(trx, rowA!);
      await putBack(trx, rowB!);
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe(`rows written before the chain, on ${backend}`, () => {
  // Copies of the migrations up to 0004 (before the chain) and up to 0005 (the chain).
  const dirs = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-audit-'));
  afterAll(() => {
    fs.rmSync(dirs, { recursive: true, force: true });
  });
  const upTo = (version: number): string => {
    const dir = path.join(dirs, String(version));
    if (fs.existsSync(dir)) return dir;
    fs.mkdirSync(dir);
    for (const file of fs.readdirSync(MIGRATIONS_DIR))
      if (/^\d{4}_/.test(file) && Number(file.slice(0, 4)) <= version)
        fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
    return dir;
  };

  it('are chained by the migration with the serialization recordAudit uses', async () => {
    const fresh = await openEmptyDatabase();
    try {
      await migrate(fresh.db, quietLogger, upTo(4));
      await sql`
        insert into audit_log (at, actor_id, action, subject_type, subject_id, request_id, detail) values
          ('2023-05-01 08:00:00.123456+07', null, 'org.import', 'data_set', 'bắc-giang', null,
           '{"areas": 10, "agencies": 3, "note": "Đợt 1 \\"thử\\"\\n", "ratio": 1.50, "zz": null, "a": [2, 1]}'),
          ('2023-05-01 08:00:01+07', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'org.import', 'data_set', null,
           'req', 'null'),
          (now(), null, 'x', 'y', null, null, null)`.execute(fresh.db);
      await migrate(fresh.db, quietLogger, upTo(5));
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, rows: 3 });
      await recordAudit(fresh.db, entry(1));
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, rows: 4 });
    } finally {
      await fresh.close();
    }
  });

  it('an empty log is intact', async () => {
    const fresh = await openEmptyDatabase();
    try {
      await migrate(fresh.db, quietLogger, upTo(5));
      expect(await verifyAuditChain(fresh.db)).toEqual({ ok: true, rows: 0, lastHash: null });
    } finally {
      await fresh.close();
    }
  });
});

describe.runIf(backend === 'postgres')('npm run audit:verify', () => {
  const verify = (url: string) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', 'verify'], {
        cwd: ROOT_DIR,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => {
        resolve({ code, out });
      });
    });

  it('prints one line and exits 0 when intact, 1 with the bad row when not', async () => {
    const [, middle] = await append(3);
    const intact = await verify(test.url!);
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/^Audit log intact: \d+ rows, last hash [0-9a-f]{64}\n$/);

    await tamper((trx) =>
      sql`update audit_log set subject_id = 'forged' where id = ${middle!}::bigint`.execute(trx),
    );
    const broken = await verify(test.url!);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(new RegExp(`^Audit log BROKEN at row ${middle!} .*changed`));
  });
});

/** A database with no migrations applied, on this file's back end. */
async function openEmptyDatabase(): Promise<Database> {
  const options = {
    dataDir: '/nonexistent',
    poolMax: 2,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 30_000,
    logger: quietLogger,
  };
  if (backend === 'pglite')
    return openDatabase({ ...options, databaseUrl: undefined, pgliteDataDir: 'memory://' });
  // Named after the run's template, so the run's teardown drops it.
  const name = `${inject('templateDatabase').replace(/_tpl$/, '')}_audit_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return openDatabase({ ...options, databaseUrl: urlFor(name) });
}
