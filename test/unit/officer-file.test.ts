// The officer spreadsheet's rules without a database: encodings, delimiters, Excel's number and date
// quirks, role names, header detection, and every row check with its row number.
import { describe, expect, it } from 'vitest';
import {
  decodeCsv,
  detectDelimiter,
  locateColumns,
  readSheet,
  writeOfficerFile,
  type OfficerFileRow,
  type SheetRow,
} from '../../src/modules/accounts/officer-file.js';
import {
  checkRows,
  dateFromCell,
  phoneFromCell,
  roleFromText,
  UnitIndex,
  type ExistingAccount,
  type Unit,
} from '../../src/modules/accounts/officer-rows.js';
import { OfficerImportError } from '../../src/modules/accounts/problems.js';

const HEADER = [
  'Tên đăng nhập',
  'Họ và tên',
  'Thư điện tử',
  'Số điện thoại',
  'Vai trò',
  'Cơ quan',
  'Địa bàn',
  'Từ ngày',
];

function unit(id: string, slug: string, name: string, extra: Partial<Unit> = {}): Unit {
  return {
    id,
    slug,
    name,
    keys: [name],
    parentId: null,
    areaId: null,
    validFrom: '2000-01-01',
    validTo: null,
    ...extra,
  };
}
const areas = new UnitIndex([
  unit('a1', 'bac-giang', 'tỉnh Bắc Giang', { keys: ['Bắc Giang', 'tỉnh Bắc Giang'] }),
  unit('a2', 'bac-giang.tp-bac-giang', 'thành phố Bắc Giang', {
    keys: ['Bắc Giang', 'thành phố Bắc Giang'],
    parentId: 'a1',
  }),
  unit('a3', 'bac-giang.luc-ngan', 'huyện Lục Ngạn', {
    keys: ['Lục Ngạn', 'huyện Lục Ngạn'],
    parentId: 'a1',
  }),
  unit('a4', 'bac-giang.luc-ngan.chu', 'thị trấn Chũ', { keys: ['Chũ', 'thị trấn Chũ'], parentId: 'a3' }),
]);
const agencies = new UnitIndex([
  unit('g1', 'ubnd-bac-giang.so-yt', 'Sở Y tế tỉnh Bắc Giang', { areaId: 'a1' }),
  unit('g2', 'ubnd-bac-giang.ubnd-luc-ngan', 'Ủy ban nhân dân huyện Lục Ngạn', { areaId: 'a3' }),
  unit('g3', 'ubnd-bac-giang.ubnd-tp-bac-giang', 'Ủy ban nhân dân thành phố Bắc Giang', { areaId: 'a2' }),
  unit('g4', 'old-agency', 'Sở Bưu chính', { validTo: '2008-01-01' }),
]);
const citizen: ExistingAccount = {
  id: 'c1',
  kind: 'citizen',
  erased: false,
  displayName: 'Người dân',
  email: null,
  phone: null,
};

const sheet = (...rows: (string | number | Date | null)[][]): SheetRow[] =>
  rows.map((cells, i) => ({ row: i + 1, cells }));
const check = (rows: SheetRow[]) =>
  checkRows(locateColumns(rows), {
    agencies,
    areas,
    accounts: new Map([['nguoidan', citizen]]),
    today: '2025-07-01',
  });

describe('CSV text', () => {
  it('reads UTF-8 with and without a BOM, UTF-16, and Windows-1258 from Excel on Vietnamese Windows', () => {
    const text = 'Họ và tên\nĐặng Thị Mai';
    expect(decodeCsv(Buffer.from(text))).toBe(text);
    expect(decodeCsv(Buffer.from(`\uFEFF${text}`))).toBe(text);
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    // "Hà" in CP1258: H, a, combining grave (0xCC).
    expect(decodeCsv(Buffer.from([0x48, 0x61, 0xcc]))).toBe('Hà');
  });

  it('takes the delimiter of the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('Tên đăng nhập;Họ và tên;"Cơ quan, đơn vị"')).toBe(';');
    expect(detectDelimiter('username,display_name,role')).toBe(',');
    expect(detectDelimiter('username\tdisplay_name\trole')).toBe('\t');
  });

  it('numbers rows as a spreadsheet does: blank lines count, a quoted line break does not', async () => {
    const csv = 'sep=;\nusername;display_name;role\n\na.b.c;"Lê\nVăn";handler\n';
    const rows = await readSheet(Buffer.from(csv), 'csv');
    expect(rows.map((r) => r.row)).toEqual([1, 3]);
  });
});

