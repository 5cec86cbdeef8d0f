// Officer accounts from a spreadsheet on the real database: sample files, a bad file refused whole with its
// row numbers, re-imports that change nothing, Excel's quirks, export → import, and 4,000 rows at once.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { exportOfficers, importOfficers } from '../../src/modules/accounts/officer-import.js';
import { OfficerImportError } from '../../src/modules/accounts/problems.js';
import type { OfficerFileFormat } from '../../src/modules/accounts/schemas.js';
import { importDataSet } from '../../src/modules/org/service.js';
import { DEMO_DATA_DIR, ROOT_DIR } from '../../src/platform/paths.js';
import { generateOfficers, SAMPLE_OFFICERS } from '../../scripts/officer-samples.js';
import { writeOfficerFile } from '../../src/modules/accounts/officer-file.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;

const HEADER_VI = 'Tên đăng nhập;Họ và tên;Thư điện tử;Số điện thoại;Vai trò;Cơ quan;Địa bàn;Từ ngày';
const csv = (lines: string[], { bom = true } = {}) =>
  Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`, 'utf8');
const load = (
  data: Uint8Array,
  format: OfficerFileFormat = 'csv',
  extra: { dryRun?: boolean; now?: Date } = {},
) => importOfficers(database.db, { data, format, actor: 'console', ...extra });

async function counts(): Promise<{ accounts: number; positions: number; audits: number }> {
  const r = await sql<{ accounts: number; positions: number; audits: number }>`select
      (select count(*)::int from accounts) as accounts, (select count(*)::int from positions) as positions,
      (select count(*)::int from audit_log) as audits`.execute(database.db);
  return r.rows[0]!;
}

async function officer(username: string) {
  const r = await sql<{
    kind: string;
    display_name: string;
    email: string | null;
    phone: string | null;
    password_hash: string | null;
  }>`select kind, display_name, email, phone, password_hash from accounts where lower(username) = ${username}`.execute(
    database.db,
  );
  const positions = await sql<{
    role: string;
    agency: string | null;
    area: string | null;
    valid_from: string;
    valid_to: string | null;
  }>`select p.role, g.slug as agency, r.slug as area, p.valid_from, p.valid_to
       from positions p join accounts a on a.id = p.account_id
       left join agencies g on g.id = p.agency_id left join areas r on r.id = p.area_id
      where lower(a.username) = ${username} order by p.valid_from, p.created_at`.execute(database.db);
  return { ...r.rows[0]!, positions: positions.rows };
}

async function rejection(data: Uint8Array, format: OfficerFileFormat = 'csv'): Promise<OfficerImportError> {
  const error = await load(data, format).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OfficerImportError);
  return error as OfficerImportError;
}

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
});
afterAll(async () => {
  await database.close();
});

describe(`officer import on ${backend}`, () => {
  it('imports the sample XLSX, then finds the sample CSV already applied', async () => {
    const before = await counts();
    const result = await load(fs.readFileSync(path.join(ROOT_DIR, 'samples/officers.xlsx')), 'xlsx');
    expect(result).toMatchObject({
      rows: SAMPLE_OFFICERS.length,
      accountsCreated: SAMPLE_OFFICERS.length,
      positionsCreated: SAMPLE_OFFICERS.length,
      positionsEnded: 0,
      ignoredColumns: [],
    });
    expect(result.createdAccountIds).toHaveLength(SAMPLE_OFFICERS.length);
    expect(await counts()).toEqual({
      accounts: before.accounts + 12,
      positions: before.positions + 12,
      audits: before.audits + 1,
    });
    expect(await officer('pham.thu.trang')).toEqual({
      kind: 'officer',
      display_name: 'Phạm Thu Trang',
      email: 'pham.thu.trang@mau.pakn.invalid',
      phone: '+84356123403',
      password_hash: null,
      positions: [
        {
          role: 'handler',
          agency: 'ubnd-bac-giang.ubnd-luc-ngan',
          area: 'bac-giang.luc-ngan',
          valid_from: '2024-06-03',
          valid_to: null,
        },
      ],
    });
    expect((await officer('le.minh.tuan')).phone).toBe('+842043855123');

    // One audit entry, with counts and no personal data.
    const audit = await sql<{ actor_id: string | null; detail: unknown }>`
      select actor_id, detail from audit_log where action = 'account.import' order by at desc limit 1`.execute(
      database.db,
    );
    expect(audit.rows[0]!.actor_id).toBeNull();
    expect(audit.rows[0]!.detail).toEqual({
      format: 'xlsx',
      rows: 12,
      accountsCreated: 12,
      accountsUpdated: 0,
      accountsUnchanged: 0,
      positionsCreated: 12,
      positionsUpdated: 0,
      positionsEnded: 0,
      positionsUnchanged: 0,
    });

    const again = await load(fs.readFileSync(path.join(ROOT_DIR, 'samples/officers.csv')));
    expect(again).toMatchObject({ accountsCreated: 0, accountsUpdated: 0, accountsUnchanged: 12 });
    expect(again).toMatchObject({ positionsCreated: 0, positionsUpdated: 0, positionsUnchanged: 12 });
  });

  it('refuses a file with bad rows whole, naming each row in Vietnamese and English', async () => {
    const before = await counts();
    const data = csv([
      HEADER_VI,
      'moi.mot;Cán bộ Mới Một;moi.mot@mau.pakn.invalid;0912000101;Cán bộ xử lý;ubnd-bac-giang.so-yt;;',
      'Trần Văn B;Trần Văn B;;;Cán bộ xử lý;ubnd-bac-giang.so-yt;;',
      'moi.ba;;khong-phai-email;12345;Trưởng phòng;;;30/02/2025',
      'moi.mot;Người khác;;;Cán bộ tiếp nhận;;;',
      'moi.nam;Cán bộ Năm;;;Cán bộ xử lý;so-khong-co;;',
      'nguoidan1;Người dân;;;Cán bộ xử lý;ubnd-bac-giang.so-yt;;',
      'moi.bay;Cán bộ Bảy;;;Lãnh đạo cơ quan;UBND huyện Lục Ngạn;phường Trần Phú;',
    ]);
    const error = await rejection(data);
    expect(error.problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'username_invalid'],
      [4, 'required'],
      [4, 'email_invalid'],
      [4, 'phone_invalid'],
      [4, 'role_unknown'],
      [4, 'date_invalid'],
      [5, 'username_repeated'],
      [5, 'scope_required'],
      [6, 'agency_unknown'],
      [7, 'username_citizen'],
      [8, 'area_outside_agency'],
    ]);
    expect(error.total).toBe(11);
    const vi = error.problems.map((p) => p.vi);
    expect(vi).toContain('Dòng 4, cột “Họ và tên”: không được để trống.');
    expect(vi).toContain(
      'Dòng 5, cột “Tên đăng nhập”: tên đăng nhập “moi.mot” trùng với dòng 2; mỗi cán bộ chỉ ghi một dòng.',
    );
    expect(vi.find((m) => m.startsWith('Dòng 6'))).toContain('không tìm thấy cơ quan “so-khong-co”');
    expect(error.problems[0]!.en).toMatch(/^Row 3, column "Tên đăng nhập": "Trần Văn B" is not valid/);
    // The error renders as a 400 with one detail per problem.
    expect(error.status).toBe(400);
    expect(error.options.details?.[0]).toEqual({
      field: '/file/rows/3/Tên đăng nhập',
      problem: error.problems[0]!.en,
      messages: { vi: error.problems[0]!.vi, en: error.problems[0]!.en },
    });
    expect(error.options.details?.[0]?.messages?.vi).toMatch(/^Dòng 3, cột “Tên đăng nhập”/);

    // Nothing of the file was written, not even its good first row, and nothing was audited.
    expect(await counts()).toEqual(before);
    expect((await officer('moi.mot')).kind).toBeUndefined();
  });

  it('lists at most 200 problems and says how many there were', async () => {
    const lines = [HEADER_VI, ...Array.from({ length: 300 }, (_, i) => `Sai ${i};;;;;;;`)];
    const error = await rejection(csv(lines));
    expect(error.problems).toHaveLength(200);
    expect(error.total).toBe(900);
  });

  it('reads CSV with ";" and a BOM, role labels, agency names and day/month/year dates', async () => {
    const result = await load(
      csv([
        HEADER_VI,
        'Hoang.Thi.Yen;Hoàng  Thị Yến;HTYen@Mau.Pakn.Invalid;0987 654 321;Lãnh đạo cơ quan;Sở Y tế tỉnh Bắc Giang;;1/7/2025',
        'ly.van.son;Lý Văn Sơn;;;Thanh tra viên;;;',
        'ngo.thi.hanh;Ngô Thị Hạnh;;+84 204 3855 124;cán bộ tiếp nhận;;huyện Lục Ngạn;2025-07-01',
      ]),
    );
    expect(result).toMatchObject({ rows: 3, accountsCreated: 3 });
    expect(await officer('hoang.thi.yen')).toMatchObject({
      display_name: 'Hoàng Thị Yến',
      email: 'htyen@mau.pakn.invalid',
      phone: '+84987654321',
      positions: [
        { role: 'agency_leader', agency: 'ubnd-bac-giang.so-yt', area: null, valid_from: '2025-07-01' },
      ],
    });
    expect((await officer('ly.van.son')).positions).toMatchObject([
      { role: 'auditor', agency: null, area: null },
    ]);
    expect((await officer('ngo.thi.hanh')).positions).toMatchObject([
      { role: 'receiver', agency: null, area: 'bac-giang.luc-ngan' },
    ]);
  });

  it('reads XLSX as Excel leaves it: numeric phones, date cells, e-mail links, a title row, extra columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách');
    sheet.addRow(['DANH SÁCH CÁN BỘ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH']);
    sheet.addRow([
      'STT',
      'Tên đăng nhập',
      'Họ và tên',
      'Thư điện tử',
      'Số điện thoại',
      'Vai trò',
      'Cơ quan',
      'Từ ngày',
    ]);
    sheet.addRow([
      1,
      'excel.mot',
      'Trịnh Văn Một',
      { text: 'excel.mot@mau.pakn.invalid', hyperlink: 'mailto:excel.mot@mau.pakn.invalid' },
      912345678,
      'Cán bộ xử lý',
      'ubnd-bac-giang.so-xd',
      new Date(Date.UTC(2025, 6, 1)),
    ]);
    sheet.addRow([
      2,
      'excel.hai',
      { richText: [{ text: 'Mạc ' }, { text: 'Thị Hai' }] },
      null,
      '0204.3855.125',
      'receiver',
      'ubnd-bac-giang.so-xd',
      45839,
    ]);
    sheet.addRow([]);
    sheet.addRow([
      3,
      'excel.ba',
      'Tạ Văn Ba',
      null,
      84987000111,
      'handler',
      'ubnd-bac-giang.so-xd',
      '01/07/2025',
    ]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());

    const result = await load(data, 'xlsx');
    expect(result).toMatchObject({ rows: 3, accountsCreated: 3, ignoredColumns: ['STT'] });
    expect(await officer('excel.mot')).toMatchObject({
      email: 'excel.mot@mau.pakn.invalid',
      phone: '+84912345678',
      positions: [{ role: 'handler', valid_from: '2025-07-01' }],
    });
    expect(await officer('excel.hai')).toMatchObject({
      display_name: 'Mạc Thị Hai',
      phone: '+842043855125',
      positions: [{ valid_from: '2025-07-01' }],
    });
    expect((await officer('excel.ba')).phone).toBe('+84987000111');

    // Row numbers are the sheet's own, past the title row and the blank row.
    sheet.getCell('E6').value = 12345;
    const error = await rejection(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(error.problems.map((p) => p.vi)).toEqual([
      'Dòng 6, cột “Số điện thoại”: “12345” không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).',
    ]);
  });

  it('moves an officer to a new position, ending the old one, and leaves missing columns alone', async () => {
    await load(
      csv(
        [
          'username,display_name,email,phone,role,agency,area,valid_from',
          'chuyen.tac,Vũ Chuyển,c@mau.pakn.invalid,0912000201,handler,ubnd-bac-giang.so-gtvt,,2024-01-01',
        ],
        { bom: false },
      ),
    );
    // Transferred on 1 July 2025; this file has no e-mail or phone column.
    const result = await load(
      csv([
        'username,display_name,role,agency,valid_from',
        'chuyen.tac,Vũ Văn Chuyển,agency_leader,ubnd-bac-giang.so-xd,2025-07-01',
      ]),
    );
    expect(result).toMatchObject({ accountsUpdated: 1, positionsCreated: 1, positionsEnded: 1 });
    expect(await officer('chuyen.tac')).toMatchObject({
      display_name: 'Vũ Văn Chuyển',
      email: 'c@mau.pakn.invalid',
      phone: '+84912000201',
      positions: [
        {
          role: 'handler',
          agency: 'ubnd-bac-giang.so-gtvt',
          valid_from: '2024-01-01',
          valid_to: '2025-07-01',
        },
        { role: 'agency_leader', agency: 'ubnd-bac-giang.so-xd', valid_from: '2025-07-01', valid_to: null },
      ],
    });
    // The same file again: nothing changes.
    const again = await load(
      csv([
        'username,display_name,role,agency,valid_from',
        'chuyen.tac,Vũ Văn Chuyển,agency_leader,ubnd-bac-giang.so-xd,2025-07-01',
      ]),
    );
    expect(again).toMatchObject({ accountsUnchanged: 1, positionsUnchanged: 1, positionsEnded: 0 });
    // Without a start date, an unchanged position keeps its own.
    const undated = await load(
      csv([
        'username,display_name,role,agency',
        'chuyen.tac,Vũ Văn Chuyển,agency_leader,ubnd-bac-giang.so-xd',
      ]),
    );
    expect(undated).toMatchObject({ positionsUnchanged: 1 });
    expect((await officer('chuyen.tac')).positions).toHaveLength(2);
  });

  it('checks without writing in a dry run', async () => {
    const before = await counts();
    const result = await load(
      csv([HEADER_VI, 'thu.nghiem;Thử Nghiệm;;;Cán bộ xử lý;ubnd-bac-giang.so-yt;;']),
      'csv',
      {
        dryRun: true,
      },
    );
    expect(result).toMatchObject({
      dryRun: true,
      accountsCreated: 1,
      positionsCreated: 1,
      createdAccountIds: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('lets only an administrator import or export', async () => {
    const actor = (role: 'admin' | 'handler'): Actor => ({
      accountId: '00000000-0000-4000-8000-000000000001',
      kind: 'officer',
      positions: [{ role, agencyIds: null, areaIds: null }],
      sessionId: 's',
      requestId: 'r',
    });
    const data = fs.readFileSync(path.join(ROOT_DIR, 'samples/officers.csv'));
    await expect(importOfficers(database.db, { data, format: 'csv', actor: null })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(
      importOfficers(database.db, { data, format: 'csv', actor: actor('handler') }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(exportOfficers(database.db, 'csv', { actor: actor('handler') })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const admin = await sql<{
      id: string;
    }>`select a.id from accounts a join positions p on p.account_id = a.id
      where p.role = 'admin' limit 1`.execute(database.db);
    const result = await importOfficers(database.db, {
      data,
      format: 'csv',
      actor: { ...actor('admin'), accountId: admin.rows[0]!.id },
    });
    expect(result.accountsUnchanged).toBe(12);
  });

  it('exports every officer in the same layout, which imports back without a change', async () => {
    const officers = await sql<{ n: number }>`select count(*)::int as n from accounts a
      where kind = 'officer' and exists (select 1 from positions p where p.account_id = a.id and p.valid_to is null)`.execute(
      database.db,
    );
    for (const [format, lang] of [
      ['xlsx', 'vi'],
      ['csv', 'vi'],
      ['xlsx', 'en'],
      ['csv', 'en'],
    ] as const) {
      const exported = await exportOfficers(database.db, format, { actor: 'console', lang });
      expect(exported.rows).toBe(officers.rows[0]!.n);
      expect(exported.fileName).toMatch(
        new RegExp(`^${lang === 'vi' ? 'can-bo' : 'officers'}-\\d{4}-\\d{2}-\\d{2}\\.${format}$`),
      );
      const before = await counts();
      const result = await load(exported.data, format);
      expect(result).toMatchObject({
        rows: exported.rows,
        accountsCreated: 0,
        accountsUpdated: 0,
        accountsUnchanged: exported.rows,
        positionsCreated: 0,
        positionsUpdated: 0,
        positionsEnded: 0,
        positionsUnchanged: exported.rows,
      });
      expect(await counts()).toEqual({ ...before, audits: before.audits + 1 });
    }
  });

  it('imports 4,000 officers at once, and again without a change', async () => {
    const rows = generateOfficers(4000, 'bulk');
    const data = await writeOfficerFile(rows, 'xlsx', { lang: 'vi' });
    const before = await counts();
    const result = await load(data, 'xlsx');
    expect(result).toMatchObject({ rows: 4000, accountsCreated: 4000, positionsCreated: 4000 });
    expect(await counts()).toEqual({
      accounts: before.accounts + 4000,
      positions: before.positions + 4000,
      audits: before.audits + 1,
    });
    for (const i of [0, 1, 1234, 3999]) {
      const expected = rows[i]!;
      expect(await officer(expected.username)).toEqual({
        kind: 'officer',
        display_name: expected.displayName,
        email: expected.email,
        phone: expected.phone,
        password_hash: null,
        positions: [
          {
            role: expected.role,
            agency: expected.agency,
            area: expected.area,
            valid_from: '2025-07-01',
            valid_to: null,
          },
        ],
      });
    }
    const again = await load(await writeOfficerFile(rows, 'csv', { lang: 'en' }));
    expect(again).toMatchObject({ accountsUnchanged: 4000, positionsUnchanged: 4000 });
  });
});
