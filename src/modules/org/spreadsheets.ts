// The organisation tables as spreadsheets: the columns of each file (areas, agencies, categories, routing
// rules), a generic reader on top of the officer files' XLSX/CSV reader, a writer, and the problems of a file.
import {
  loadExcel,
  isBlank,
  headerKey,
  MAX_ROWS,
  readSheet,
  type CellValue,
} from '../accounts/officer-file.js';
import { nfc } from '../../platform/text.js';
import { AppError } from '../../platform/errors.js';

export type OrgFileTable = 'areas' | 'agencies' | 'categories' | 'jurisdictions';
export type OrgFileFormat = 'xlsx' | 'csv';
export type OrgFileLang = 'vi' | 'en';

export interface ColumnSpec {
  key: string;
  vi: string;
  en: string;
  required: boolean;
  aliases?: readonly string[];
  width: number;
}

const col = (key: string, vi: string, width: number, required = false, aliases: string[] = []) =>
  ({ key, vi, en: key, required, aliases, width }) as const satisfies ColumnSpec;

/**
 * The columns of each file, in the order they are written. A header is recognised in Vietnamese or
 * English whatever its case, accents or spacing; units are named by their code (slug). The first column
 * is the key that finds the header row.
 */
export const COLUMNS: Record<OrgFileTable, readonly ColumnSpec[]> = {
  areas: [
    col('slug', 'Mã địa bàn', 40, true),
    col('parent', 'Mã địa bàn cấp trên', 36),
    col('level', 'Cấp', 16, true),
    col('kind', 'Loại', 14, true),
    col('name', 'Tên', 28, true),
    col('codes', 'Mã số thống kê', 22),
    col('valid_from', 'Từ ngày', 12),
    col('valid_to', 'Đến ngày', 12),
  ],
  agencies: [
    col('slug', 'Mã cơ quan', 40, true),
    col('parent', 'Mã cơ quan cấp trên', 36),
    col('kind', 'Loại cơ quan', 24, true),
    col('name', 'Tên cơ quan', 48, true),
    col('area', 'Mã địa bàn phụ trách', 30),
    col('valid_from', 'Từ ngày', 12),
    col('valid_to', 'Đến ngày', 12),
  ],
  categories: [
    col('slug', 'Mã lĩnh vực', 30, true),
    col('parent', 'Mã lĩnh vực cha', 26),
    col('name_vi', 'Tên tiếng Việt', 32, true),
    col('name_en', 'Tên tiếng Anh', 32, true),
    col('description_vi', 'Mô tả tiếng Việt', 40),
    col('description_en', 'Mô tả tiếng Anh', 40),
    col('default_priority', 'Mức ưu tiên mặc định', 14),
    col('photo_required', 'Bắt buộc ảnh', 10),
    col('public_by_default', 'Công khai mặc định', 10),
    col('sort_order', 'Thứ tự', 8),
    col('active', 'Đang dùng', 10),
    col('deadlines', 'Thời hạn (JSON)', 40),
    col('questions', 'Câu hỏi thêm (JSON)', 40),
    col('icon', 'Biểu tượng', 16),
    col('emergency_hotline', 'Số gọi khẩn cấp', 12),
    col('emergency_notice_vi', 'Thông báo khẩn cấp tiếng Việt', 40),
    col('emergency_notice_en', 'Thông báo khẩn cấp tiếng Anh', 40),
  ],
  jurisdictions: [
    col('agency', 'Mã cơ quan', 40, true),
    col('category', 'Mã lĩnh vực', 28),
    col('area', 'Mã địa bàn', 36, true),
    col('include_subareas', 'Gồm địa bàn cấp dưới', 12),
    col('priority', 'Độ ưu tiên', 10),
    col('valid_from', 'Từ ngày', 12, true),
    col('valid_to', 'Đến ngày', 12),
    col('note', 'Ghi chú', 40),
  ],
};

export const SHEET_NAMES: Record<OrgFileTable, { vi: string; en: string }> = {
  areas: { vi: 'Địa bàn', en: 'Areas' },
  agencies: { vi: 'Cơ quan', en: 'Agencies' },
  categories: { vi: 'Lĩnh vực', en: 'Categories' },
  jurisdictions: { vi: 'Quy tắc phân công', en: 'Routing rules' },
};

/** One problem of a file, in the officer import's shape: both sentences start with the row and column. */
export interface FileProblem {
  row: number | null;
  column: string | null;
  code: string;
  vi: string;
  en: string;
}

export function fileProblem(
  code: string,
  text: { vi: string; en: string },
  where: { row?: number | null; column?: string | null } = {},
): FileProblem {
  const row = where.row ?? null;
  const column = where.column ?? null;
  const place =
    row === null
      ? { vi: '', en: '' }
      : column === null
        ? { vi: `Dòng ${row}: `, en: `Row ${row}: ` }
        : { vi: `Dòng ${row}, cột “${column}”: `, en: `Row ${row}, column "${column}": ` };
  return { row, column, code, vi: place.vi + text.vi, en: place.en + text.en };
}