describe('cells', () => {
  it('gives a phone its leading 0 back when Excel dropped it', () => {
    expect(phoneFromCell(912345678)).toBe('+84912345678');
    expect(phoneFromCell('912345678')).toBe('+84912345678');
    expect(phoneFromCell(842345678)).toBe('+84842345678');
    expect(phoneFromCell(2043855123)).toBe('+842043855123');
    expect(phoneFromCell(84912345678)).toBe('+84912345678');
    expect(phoneFromCell('0912 345 678')).toBe('+84912345678');
    expect(phoneFromCell('+84 912.345.678')).toBe('+84912345678');
    expect(phoneFromCell('12345')).toBeNull();
    expect(phoneFromCell(123456789)).toBeNull();
  });

  it('reads dates as Excel stores them and as Vietnamese write them, never month first', () => {
    expect(dateFromCell(new Date(Date.UTC(2025, 6, 1)))).toBe('2025-07-01');
    expect(dateFromCell(45839)).toBe('2025-07-01');
    expect(dateFromCell('1/7/2025')).toBe('2025-07-01');
    expect(dateFromCell('01-07-2025')).toBe('2025-07-01');
    expect(dateFromCell('01.07.2025')).toBe('2025-07-01');
    expect(dateFromCell('2025-07-01')).toBe('2025-07-01');
    expect(dateFromCell('07/31/2025')).toBeNull();
    expect(dateFromCell('29/02/2025')).toBeNull();
    expect(dateFromCell('hôm nay')).toBeNull();
    expect(dateFromCell(-3)).toBeNull();
  });

  it('knows the roles by code, Vietnamese label and common title, whatever the case and accents', () => {
    expect(roleFromText('handler')).toBe('handler');
    expect(roleFromText('Cán bộ xử lý')).toBe('handler');
    expect(roleFromText('CAN BO TIEP NHAN')).toBe('receiver');
    expect(roleFromText('Lãnh đạo cơ quan')).toBe('agency_leader');
    expect(roleFromText('lãnh đạo tỉnh')).toBe('provincial_leader');
    expect(roleFromText('Thanh tra viên')).toBe('auditor');
    expect(roleFromText('Kiểm tra viên')).toBe('auditor');
    expect(roleFromText('Quản trị hệ thống')).toBe('admin');
    expect(roleFromText('Giám đốc')).toBeNull();
  });
});

describe('header', () => {
  it('finds the header under a title, in either language, and ignores columns it does not know', () => {
    const table = locateColumns(
      sheet(
        ['DANH SÁCH CÁN BỘ'],
        ['STT', 'TÊN ĐĂNG NHẬP', 'ho va ten', 'role', 'Ghi chú'],
        [1, 'a.b', 'A B', 'handler', 'x'],
      ),
    );
    expect(table.headerRow).toBe(2);
    expect(table.ignoredColumns).toEqual(['STT', 'Ghi chú']);
    expect([...table.headers.keys()]).toEqual(['username', 'display_name', 'role']);
    expect(table.records).toEqual([
      { row: 3, cells: { username: 'a.b', display_name: 'A B', role: 'handler' } },
    ]);
  });

  it('refuses a file without the header, or with a required column missing or repeated', () => {
    const problems = (rows: SheetRow[]) => {
      try {
        locateColumns(rows);
      } catch (error) {
        return (error as OfficerImportError).problems.map((p) => p.code);
      }
      return [];
    };
    expect(problems(sheet(['a', 'b']))).toEqual(['header_missing']);
    expect(problems(sheet(['username', 'role', 'Vai trò'], ['x', 'y', 'z']))).toEqual([
      'column_repeated',
      'column_missing',
    ]);
    expect(problems(sheet(HEADER))).toEqual(['no_rows']);
  });
});

