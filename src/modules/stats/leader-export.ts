// The officers' statistics as files: an XLSX workbook (the table, then a sheet saying what was counted and how)
// and a CSV of the same table. Both only lay out a `LeaderReply`: the numbers are the page's, unchanged.
import { leaderStatsEn, leaderStatsVi } from '../../../web/src/i18n/leader-stats.js';
import { loadExcel } from '../accounts/officer-file.js';
import { csvField } from '../org/spreadsheets.js';
import { localDateParts } from '../../platform/calendar/calendar.js';
import type { LeaderColumn, LeaderFigures, LeaderReply } from './leader.js';

export type ExportLang = 'vi' | 'en';
type Key = keyof typeof leaderStatsVi;

const CATALOGUES: Record<ExportLang, Readonly<Record<Key, string>>> = {
  vi: leaderStatsVi,
  en: leaderStatsEn,
};

function tr(lang: ExportLang, key: Key, params: Record<string, string> = {}): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The columns with a rate or an average (one decimal); the others are counts. */
const DECIMAL_COLUMNS: ReadonlySet<LeaderColumn> = new Set([
  'onTimePercent',
  'avgHandlingDays',
  'satisfactionPercent',
]);

/** The header row: the grouping's name, then each figure's, as the page's table heads them. */
export function headerRow(reply: LeaderReply, lang: ExportLang): string[] {
  return [
    tr(lang, `leaderStats.group.${reply.groupBy}`),
    ...reply.columns.map((c) => tr(lang, `leaderStats.col.${c}`)),
  ];
}

/** Every row (name, then figures), the total last; a rate with nothing to take a share of is empty (null). */
export function bodyRows(reply: LeaderReply, lang: ExportLang): (string | number | null)[][] {
  const figures = (f: LeaderFigures) => reply.columns.map((c) => f[c]);
  return [
    ...reply.rows.map((r) => [lang === 'vi' ? r.nameVi : r.nameEn, ...figures(r)]),
    [tr(lang, 'leaderStats.total'), ...figures(reply.total)],
  ];
}

const englishMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (lang: ExportLang, month: string) =>
  lang === 'vi'
    ? `${month.slice(5, 7)}/${month.slice(0, 4)}`
    : englishMonth.format(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1)));

export function periodText(reply: Pick<LeaderReply, 'from' | 'to'>, lang: ExportLang): string {
  const { from, to } = reply;
  if (from === null && to === null) return tr(lang, 'leaderStats.allTime');
  if (from !== null && from === to) return tr(lang, 'leaderStats.oneMonth', { month: monthName(lang, from) });
  return tr(lang, 'leaderStats.range', {
    from: from === null ? '…' : monthName(lang, from),
    to: to === null ? '…' : monthName(lang, to),
  });
}

const two = (n: number) => String(n).padStart(2, '0');
function timeText(iso: string, lang: ExportLang): string {
  const t = localDateParts(new Date(iso));
  return lang === 'vi'
    ? `${two(t.hour)}:${two(t.minute)} ngày ${two(t.day)}/${two(t.month)}/${t.year}`
    : `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)} (Vietnam time)`;
}

/** What the table counts, line by line: the second sheet of the workbook. */
function aboutRows(reply: LeaderReply, lang: ExportLang): string[][] {
  const name = (u: { nameVi: string; nameEn: string } | null) =>
    u === null ? tr(lang, 'leaderStats.file.none') : lang === 'vi' ? u.nameVi : u.nameEn;
  const scope = reply.scope.everything
    ? tr(lang, 'leaderStats.file.everything')
    : tr(lang, 'leaderStats.file.under', { units: reply.scope.units.map(name).join('; ') });
  const how: Key[] = [
    'leaderStats.how.period',
    'leaderStats.how.progress',
    'leaderStats.how.onTime',
    'leaderStats.how.late',
    'leaderStats.how.days',
    'leaderStats.how.returns',
    'leaderStats.how.satisfaction',
    'leaderStats.how.area',
  ];
  return [
    [tr(lang, 'leaderStats.title')],
    [tr(lang, 'leaderStats.file.period'), periodText(reply, lang)],
    [tr(lang, 'leaderStats.groupBy'), tr(lang, `leaderStats.group.${reply.groupBy}`)],
    [tr(lang, 'leaderStats.agency'), name(reply.filters.agency)],
    [tr(lang, 'leaderStats.category'), name(reply.filters.category)],
    [tr(lang, 'leaderStats.area'), name(reply.filters.area)],
    [tr(lang, 'leaderStats.file.scope'), scope],
    [tr(lang, 'leaderStats.file.generatedAt'), timeText(reply.asOf, lang)],
    [],
    [tr(lang, 'leaderStats.howTitle')],
    ...how.map((k) => [tr(lang, k)]),
  ];
}

/** The workbook: the table on the first sheet (header frozen, numbers as numbers), the notes on the second. */
export async function leaderXlsx(reply: LeaderReply, lang: ExportLang): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(tr(lang, 'leaderStats.file.sheet'), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
  });
  sheet.columns = [
    { width: 44 },
    ...reply.columns.map((c) => ({
      width: c === 'avgHandlingDays' ? 20 : 14,
      style: { numFmt: DECIMAL_COLUMNS.has(c) ? '0.0' : '#,##0' },
    })),
  ];
  const header = sheet.addRow(headerRow(reply, lang));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  const rows = bodyRows(reply, lang);
  rows.forEach((cells, index) => {
    const row = sheet.addRow(cells.map((c) => c ?? undefined));
    if (index === rows.length - 1) row.font = { bold: true };
  });

  const about = workbook.addWorksheet(tr(lang, 'leaderStats.file.about'));
  about.columns = [{ width: 28 }, { width: 80 }];
  for (const cells of aboutRows(reply, lang)) about.addRow(cells);
  about.getRow(1).font = { bold: true, size: 13 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The table as CSV (RFC 4180: commas, CRLF, numbers with a decimal point), UTF-8 with a byte order mark so that
 * Excel reads the Vietnamese names; a cell Excel would run as a formula starts with `'` (`csvField`).
 */
export function leaderCsv(reply: LeaderReply, lang: ExportLang): Buffer {
  const line = (cells: readonly (string | number | null)[]) =>
    cells.map((c) => csvField(c === null ? '' : String(c))).join(',');
  const lines = [line(headerRow(reply, lang)), ...bodyRows(reply, lang).map(line)];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** `thong-ke-pakn-co-quan-2026-01-2026-03.xlsx`: ASCII, so every browser keeps it as is. */
export function exportFileName(reply: LeaderReply, extension: 'xlsx' | 'csv'): string {
  const slug = {
    agency: 'co-quan',
    category: 'linh-vuc',
    area: 'dia-ban',
    status: 'trang-thai',
    month: 'thang',
  };
  const period = [reply.from, reply.to].filter((m) => m !== null).join('-');
  return `thong-ke-pakn-${slug[reply.groupBy]}${period === '' ? '' : `-${period}`}.${extension}`;
}
