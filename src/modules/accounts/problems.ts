// What can be wrong in an officer import file, in Vietnamese and English, and the error that rejects a file.
import { OFFICER_ROLES, ROLE_LABELS } from '../../platform/auth/policy.js';
import { AppError } from '../../platform/errors.js';
import type { OfficerImportProblem } from './schemas.js';

interface Text {
  vi: string;
  en: string;
}

/** A value from the file quoted in a message, shortened so one bad cell cannot flood the list. */
const q = (value: string): string => (value.length > 60 ? `${value.slice(0, 57)}…` : value);
const list = (values: readonly string[]): string => values.join(', ');

/** The problem catalogue: stable code → the message without its row and column. */
export const PROBLEMS = {
  file_unreadable: (p: { format: string; detail?: string }): Text => ({
    vi: `Không đọc được tệp: đây không phải tệp ${p.format} hợp lệ${p.detail ? ` (${p.detail})` : ''}.`,
    en: `The file cannot be read: it is not a valid ${p.format} file${p.detail ? ` (${p.detail})` : ''}.`,
  }),
  header_missing: (p: { expected: readonly string[] }): Text => ({
    vi: `Không tìm thấy dòng tiêu đề. Dòng đầu tiên phải ghi tên các cột: ${list(p.expected)}.`,
    en: `No header row found. The first row must name the columns: ${list(p.expected)}.`,
  }),
  column_missing: (p: { vi: string; en: string }): Text => ({
    vi: `Thiếu cột bắt buộc “${p.vi}” (hoặc “${p.en}”).`,
    en: `The required column "${p.en}" ("${p.vi}") is missing.`,
  }),
  column_repeated: (p: { header: string }): Text => ({
    vi: `Cột “${q(p.header)}” có hai lần; mỗi cột chỉ được có một lần.`,
    en: `The column "${q(p.header)}" appears twice; each column may appear once.`,
  }),
  no_rows: (_p: object): Text => ({
    vi: 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.',
    en: 'The file has no data rows under the header.',
  }),
  too_many_rows: (p: { rows: number; max: number }): Text => ({
    vi: `Tệp có ${p.rows} dòng dữ liệu, quá giới hạn ${p.max} dòng; hãy chia thành nhiều tệp.`,
    en: `The file has ${p.rows} data rows, more than the limit of ${p.max}; split it into several files.`,
  }),
  required: (_p: object): Text => ({ vi: 'không được để trống.', en: 'must not be empty.' }),
  too_long: (p: { max: number }): Text => ({
    vi: `dài quá ${p.max} ký tự.`,
    en: `is longer than ${p.max} characters.`,
  }),
  username_invalid: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” không hợp lệ: tên đăng nhập dài từ 3 đến 64 ký tự, chỉ gồm chữ cái không dấu, chữ số và các dấu chấm (.), gạch dưới (_), gạch ngang (-).`,
    en: `"${q(p.value)}" is not valid: a username has 3 to 64 characters, only unaccented letters, digits, dots (.), underscores (_) and hyphens (-).`,
  }),
  username_repeated: (p: { value: string; firstRow: number }): Text => ({
    vi: `tên đăng nhập “${q(p.value)}” trùng với dòng ${p.firstRow}; mỗi cán bộ chỉ ghi một dòng.`,
    en: `the username "${q(p.value)}" is also on row ${p.firstRow}; each officer takes one row.`,
  }),
  username_citizen: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” là tên đăng nhập của một tài khoản người dân, không dùng cho cán bộ được.`,
    en: `"${q(p.value)}" is the username of a citizen account and cannot be used for an officer.`,
  }),
  username_erased: (p: { value: string }): Text => ({
    vi: `tài khoản “${q(p.value)}” đã bị xóa theo yêu cầu, không nhập lại được; hãy dùng tên đăng nhập khác.`,
    en: `the account "${q(p.value)}" was erased on request and cannot be imported again; use another username.`,
  }),
  role_unknown: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” không phải vai trò hợp lệ; ghi một trong: ${list(OFFICER_ROLES.map((r) => ROLE_LABELS[r].vi))}.`,
    en: `"${q(p.value)}" is not a role; write one of: ${list(OFFICER_ROLES)}.`,
  }),
  scope_required: (p: { role: Text }): Text => ({
    vi: `vai trò “${p.role.vi}” phải ghi cơ quan hoặc địa bàn.`,
    en: `the role "${p.role.en}" needs an agency or an area.`,
  }),
  agency_unknown: (p: { value: string }): Text => ({
    vi: `không tìm thấy cơ quan “${q(p.value)}”; ghi mã cơ quan (ví dụ ubnd-bac-giang.so-tttt) hoặc tên đầy đủ.`,
    en: `no agency "${q(p.value)}"; write the agency's code (e.g. ubnd-bac-giang.so-tttt) or its full name.`,
  }),
  agency_ambiguous: (p: { value: string; slugs: readonly string[] }): Text => ({
    vi: `có nhiều cơ quan tên “${q(p.value)}”; ghi mã cơ quan: ${list(p.slugs)}.`,
    en: `several agencies are named "${q(p.value)}"; write the agency's code: ${list(p.slugs)}.`,
  }),
  agency_not_in_force: (p: { value: string; date: string }): Text => ({
    vi: `cơ quan “${q(p.value)}” không hoạt động vào ngày ${p.date}.`,
    en: `the agency "${q(p.value)}" does not exist on ${p.date}.`,
  }),
  area_unknown: (p: { value: string }): Text => ({
    vi: `không tìm thấy địa bàn “${q(p.value)}”; ghi mã địa bàn (ví dụ bac-giang.luc-ngan) hoặc loại và tên (ví dụ huyện Lục Ngạn).`,
    en: `no area "${q(p.value)}"; write the area's code (e.g. bac-giang.luc-ngan) or its kind and name (e.g. huyện Lục Ngạn).`,
  }),
  area_ambiguous: (p: { value: string; slugs: readonly string[] }): Text => ({
    vi: `có nhiều địa bàn tên “${q(p.value)}”; ghi mã địa bàn: ${list(p.slugs)}.`,
    en: `several areas are named "${q(p.value)}"; write the area's code: ${list(p.slugs)}.`,
  }),
  area_not_in_force: (p: { value: string; date: string }): Text => ({
    vi: `địa bàn “${q(p.value)}” không còn hoặc chưa có vào ngày ${p.date}.`,
    en: `the area "${q(p.value)}" does not exist on ${p.date}.`,
  }),
  area_outside_agency: (p: { area: string; agency: string }): Text => ({
    vi: `địa bàn “${q(p.area)}” không thuộc địa bàn phụ trách của cơ quan “${q(p.agency)}”.`,
    en: `the area "${q(p.area)}" is outside the area the agency "${q(p.agency)}" serves.`,
  }),
  phone_invalid: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).`,
    en: `"${q(p.value)}" is not a valid Vietnamese phone number (e.g. 0912 345 678).`,
  }),
  email_invalid: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” không phải địa chỉ thư điện tử hợp lệ.`,
    en: `"${q(p.value)}" is not a valid e-mail address.`,
  }),
  date_invalid: (p: { value: string }): Text => ({
    vi: `“${q(p.value)}” không phải ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025.`,
    en: `"${q(p.value)}" is not a valid date; write day/month/year, e.g. 01/07/2025.`,
  }),
} as const;