describe('rows', () => {
  it('accepts codes, full names and abbreviations of agencies and areas', () => {
    const { rows, problems } = check(
      sheet(
        HEADER,
        [
          'Tran.Van.Duc',
          ' Trần  Văn Đức ',
          'TVD@Example.VN',
          912345678,
          'Cán bộ xử lý',
          'UBND huyện Lục Ngạn',
          'thị trấn Chũ',
          '01/07/2025',
        ],
        ['le.thi.ha', 'Lê Thị Hà', '', '', 'Lãnh đạo tỉnh', '', '', ''],
        ['pham.an', 'Phạm An', null, null, 'receiver', 'ubnd-bac-giang.so-yt', 'TP Bắc Giang', null],
      ),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        username: 'tran.van.duc',
        displayName: 'Trần Văn Đức',
        email: 'tvd@example.vn',
        phone: '+84912345678',
        role: 'handler',
        agencyId: 'g2',
        areaId: 'a4',
        validFrom: '2025-07-01',
      },
      {
        row: 3,
        username: 'le.thi.ha',
        displayName: 'Lê Thị Hà',
        email: null,
        phone: null,
        role: 'provincial_leader',
        agencyId: null,
        areaId: null,
        validFrom: null,
      },
      expect.objectContaining({ row: 4, agencyId: 'g1', areaId: 'a2' }),
    ]);
  });

  it('lists every problem with its row number and column, in Vietnamese and English', () => {
    const { rows, problems } = check(
      sheet(
        HEADER,
        ['ok.one', 'Một', '', '', 'handler', 'ubnd-bac-giang.so-yt', '', ''],
        ['Nguyễn Văn A', '', 'a@b', '12345', 'Giám đốc', '', '', '31/02/2025'],
        ['ok.one', 'Hai', '', '', 'receiver', '', '', ''],
        ['nguoidan', 'Công dân', '', '', 'handler', 'Bắc Giang', 'Bắc Giang', ''],
        ['x.y', 'Ba', '', '', 'handler', 'old-agency', 'huyện Lục Ngạn', ''],
        ['z.w', 'Bốn', '', '', 'agency_leader', 'UBND huyện Lục Ngạn', 'thành phố Bắc Giang', ''],
      ),
    );
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'username_invalid'],
      [3, 'required'],
      [3, 'email_invalid'],
      [3, 'phone_invalid'],
      [3, 'role_unknown'],
      [3, 'date_invalid'],
      [4, 'username_repeated'],
      [4, 'scope_required'],
      [5, 'username_citizen'],
      [5, 'agency_unknown'],
      [5, 'area_ambiguous'],
      [6, 'agency_not_in_force'],
      [7, 'area_outside_agency'],
    ]);
    expect(problems[1]!.vi).toBe('Dòng 3, cột “Họ và tên”: không được để trống.');
    expect(problems[1]!.en).toBe('Row 3, column "Họ và tên": must not be empty.');
    expect(problems[6]!.vi).toContain('trùng với dòng 2');
    expect(problems[6]!.en).toContain('also on row 2');
    expect(problems[7]!.vi).toBe(
      'Dòng 4, cột “Cơ quan”: vai trò “Cán bộ tiếp nhận” phải ghi cơ quan hoặc địa bàn.',
    );
    expect(problems[10]!.vi).toContain('bac-giang, bac-giang.tp-bac-giang');
    expect(problems[11]!.vi).toContain('không hoạt động vào ngày 01/07/2025');
  });
});

describe('writing', () => {
  const officers: OfficerFileRow[] = [
    {
      username: '-dash',
      displayName: '=HYPERLINK("x")',
      email: null,
      phone: '+84912345678',
      role: 'auditor',
      agency: null,
      area: 'bac-giang',
      validFrom: '2025-07-01',
    },
  ];

  it('writes CSV that reads back the same, with formulas defused for Excel', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const data = await writeOfficerFile(officers, 'csv', { lang, delimiter: ';' });
      const text = data.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text).toContain(`"'=HYPERLINK(""x"")"`);
      const { rows, problems } = check(await readSheet(data, 'csv'));
      expect(problems).toEqual([]);
      expect(rows[0]).toMatchObject({
        username: '-dash',
        displayName: '=HYPERLINK("x")',
        phone: '+84912345678',
        role: 'auditor',
        areaId: 'a1',
        validFrom: '2025-07-01',
      });
    }
  });

  it('writes XLSX with real dates and text phones', async () => {
    const data = await writeOfficerFile(officers, 'xlsx', { lang: 'vi' });
    const sheetRows = await readSheet(data, 'xlsx');
    expect(sheetRows[0]!.cells).toEqual(HEADER);
    expect(sheetRows[1]!.cells[3]).toBe('0912345678');
    expect(sheetRows[1]!.cells[7]).toEqual(new Date(Date.UTC(2025, 6, 1)));
    await expect(readSheet(Buffer.from('not a zip'), 'xlsx')).rejects.toBeInstanceOf(OfficerImportError);
  });
});
