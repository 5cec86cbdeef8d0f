// The officer list as a spreadsheet: reads XLSX (first worksheet) and CSV into rows numbered as the user
// sees them, finds the columns by their headers, and writes the same layout back (XLSX or CSV).
import type ExcelJS from 'exceljs';
import { CsvError, parse } from 'csv-parse/sync';
import { ROLE_LABELS, type OfficerRole } from '../../platform/auth/policy.js';
import { foldSearchKey, nfc } from '../../platform/text.js';
import { OfficerImportError, problem } from './problems.js';
import {
  OFFICER_COLUMNS,
  type OfficerColumn,
  type OfficerFileFormat,
  type OfficerFileLang,
  type OfficerImportProblem,
} from './schemas.js';

/** exceljs takes half a second to load: only when a spreadsheet is actually read or written. */
export const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

/** A cell as read: text from CSV; from XLSX also numbers, dates (UTC midnight of the day) and booleans. */
export type CellValue = string | number | Date | boolean | null;

/** A non-blank row of the sheet; `row` is the spreadsheet's row number (1 = first row), `cells[0]` column A. */
export interface SheetRow {
  row: number;
  cells: CellValue[];
}

/** Data rows past this are refused: an import is one transaction, held while it runs. */
export const MAX_ROWS = 20_000;

export async function readSheet(data: Uint8Array, format: OfficerFileFormat): Promise<SheetRow[]> {
  return format === 'xlsx' ? readXlsx(data) : readCsv(data);
}

async function readXlsx(data: Uint8Array): Promise<SheetRow[]> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    // A copy as a plain ArrayBuffer, the type exceljs declares (JSZip reads it as well as a Buffer).
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    throw new OfficerImportError([problem('file_unreadable', { format: 'XLSX' })]);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new OfficerImportError([problem('file_unreadable', { format: 'XLSX' })]);
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell((cell, column) => {
      cells[column - 1] = xlsxValue(cell.value);
    });
    const values = Array.from(cells, (c) => c ?? null);
    if (values.some((c) => !isBlank(c))) rows.push({ row: rowNumber, cells: values });
  });
  return rows;
}

/** exceljs gives rich text, hyperlinks (an e-mail typed in Excel becomes one) and formulas as objects. */
function xlsxValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('richText' in value && Array.isArray(value.richText))
    return (value.richText as { text?: unknown }[])
      .map((t) => (typeof t.text === 'string' ? t.text : ''))
      .join('');
  if ('hyperlink' in value && 'text' in value) return xlsxValue(value.text);
  if ('result' in value) return xlsxValue(value.result);
  if ('formula' in value || 'sharedFormula' in value) return null;
  if ('error' in value && typeof value.error === 'string') return value.error;
  return null;
}

/**
 * Text of a CSV file as spreadsheets save it: UTF-8 with or without a BOM, UTF-16 ("Unicode text"), or,
 * when the bytes are not UTF-8, Windows-1258 — what Excel's plain "CSV" writes on Vietnamese Windows,
 * with tone marks as combining characters, hence the NFC.
 */
export function decodeCsv(data: Uint8Array): string {
  const [b0, b1] = data;
  if (b0 === 0xff && b1 === 0xfe) return nfc(new TextDecoder('utf-16le').decode(data));
  if (b0 === 0xfe && b1 === 0xff) return nfc(new TextDecoder('utf-16be').decode(data));
  try {
    return nfc(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return nfc(new TextDecoder('windows-1258').decode(data));
  }
}

/** The delimiter of the header line: `;` where the decimal separator is a comma (Vietnamese Excel), else `,` or tab. */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch;
  return best;
}

function readCsv(data: Uint8Array): SheetRow[] {
  let text = decodeCsv(data);
  // Excel's `sep=;` hint line: it names the delimiter and is not shown as a row.
  const hint = /^sep=(.)\r?\n/i.exec(text);
  if (hint) text = text.slice(hint[0].length);
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: hint?.[1] ?? detectDelimiter(firstLine),
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new OfficerImportError([
      problem('file_unreadable', {
        format: 'CSV',
        ...(line === undefined ? {} : { detail: `dòng ${line} / line ${line}` }),
      }),
    ]);
  }
  // One record is one spreadsheet row (a quoted line break stays inside its cell), so the index is the row number.
  return records.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => !isBlank(c)));
}