export type ProblemCode = keyof typeof PROBLEMS;
type ParamsOf<C extends ProblemCode> = Parameters<(typeof PROBLEMS)[C]>[0];

/** A problem with its place: the sentences start with the row and column, as the user will look for them. */
export function problem<C extends ProblemCode>(
  code: C,
  params: ParamsOf<C>,
  where: { row?: number | null; column?: string | null } = {},
): OfficerImportProblem {
  const render = PROBLEMS[code] as (p: ParamsOf<C>) => Text;
  const text = render(params);
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

/** How many problems a rejection lists; a file with more is usually in the wrong layout altogether. */
export const MAX_LISTED_PROBLEMS = 200;

/**
 * The file is refused whole: nothing of it was written. A `validation_failed` AppError, so a route that
 * lets it through answers 400 with one detail per problem (English); `problems` holds both languages.
 */
export class OfficerImportError extends AppError {
  readonly problems: OfficerImportProblem[];
  readonly total: number;
  constructor(problems: readonly OfficerImportProblem[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    super('validation_failed', {
      internal: `officer import rejected: ${problems.length} problem(s)`,
      details: listed.map((p) => ({
        field: p.row === null ? '/file' : `/file/rows/${p.row}${p.column === null ? '' : `/${p.column}`}`,
        problem: p.en,
        messages: { vi: p.vi, en: p.en },
      })),
    });
    this.name = 'OfficerImportError';
    this.problems = listed;
    this.total = problems.length;
  }
}
