// The officer import file (its columns and role names) and the schemas of an import's result and problems.
import { Type, type Static } from '@sinclair/typebox';
import type { OfficerRole } from '../../platform/auth/policy.js';

export type OfficerFileFormat = 'xlsx' | 'csv';
/** Headers and values of a written file: Vietnamese (labels, dd/mm/yyyy) or English (codes, ISO dates). */
export type OfficerFileLang = 'vi' | 'en';

export type OfficerColumn =
  'username' | 'display_name' | 'email' | 'phone' | 'role' | 'agency' | 'area' | 'valid_from';

/**
 * The columns of the file, in the order they are written. A header is recognised in either language,
 * whatever its case, accents, spaces or underscores (`Vai trò`, `VAI TRO`, `role`); `aliases` are other
 * names people give the same column. An optional column left out of the file leaves that field as it is.
 */
export const OFFICER_COLUMNS: readonly {
  key: OfficerColumn;
  vi: string;
  en: string;
  required: boolean;
  aliases: readonly string[];
}[] = [
  { key: 'username', vi: 'Tên đăng nhập', en: 'username', required: true, aliases: ['Tài khoản'] },
  { key: 'display_name', vi: 'Họ và tên', en: 'display_name', required: true, aliases: ['Họ tên', 'name'] },
  {
    key: 'email',
    vi: 'Thư điện tử',
    en: 'email',
    required: false,
    aliases: ['E-mail', 'Địa chỉ thư điện tử'],
  },
  { key: 'phone', vi: 'Số điện thoại', en: 'phone', required: false, aliases: ['Điện thoại'] },
  { key: 'role', vi: 'Vai trò', en: 'role', required: true, aliases: ['Chức danh'] },
  { key: 'agency', vi: 'Cơ quan', en: 'agency', required: false, aliases: ['Đơn vị', 'Cơ quan, đơn vị'] },
  { key: 'area', vi: 'Địa bàn', en: 'area', required: false, aliases: [] },
  { key: 'valid_from', vi: 'Từ ngày', en: 'valid_from', required: false, aliases: ['Ngày bắt đầu'] },
];

/**
 * Role names accepted in the `Vai trò` column besides the codes and the labels of ROLE_LABELS (which
 * the export writes): the titles administrators commonly use, and the pre-positions codes.
 */
export const ROLE_ALIASES: Readonly<Record<OfficerRole, readonly string[]>> = {
  receiver: ['Tiếp nhận', 'Cán bộ tiếp nhận phản ánh', 'intake_officer'],
  handler: ['Xử lý', 'Chuyên viên xử lý', 'Cán bộ giải quyết'],
  agency_leader: ['Lãnh đạo đơn vị', 'Lãnh đạo cơ quan, đơn vị'],
  provincial_leader: ['Lãnh đạo UBND tỉnh', 'Lãnh đạo Ủy ban nhân dân tỉnh'],
  auditor: ['Thanh tra', 'Thanh tra viên', 'Kiểm tra viên/Thanh tra', 'Giám sát', 'supervisor'],
  admin: ['Quản trị viên', 'Quản trị', 'Administrator'],
};

/** Roles whose position must be limited to an agency or an area (the `positions` check constraint). */
export const ROLES_NEEDING_SCOPE: ReadonlySet<OfficerRole> = new Set([
  'receiver',
  'handler',
  'agency_leader',
]);

export const OfficerImportProblem = Type.Object({
  /** The row as the spreadsheet numbers it (the header is row 1); null for a problem of the whole file. */
  row: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  /** The column's header as written in the file; null when the problem is not about one cell. */
  column: Type.Union([Type.String(), Type.Null()]),
  /** Stable code of the problem, e.g. `role_unknown`. */
  code: Type.String(),
  /** The whole sentence in Vietnamese, row and column included. */
  vi: Type.String(),
  en: Type.String(),
});
export type OfficerImportProblem = Static<typeof OfficerImportProblem>;

/** What an import changed (or, with `dryRun`, would change). */
export const OfficerImportResult = Type.Object({
  dryRun: Type.Boolean(),
  /** Data rows read (blank rows are skipped). */
  rows: Type.Integer(),
  accountsCreated: Type.Integer(),
  accountsUpdated: Type.Integer(),
  accountsUnchanged: Type.Integer(),
  positionsCreated: Type.Integer(),
  /** Existing positions given a new start date by the file. */
  positionsUpdated: Type.Integer(),
  /** Other positions the officers held, ended on the new position's start date (or removed if not yet begun). */
  positionsEnded: Type.Integer(),
  positionsUnchanged: Type.Integer(),
  /** Headers the import did not recognise and ignored (e.g. `STT`). */
  ignoredColumns: Type.Array(Type.String()),
  /** Ids of the accounts created, which have no password yet (for the activation flow). */
  createdAccountIds: Type.Array(Type.String({ format: 'uuid' })),
});
export type OfficerImportResult = Static<typeof OfficerImportResult>;

/** The body of a rejected import: the first problems (at most MAX_LISTED_PROBLEMS) and how many there were. */
export const OfficerImportRejection = Type.Object({
  total: Type.Integer(),
  problems: Type.Array(OfficerImportProblem),
});
export type OfficerImportRejection = Static<typeof OfficerImportRejection>;