export function isBlank(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A header or role name reduced to letters and digits: `Vai trò`, `VAI TRO` and `vai_tro` are one key. */
export function headerKey(text: string): string {
  return foldSearchKey(text).replace(/[^a-z0-9]/g, '');
}

const COLUMN_BY_KEY = new Map<string, OfficerColumn>(
  OFFICER_COLUMNS.flatMap((c) => [c.vi, c.en, ...c.aliases].map((name) => [headerKey(name), c.key] as const)),
);

/** The data rows of a sheet with their cells by column, and where each column was found. */
export interface OfficerTable {
  headerRow: number;
  /** Column → its header exactly as written in the file (used to name the column in messages). */
  headers: Map<OfficerColumn, string>;
  ignoredColumns: string[];
  records: { row: number; cells: Partial<Record<OfficerColumn, CellValue>> }[];
}

/** How many rows above the header a sheet may have (a title such as "DANH SÁCH CÁN BỘ …"). */
const HEADER_SEARCH_ROWS = 10;

/** Finds the header row (the first row naming the username column) and maps the columns; throws if unusable. */
export function locateColumns(rows: readonly SheetRow[]): OfficerTable {
  const headerIndex = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) =>
      r.cells.some((c) => typeof c === 'string' && COLUMN_BY_KEY.get(headerKey(c)) === 'username'),
    );
  const header = rows[headerIndex];
  if (header === undefined)
    throw new OfficerImportError([
      problem('header_missing', { expected: OFFICER_COLUMNS.map((c) => `${c.vi} (${c.en})`) }),
    ]);

  const problems: OfficerImportProblem[] = [];
  const headers = new Map<OfficerColumn, string>();
  const indexOf = new Map<OfficerColumn, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = nfc(String(cell instanceof Date ? cell.toISOString() : cell)).trim();
    const column = COLUMN_BY_KEY.get(headerKey(text));
    if (column === undefined) ignoredColumns.push(text);
    else if (indexOf.has(column))
      problems.push(problem('column_repeated', { header: text }, { row: header.row }));
    else {
      headers.set(column, text);
      indexOf.set(column, index);
    }
  });
  for (const c of OFFICER_COLUMNS)
    if (c.required && !indexOf.has(c.key)) problems.push(problem('column_missing', { vi: c.vi, en: c.en }));

  const records = rows.slice(headerIndex + 1).map((r) => {
    const cells: Partial<Record<OfficerColumn, CellValue>> = {};
    for (const [column, index] of indexOf) cells[column] = r.cells[index] ?? null;
    return { row: r.row, cells };
  });
  if (problems.length === 0 && records.length === 0) problems.push(problem('no_rows', {}));
  if (records.length > MAX_ROWS)
    problems.push(problem('too_many_rows', { rows: records.length, max: MAX_ROWS }));
  if (problems.length > 0) throw new OfficerImportError(problems);
  return { headerRow: header.row, headers, ignoredColumns, records };
}

/** One officer as the file holds it; the phone is E.164, dates ISO. */
export interface OfficerFileRow {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  role: OfficerRole;
  agency: string | null;
  area: string | null;
  validFrom: string;
}

/** Lists for the reference sheet of an XLSX file: the codes administrators write in `Cơ quan` and `Địa bàn`. */
export interface OfficerFileCatalogue {
  agencies: { slug: string; name: string }[];
  areas: { slug: string; name: string }[];
}

export interface WriteOptions {
  lang: OfficerFileLang;
  /** CSV only; `,` by default. */
  delimiter?: ',' | ';' | '\t';
  /** XLSX only: adds a second sheet with the roles, agencies and areas. */
  catalogue?: OfficerFileCatalogue;
}

/** `+84912345678` → `0912345678`: how Vietnamese write their numbers. */
const nationalPhone = (e164: string): string => (e164.startsWith('+84') ? `0${e164.slice(3)}` : e164);
/** `2025-07-01` → `01/07/2025`, how dates are written in Vietnamese. */
export const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function cellsOf(row: OfficerFileRow, lang: OfficerFileLang): Record<OfficerColumn, string> {
  return {
    username: row.username,
    display_name: row.displayName,
    email: row.email ?? '',
    phone: row.phone === null ? '' : nationalPhone(row.phone),
    role: lang === 'vi' ? ROLE_LABELS[row.role].vi : row.role,
    agency: row.agency ?? '',
    area: row.area ?? '',
    valid_from: lang === 'vi' ? dmy(row.validFrom) : row.validFrom,
  };
}

