// The rules of an officer row: each cell read and checked, agencies and areas found by code or name, every
// problem of every row collected (nothing is written while one remains).
import { OFFICER_ROLES, ROLE_LABELS, type OfficerRole } from '../../platform/auth/policy.js';
import { cleanText, foldSearchKey, normalizePhoneVN } from '../../platform/text.js';
import { dmy, headerKey, isBlank, type CellValue, type OfficerTable } from './officer-file.js';
import { problem } from './problems.js';
import {
  OFFICER_COLUMNS,
  ROLE_ALIASES,
  ROLES_NEEDING_SCOPE,
  type OfficerColumn,
  type OfficerImportProblem,
} from './schemas.js';

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
const MAX_NAME = 200;
const MAX_EMAIL = 254;
/** One address, no spaces, no list separators (two addresses in one cell is a common mistake). */
const EMAIL_PATTERN = /^[^\s@,;<>()[\]"]+@[^\s@,;<>()[\]"]+\.[^\s@,;<>()[\]"]+$/;

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

/** A cell as tidy text; the `'` the export puts before a would-be formula is removed. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime())
      ? ''
      : isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  return cleanText(cell).replace(/^'(?=[=+\-@])/, '');
}

/**
 * A phone cell in E.164, or null if it is not a Vietnamese number. Excel turns `0912345678` typed into
 * an ordinary cell into the number 912345678 (and a CSV saved from it keeps that), so a bare national
 * number without its leading 0 gets it back: 9 digits (mobile) or 10 starting with 2 (landline).
 */
export function phoneFromCell(cell: CellValue): string | null {
  const text = cellText(cell);
  const direct = normalizePhoneVN(text);
  if (direct !== null) return direct;
  const digits = text.replace(/[\s.-]/g, '');
  return /^(?:[35789]\d{8}|2\d{9})$/.test(digits) ? normalizePhoneVN(`0${digits}`) : null;
}

/** Excel's day 0 (1899-12-30, which absorbs its 1900 leap-year bug for every date after February 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A date cell as `YYYY-MM-DD`, or null if it is not a date: an Excel date, its serial number, or text as
 * day/month/year (`1/7/2025`, `01-07-2025`, `01.07.2025`) or ISO (`2025-07-01`). Never month/day/year.
 */
export function dateFromCell(cell: CellValue): string | null {
  let y: number, m: number, d: number;
  if (cell instanceof Date || typeof cell === 'number') {
    const time = typeof cell === 'number' ? EXCEL_EPOCH + Math.floor(cell) * DAY_MS : cell.getTime();
    if (typeof cell === 'number' && !(cell >= 1 && cell < 2_958_466)) return null;
    const date = new Date(time);
    if (Number.isNaN(date.getTime())) return null;
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    const text = cellText(cell);
    const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (dayFirst) [d, m, y] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
    else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    else return null;
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
      return null;
  }
  if (y < 1900 || y > 2100) return null;
  return isoDate(y, m, d);
}

const ROLE_BY_KEY = new Map<string, OfficerRole>(
  OFFICER_ROLES.flatMap((role) =>
    [role, ROLE_LABELS[role].vi, ROLE_LABELS[role].en, ...ROLE_ALIASES[role]].map(
      (name) => [headerKey(name), role] as const,
    ),
  ),
);

/** A role from its code, its Vietnamese or English label, or a common alias; null if none matches. */
export function roleFromText(text: string): OfficerRole | null {
  return ROLE_BY_KEY.get(headerKey(text)) ?? null;
}

/** An agency or an area, as the rows may name it. */
export interface Unit {
  id: string;
  slug: string;
  /** What is written in messages. */
  name: string;
  /** Folded names the unit can be written as (name; for areas also "kind name", e.g. `huyen luc ngan`). */
  keys: string[];
  parentId: string | null;
  /** Agencies: the area the agency serves. */
  areaId: string | null;
  validFrom: string;
  validTo: string | null;
}

/** `UBND huyện Lục Ngạn`, `TP Bắc Giang`: the abbreviations every Vietnamese office uses. */
export function unitKey(text: string): string {
  return foldSearchKey(text)
    .replace(/\bubnd\b/g, 'uy ban nhan dan')
    .replace(/\btp\.?(?=\s)/g, 'thanh pho');
}

const inForce = (u: Unit, date: string) => u.validFrom <= date && (u.validTo === null || u.validTo > date);

type Resolution =
  | { unit: Unit }
  | { problem: 'unknown' }
  | { problem: 'ambiguous'; slugs: string[] }
  | { problem: 'not_in_force' };

/** Agencies or areas by slug and by folded name. */
export class UnitIndex {
  private readonly bySlug = new Map<string, Unit>();
  private readonly byKey = new Map<string, Unit[]>();
  readonly byId = new Map<string, Unit>();
  constructor(units: readonly Unit[]) {
    for (const u of units) {
      this.bySlug.set(u.slug, u);
      this.byId.set(u.id, u);
      for (const key of new Set(u.keys.map(unitKey))) {
        const list = this.byKey.get(key) ?? [];
        list.push(u);
        this.byKey.set(key, list);
      }
    }
  }

  /** The unit a cell names, in force on `date`: by its slug, or by a name that only one unit in force has. */
  resolve(text: string, date: string): Resolution {
    const bySlug = this.bySlug.get(text.toLowerCase());
    if (bySlug) return inForce(bySlug, date) ? { unit: bySlug } : { problem: 'not_in_force' };
    const candidates = this.byKey.get(unitKey(text)) ?? [];
    if (candidates.length === 0) return { problem: 'unknown' };
    const current = candidates.filter((u) => inForce(u, date));
    if (current.length === 1 && current[0]) return { unit: current[0] };
    if (current.length > 1) return { problem: 'ambiguous', slugs: current.map((u) => u.slug).slice(0, 5) };
    return { problem: 'not_in_force' };
  }

  /** Whether `id` is `ancestorId` or lies under it. */
  isWithin(id: string, ancestorId: string): boolean {
    for (let u = this.byId.get(id); u; u = u.parentId === null ? undefined : this.byId.get(u.parentId))
      if (u.id === ancestorId) return true;
    return false;
  }
}

/** What the database already holds under a username (the lower-cased username is the key). */
export interface ExistingAccount {
  id: string;
  kind: 'citizen' | 'officer';
  erased: boolean;
  displayName: string;
  email: string | null;
  phone: string | null;
}

/** A row that passed every rule, with its references resolved. */
export interface OfficerRow {
  row: number;
  /** Lower-cased. */
  username: string;
  displayName: string;
  /** Undefined when the file has no such column: the account's value is left as it is. */
  email?: string | null;
  phone?: string | null;
  role: OfficerRole;
  agencyId: string | null;
  areaId: string | null;
  /** From the file; null when not given (a new position then starts `today`, an unchanged one keeps its start). */
  validFrom: string | null;
}

export interface RowContext {
  agencies: UnitIndex;
  areas: UnitIndex;
  accounts: ReadonlyMap<string, ExistingAccount>;
  /** Today in Vietnam, `YYYY-MM-DD`. */
  today: string;
}

/** The usernames of the table as they will be looked up (lower-cased, blanks left out). */
export function usernamesOf(table: OfficerTable): string[] {
  return [
    ...new Set(table.records.map((r) => cellText(r.cells.username).toLowerCase()).filter((u) => u !== '')),
  ];
}

/** Checks every row; returns the valid rows and every problem, in row order. */
export function checkRows(
  table: OfficerTable,
  context: RowContext,
): { rows: OfficerRow[]; problems: OfficerImportProblem[] } {
  const rows: OfficerRow[] = [];
  const problems: OfficerImportProblem[] = [];
  const firstRowOf = new Map<string, number>();
  const header = (column: OfficerColumn) =>
    table.headers.get(column) ?? OFFICER_COLUMNS.find((c) => c.key === column)?.vi ?? column;

  for (const record of table.records) {
    const before = problems.length;
    const at = (column: OfficerColumn) => ({ row: record.row, column: header(column) });
    const text = (column: OfficerColumn) => cellText(record.cells[column]);
    const present = (column: OfficerColumn) => table.headers.has(column);

    const username = text('username').toLowerCase();
    if (username === '') problems.push(problem('required', {}, at('username')));
    else if (!USERNAME_PATTERN.test(username))
      problems.push(problem('username_invalid', { value: text('username') }, at('username')));
    else {
      const firstRow = firstRowOf.get(username);
      const existing = context.accounts.get(username);
      if (firstRow !== undefined)
        problems.push(problem('username_repeated', { value: username, firstRow }, at('username')));
      else if (existing?.erased)
        problems.push(problem('username_erased', { value: username }, at('username')));
      else if (existing?.kind === 'citizen')
        problems.push(problem('username_citizen', { value: username }, at('username')));
      if (firstRow === undefined) firstRowOf.set(username, record.row);
    }

    const displayName = text('display_name');
    if (displayName === '') problems.push(problem('required', {}, at('display_name')));
    else if (displayName.length > MAX_NAME)
      problems.push(problem('too_long', { max: MAX_NAME }, at('display_name')));

    let email: string | null | undefined;
    if (present('email')) {
      const value = text('email');
      email = value === '' ? null : value.toLowerCase();
      if (email !== null && (email.length > MAX_EMAIL || !EMAIL_PATTERN.test(email)))
        problems.push(problem('email_invalid', { value }, at('email')));
    }

    let phone: string | null | undefined;
    if (present('phone')) {
      const cell = record.cells.phone ?? null;
      phone = isBlank(cell) ? null : phoneFromCell(cell);
      if (!isBlank(cell) && phone === null)
        problems.push(problem('phone_invalid', { value: cellText(cell) }, at('phone')));
    }

    const roleText = text('role');
    const role = roleText === '' ? null : roleFromText(roleText);
    if (roleText === '') problems.push(problem('required', {}, at('role')));
    else if (role === null) problems.push(problem('role_unknown', { value: roleText }, at('role')));

    let validFrom: string | null = null;
    if (present('valid_from') && !isBlank(record.cells.valid_from)) {
      validFrom = dateFromCell(record.cells.valid_from ?? null);
      if (validFrom === null)
        problems.push(problem('date_invalid', { value: text('valid_from') }, at('valid_from')));
    }
    const onDate = validFrom ?? context.today;

    const resolve = (column: 'agency' | 'area', index: UnitIndex): Unit | null => {
      const value = text(column);
      if (value === '') return null;
      const found = index.resolve(value, onDate);
      if ('unit' in found) return found.unit;
      const date = dmy(onDate);
      if (column === 'agency') {
        if (found.problem === 'unknown') problems.push(problem('agency_unknown', { value }, at(column)));
        else if (found.problem === 'ambiguous')
          problems.push(problem('agency_ambiguous', { value, slugs: found.slugs }, at(column)));
        else problems.push(problem('agency_not_in_force', { value, date }, at(column)));
      } else {
        if (found.problem === 'unknown') problems.push(problem('area_unknown', { value }, at(column)));
        else if (found.problem === 'ambiguous')
          problems.push(problem('area_ambiguous', { value, slugs: found.slugs }, at(column)));
        else problems.push(problem('area_not_in_force', { value, date }, at(column)));
      }
      return null;
    };
    const agency = present('agency') ? resolve('agency', context.agencies) : null;
    const area = present('area') ? resolve('area', context.areas) : null;

    if (role !== null && ROLES_NEEDING_SCOPE.has(role) && text('agency') === '' && text('area') === '')
      problems.push(
        problem('scope_required', { role: ROLE_LABELS[role] }, at(present('agency') ? 'agency' : 'role')),
      );
    if (agency?.areaId && area && !context.areas.isWithin(area.id, agency.areaId))
      problems.push(
        problem('area_outside_agency', { area: text('area'), agency: text('agency') }, at('area')),
      );

    if (problems.length === before && role !== null)
      rows.push({
        row: record.row,
        username,
        displayName,
        ...(email === undefined ? {} : { email }),
        ...(phone === undefined ? {} : { phone }),
        role,
        agencyId: agency?.id ?? null,
        areaId: area?.id ?? null,
        validFrom,
      });
  }
  return { rows, problems };
}
