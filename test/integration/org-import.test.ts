// Organisation data sets: the demo data loads through the same import an administrator uses;
// importing again changes nothing; a broken data set is refused whole, with every problem listed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { loadDemoDataIfEmpty } from '../../src/modules/org/demo.js';
import { ImportError, importDataSet } from '../../src/modules/org/service.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { backend, openTestDatabase, quietLogger } from '../support/backends.js';

let database: Database;
let tmp: string;

async function counts(): Promise<Record<string, number>> {
  const r = await sql<Record<string, number>>`select
      (select count(*)::int from areas) as areas, (select count(*)::int from agencies) as agencies,
      (select count(*)::int from categories) as categories, (select count(*)::int from accounts) as accounts,
      (select count(*)::int from area_codes) as area_codes,
      (select count(*)::int from jurisdictions) as jurisdictions`.execute(database.db);
  return r.rows[0]!;
}

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-org-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`organisation import on ${backend}`, () => {
  it('loads the demo data once, with random passwords kept only in the data directory', async () => {
    const accounts = await loadDemoDataIfEmpty(database, tmp, quietLogger);
    expect(await counts()).toMatchObject({
      areas: 54,
      agencies: 40,
      categories: 23,
      accounts: 14,
      jurisdictions: 48,
    });
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set(['citizen', 'receiver', 'handler', 'agency_leader', 'provincial_leader', 'auditor', 'admin']),
    );
    expect(new Set(accounts.map((a) => a.password)).size).toBe(14);
    const file = path.join(tmp, 'demo-accounts.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const hashes = await sql<{ password_hash: string }>`select password_hash from accounts`.execute(
      database.db,
    );
    for (const h of hashes.rows) expect(h.password_hash).toMatch(/^\$argon2id\$/);
    for (const a of accounts)
      expect(hashes.rows.map((h) => h.password_hash).join()).not.toContain(a.password);

    // Second start: nothing imported again, the same accounts shown.
    expect(await loadDemoDataIfEmpty(database, tmp, quietLogger)).toEqual(accounts);
    expect((await counts()).accounts).toBe(14);
  });

  it('stores names in NFC with a folded search key, and phones as +84', async () => {
    const r = await sql<{
      name: string;
      name_key: string;
    }>`select name, name_key from areas where slug = 'bac-giang'`.execute(database.db);
    expect(r.rows[0]).toEqual({ name: 'Bắc Giang'.normalize('NFC'), name_key: 'bac giang' });
    const phones = await sql<{ phone: string }>`select phone from accounts where phone is not null`.execute(
      database.db,
    );
    for (const p of phones.rows) expect(p.phone).toMatch(/^\+84\d{9}$/);
  });

  it('imports the same data set again without duplicating or losing anything, and audits each import', async () => {
    const before = await counts();
    const result = await importDataSet(database.db, DEMO_DATA_DIR);
    expect(result).toMatchObject({
      areas: 54,
      agencies: 40,
      categories: 23,
      jurisdictions: 48,
      accounts: 14,
      createdAccounts: [],
    });
    expect(await counts()).toEqual(before);
    const audits = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'org.import'`.execute(database.db);
    expect(audits.rows[0]!.n).toBe(2);
  });

  it('refuses a broken data set as a whole and lists every problem', async () => {
    const dir = path.join(tmp, 'broken');
    fs.cpSync(DEMO_DATA_DIR, dir, { recursive: true });
    const agencies = JSON.parse(fs.readFileSync(path.join(dir, 'agencies.json'), 'utf8')) as {
      area: string | null;
      name: string;
    }[];
    agencies[0]!.area = 'no-such-area';
    agencies[1]!.name = 'Sở Mới (không được lưu)';
    fs.writeFileSync(path.join(dir, 'agencies.json'), JSON.stringify(agencies));
    const accounts = JSON.parse(fs.readFileSync(path.join(dir, 'accounts.json'), 'utf8')) as {
      phone: string | null;
    }[];
    accounts[0]!.phone = '12345';
    fs.writeFileSync(path.join(dir, 'accounts.json'), JSON.stringify(accounts));
    fs.writeFileSync(path.join(dir, 'categories.json'), '[{"slug": ');

    const before = await counts();
    const error = await importDataSet(database.db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const message = (error as ImportError).message;
    expect(message).toContain('names unknown area no-such-area');
    expect(message).toContain('invalid phone number');
    expect(message).toContain('categories.json: not valid JSON');
    expect(await counts()).toEqual(before);
    const renamed = await sql<{
      n: number;
    }>`select count(*)::int as n from agencies where name like 'Sở Mới%'`.execute(database.db);
    expect(renamed.rows[0]!.n).toBe(0);
  });
});