/** Writes officers in the import layout: reading the result back gives the same rows. */
export async function writeOfficerFile(
  rows: readonly OfficerFileRow[],
  format: OfficerFileFormat,
  options: WriteOptions,
): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(rows, options) : writeCsv(rows, options);
}

const WIDTHS: Record<OfficerColumn, number> = {
  username: 22,
  display_name: 28,
  email: 32,
  phone: 16,
  role: 22,
  agency: 44,
  area: 34,
  valid_from: 12,
};

async function writeXlsx(rows: readonly OfficerFileRow[], options: WriteOptions): Promise<Buffer> {
  const { lang } = options;
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(lang === 'vi' ? 'Cán bộ' : 'Officers', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const dateFormat = lang === 'vi' ? 'dd/mm/yyyy' : 'yyyy-mm-dd';
  // Text format on the columns, so a phone typed later keeps its leading 0 and a username stays text.
  sheet.columns = OFFICER_COLUMNS.map((c) => ({
    header: c[lang],
    key: c.key,
    width: WIDTHS[c.key],
    style: { numFmt: c.key === 'valid_from' ? dateFormat : '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const [y, m, d] = row.validFrom.split('-').map(Number);
    // Empty values stay empty cells rather than empty strings.
    const cells = Object.entries(cellsOf(row, lang)).filter(([, value]) => value !== '');
    sheet.addRow({
      ...Object.fromEntries(cells),
      valid_from: new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
    });
  }
  if (options.catalogue) addCatalogueSheet(workbook, options.catalogue, lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addCatalogueSheet(
  workbook: ExcelJS.Workbook,
  catalogue: OfficerFileCatalogue,
  lang: OfficerFileLang,
) {
  const vi = lang === 'vi';
  const sheet = workbook.addWorksheet(vi ? 'Danh mục' : 'Reference');
  const blocks: { title: string; rows: [string, string][] }[] = [
    {
      title: vi ? 'Vai trò' : 'Roles',
      rows: (Object.keys(ROLE_LABELS) as (keyof typeof ROLE_LABELS)[])
        .filter((r) => r !== 'citizen')
        .map((r) => [vi ? ROLE_LABELS[r].vi : r, vi ? r : ROLE_LABELS[r].en]),
    },
    { title: vi ? 'Cơ quan' : 'Agencies', rows: catalogue.agencies.map((a) => [a.slug, a.name]) },
    { title: vi ? 'Địa bàn' : 'Areas', rows: catalogue.areas.map((a) => [a.slug, a.name]) },
  ];
  blocks.forEach((block, i) => {
    const first = i * 3 + 1;
    sheet.getColumn(first).width = i === 0 ? 22 : 44;
    sheet.getColumn(first + 1).width = i === 0 ? 22 : 52;
    const title = sheet.getCell(1, first);
    title.value = block.title;
    title.font = { bold: true };
    block.rows.forEach(([a, b], j) => {
      sheet.getCell(j + 2, first).value = a;
      sheet.getCell(j + 2, first + 1).value = b;
    });
  });
}

/** A cell that Excel would run as a formula is written with a leading `'`, which the import removes. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: string, delimiter: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return safe.includes(delimiter) || /["\r\n]/.test(safe) || safe !== safe.trim()
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

function writeCsv(rows: readonly OfficerFileRow[], options: WriteOptions): Buffer {
  const { lang } = options;
  const delimiter = options.delimiter ?? ',';
  const line = (cells: string[]) => cells.map((c) => csvField(c, delimiter)).join(delimiter);
  const lines = [line(OFFICER_COLUMNS.map((c) => c[lang]))];
  for (const row of rows) {
    const cells = cellsOf(row, lang);
    lines.push(line(OFFICER_COLUMNS.map((c) => cells[c.key])));
  }
  // The BOM makes Excel read the file as UTF-8 rather than the system code page.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