const MAX_LISTED = 200;

/** The file is refused whole (nothing written): 400 `validation_failed`, one detail per problem. */
export class OrgFileError extends AppError {
  constructor(readonly problems: readonly FileProblem[]) {
    super('validation_failed', {
      internal: `organisation file rejected: ${problems.length} problem(s)`,
      details: problems.slice(0, MAX_LISTED).map((p) => ({
        field: p.row === null ? '/file' : `/file/rows/${p.row}${p.column === null ? '' : `/${p.column}`}`,
        problem: p.en,
        messages: { vi: p.vi, en: p.en },
      })),
    });
    this.name = 'OrgFileError';
  }
}

export interface OrgSheet {
  /** Column key → its header as written in the file (to name it in messages). */
  headers: Map<string, string>;
  ignoredColumns: string[];
  records: { row: number; cells: Partial<Record<string, CellValue>> }[];
}

const HEADER_SEARCH_ROWS = 10;

/** Reads a file of one table: finds the header row (naming the key column) and the columns; throws if unusable. */
export async function readOrgSheet(
  data: Uint8Array,
  format: OrgFileFormat,
  table: OrgFileTable,
): Promise<OrgSheet> {
  const rows = await readSheet(data, format);
  const columns = COLUMNS[table];
  const byKey = new Map<string, string>(
    columns.flatMap((c) => [c.vi, c.en, ...(c.aliases ?? [])].map((n) => [headerKey(n), c.key] as const)),
  );
  const keyColumn = columns[0]?.key;
  const headerIndex = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => r.cells.some((c) => typeof c === 'string' && byKey.get(headerKey(c)) === keyColumn));
  const header = rows[headerIndex];
  if (header === undefined) {
    const expected = columns.map((c) => `${c.vi} (${c.en})`).join(', ');
    throw new OrgFileError([
      fileProblem('header_missing', {
        vi: `Không tìm thấy dòng tiêu đề. Dòng đầu tiên phải ghi tên các cột: ${expected}.`,
        en: `No header row found. The first row must name the columns: ${expected}.`,
      }),
    ]);
  }
  const problems: FileProblem[] = [];
  const headers = new Map<string, string>();
  const indexOf = new Map<string, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = nfc(String(cell instanceof Date ? cell.toISOString() : cell)).trim();
    const key = byKey.get(headerKey(text));
    if (key === undefined) ignoredColumns.push(text);
    else if (indexOf.has(key))
      problems.push(
        fileProblem(
          'column_repeated',
          {
            vi: `Cột “${text}” có hai lần; mỗi cột chỉ được có một lần.`,
            en: `The column "${text}" appears twice; each column may appear once.`,
          },
          { row: header.row },
        ),
      );
    else {
      headers.set(key, text);
      indexOf.set(key, index);
    }
  });
  for (const c of columns)
    if (c.required && !indexOf.has(c.key))
      problems.push(
        fileProblem('column_missing', {
          vi: `Thiếu cột bắt buộc “${c.vi}” (hoặc “${c.en}”).`,
          en: `The required column "${c.en}" ("${c.vi}") is missing.`,
        }),
      );
  const records = rows.slice(headerIndex + 1).map((r) => {
    const cells: Partial<Record<string, CellValue>> = {};
    for (const [key, index] of indexOf) cells[key] = r.cells[index] ?? null;
    return { row: r.row, cells };
  });
  if (records.length > MAX_ROWS)
    problems.push(
      fileProblem('too_many_rows', {
        vi: `Tệp có ${records.length} dòng dữ liệu, quá giới hạn ${MAX_ROWS} dòng; hãy chia thành nhiều tệp.`,
        en: `The file has ${records.length} data rows, more than the limit of ${MAX_ROWS}; split it into several files.`,
      }),
    );
  if (problems.length > 0) throw new OrgFileError(problems);
  return { headers, ignoredColumns, records };
}

/** A cell Excel would run as a formula is written with a leading `'`, which `cellText` removes on import. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[,"\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes one table, every cell as text (codes and dates stay exactly as written); reading it back gives the same rows. */
export async function writeOrgSheet(
  table: OrgFileTable,
  rows: readonly Record<string, string>[],
  format: OrgFileFormat,
  lang: OrgFileLang,
): Promise<Buffer> {
  const columns = COLUMNS[table];
  if (format === 'csv') {
    const line = (cells: string[]) => cells.map(csvField).join(',');
    const lines = [line(columns.map((c) => c[lang]))];
    for (const row of rows) lines.push(line(columns.map((c) => row[c.key] ?? '')));
    // The BOM makes Excel read the file as UTF-8 rather than the system code page.
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAMES[table][lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c[lang],
    key: c.key,
    width: c.width,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows)
    sheet.addRow(Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '')));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
