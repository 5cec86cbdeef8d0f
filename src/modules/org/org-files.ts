// Areas, agencies, categories and routing rules as XLSX or CSV files: export every row, and import a file
// whole or not at all (one transaction, one audit entry), idempotently. Areas and agencies are only created
// or given new attributes here: ending, moving or re-dating a unit is a restructuring's job.
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { cleanText, foldSearchKey } from '../../platform/text.js';
import type { CellValue } from '../accounts/officer-file.js';
import { cellText, dateFromCell } from '../accounts/officer-rows.js';
import * as admin from './admin-store.js';
import { DEFAULT_DEADLINE_POLICY } from './deadlines.js';
import { categoryDocumentProblems } from './edits.js';
import { cleanQuestion } from './questions.js';
import {
  CATEGORY_ICONS,
  HOTLINE_PATTERN,
  emergencyOf,
  stopColumns,
  type CategoryIcon,
  type EmergencyStop,
  type Question,
} from './schemas.js';
import {
  fileProblem,
  OrgFileError,
  readOrgSheet,
  writeOrgSheet,
  type FileProblem,
  type OrgFileFormat,
  type OrgFileLang,
  type OrgFileTable,
} from './spreadsheets.js';
import * as store from './store.js';

type Trx = Parameters<typeof store.orgDb>[0];
type Db = ReturnType<typeof store.orgDb>;

export interface OrgImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ignoredColumns: string[];
}

const SLUG = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const AREA_LEVELS = ['province', 'legacy_district', 'commune', 'hamlet'] as const;
const AGENCY_KINDS = [
  'provincial_committee',
  'department',
  'district_committee',
  'commune_committee',
  'public_service_company',
  'central_agency',
] as const;
const PRIORITIES = ['urgent', 'normal', 'complex'] as const;
const STRUCTURE = {
  vi: 'việc kết thúc, chuyển cấp trên, đổi địa bàn hay đổi ngày hiệu lực của một đơn vị phải làm bằng phương án sắp xếp (POST /api/v1/admin/restructurings); tệp nhập chỉ thêm mới hoặc sửa thuộc tính',
  en: 'ending a unit, moving it to another parent or area, or changing its dates is done by a restructuring plan (POST /api/v1/admin/restructurings); a file import only creates units or edits their attributes',
};

const TRUE_WORDS = new Set(['co', 'x', '1', 'true', 'yes', 'dung']);
const FALSE_WORDS = new Set(['khong', '0', 'false', 'no', 'sai']);

/** Reads the cells of one row, collecting a problem per bad cell. */
class RowReader {
  constructor(
    private readonly headers: Map<string, string>,
    private readonly problems: FileProblem[],
    private readonly row: number,
    private readonly cells: Partial<Record<string, CellValue>>,
  ) {}

  has(key: string): boolean {
    return this.headers.has(key);
  }

  bad(key: string | null, code: string, vi: string, en: string): void {
    this.problems.push(
      fileProblem(
        code,
        { vi, en },
        { row: this.row, column: key === null ? null : (this.headers.get(key) ?? key) },
      ),
    );
  }

  text(key: string, max = 1000): string {
    const value = cellText(this.cells[key]);
    if (value.length > max)
      this.bad(key, 'too_long', `dài quá ${max} ký tự.`, `is longer than ${max} characters.`);
    return value;
  }

  required(key: string, max = 1000): string {
    const value = this.text(key, max);
    if (value === '') this.bad(key, 'required', 'không được để trống.', 'must not be empty.');
    return value;
  }

  slug(key: string, required: boolean): string | null {
    const value = required ? this.required(key, 200) : this.text(key, 200);
    if (value === '') return null;
    if (!SLUG.test(value)) {
      this.bad(
        key,
        'slug_invalid',
        `“${value}” không phải mã hợp lệ (chữ thường không dấu, chữ số, gạch ngang, các phần cách nhau bằng dấu chấm).`,
        `"${value}" is not a valid code (lowercase unaccented letters, digits, hyphens, parts separated by dots).`,
      );
      return null;
    }
    return value;
  }

  choice<T extends string>(key: string, values: readonly T[], fallback: T | null): T | null {
    const value = this.text(key, 100);
    if (value === '') {
      if (fallback === null) this.bad(key, 'required', 'không được để trống.', 'must not be empty.');
      return fallback;
    }
    const found = values.find((v) => v === value);
    if (found === undefined)
      this.bad(
        key,
        'value_unknown',
        `“${value}” không hợp lệ; ghi một trong: ${values.join(', ')}.`,
        `"${value}" is not valid; write one of: ${values.join(', ')}.`,
      );
    return found ?? null;
  }

  date(key: string): string | null {
    const cell = this.cells[key];
    if (cellText(cell) === '') return null;
    const value = dateFromCell(cell ?? null);
    if (value === null)
      this.bad(
        key,
        'date_invalid',
        `“${cellText(cell)}” không phải ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025.`,
        `"${cellText(cell)}" is not a valid date; write day/month/year, e.g. 01/07/2025.`,
      );
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = foldSearchKey(this.text(key, 20)).replace(/[^a-z0-9]/g, '');
    if (value === '') return fallback;
    if (TRUE_WORDS.has(value)) return true;
    if (FALSE_WORDS.has(value)) return false;
    this.bad(key, 'boolean_invalid', 'ghi “Có” hoặc “Không”.', 'write "TRUE" or "FALSE".');
    return fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.text(key, 20);
    if (value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.bad(
        key,
        'integer_invalid',
        `“${value}” không phải số nguyên từ ${min} đến ${max}.`,
        `"${value}" is not a whole number from ${min} to ${max}.`,
      );
      return fallback;
    }
    return n;
  }

  json(key: string): unknown {
    const value = this.text(key, 20_000);
    if (value === '') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      this.bad(key, 'json_invalid', 'không phải JSON hợp lệ.', 'is not valid JSON.');
      return undefined;
    }
  }

  refUnknown(key: string, value: string, what: { vi: string; en: string }): void {
    this.bad(
      key,
      'reference_unknown',
      `không tìm thấy ${what.vi} “${value}” (trong hệ thống hoặc ở dòng trên của tệp).`,
      `no ${what.en} "${value}" (in the system or on an earlier row of the file).`,
    );
  }
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const dateCell = (iso: string | null, lang: OrgFileLang) =>
  iso === null ? '' : lang === 'vi' ? dmy(iso) : iso;
const boolCell = (b: boolean, lang: OrgFileLang) =>
  lang === 'vi' ? (b ? 'Có' : 'Không') : b ? 'TRUE' : 'FALSE';
const codesText = (codes: Record<string, string>) =>
  Object.entries(codes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
const sameCodes = (a: Record<string, string>, b: Record<string, string>) => codesText(a) === codesText(b);

/** Parents before children, so the file imports in its own order. */
function treeOrder<T extends { id: string; parent_id: string | null; slug: string }>(
  rows: readonly T[],
): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depth = (r: T): number => {
    let d = 0;
    for (let p = r.parent_id; p !== null && d < 50; p = byId.get(p)?.parent_id ?? null) d++;
    return d;
  };
  return [...rows].sort((a, b) => depth(a) - depth(b) || a.slug.localeCompare(b.slug));
}

interface Plan {
  created: number;
  updated: number;
  unchanged: number;
  apply: (db: Db) => Promise<void>;
}

// ---- areas ----

async function planAreas(db: Db, sheet: Awaited<ReturnType<typeof readOrgSheet>>, today: string) {
  const problems: FileProblem[] = [];
  const existing = new Map((await admin.listAreas(db)).map((a) => [a.slug, a]));
  const seen = new Map<string, { row: number; validFrom: string }>();
  const writes: ((db: Db, ids: Map<string, string>) => Promise<void>)[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const { row, cells } of sheet.records) {
    const r = new RowReader(sheet.headers, problems, row, cells);
    const slug = r.slug('slug', true);
    const parent = r.slug('parent', false);
    const level = r.choice('level', AREA_LEVELS, null);
    const kind = r.required('kind', 40);
    const name = r.required('name', 200);
    const validFrom = r.date('valid_from');
    const validTo = r.date('valid_to');
    const codes: Record<string, string> = {};
    for (const part of r.text('codes', 500).split(/[;\n]/)) {
      if (part.trim() === '') continue;
      const m = /^\s*([A-Z0-9_]+)\s*[=:]\s*([0-9A-Za-z]{1,20})\s*$/.exec(part);
      if (m?.[1] !== undefined && m[2] !== undefined) codes[m[1]] = m[2];
      else
        r.bad(
          'codes',
          'codes_invalid',
          `“${part.trim()}” không đúng dạng MÃ_BẢNG=mã, ví dụ QD124_2004=07213.`,
          `"${part.trim()}" is not SCHEME=code, e.g. QD124_2004=07213.`,
        );
    }
    if (slug === null) continue;
    const first = seen.get(slug);
    if (first) {
      r.bad(
        'slug',
        'repeated',
        `mã “${slug}” trùng với dòng ${first.row}.`,
        `the code "${slug}" is also on row ${first.row}.`,
      );
      continue;
    }
    const old = existing.get(slug);
    if (parent !== null && !existing.has(parent) && !seen.has(parent))
      r.refUnknown('parent', parent, { vi: 'địa bàn', en: 'area' });
    seen.set(slug, { row, validFrom: validFrom ?? old?.valid_from ?? today });
    if (level === null || kind === '' || name === '') continue;
    const cleanName = cleanText(name);
    if (old === undefined) {
      if (validTo !== null) r.bad('valid_to', 'structural', STRUCTURE.vi, STRUCTURE.en);
      const parentOld = parent === null ? undefined : existing.get(parent);
      const start = validFrom ?? today;
      if (
        parentOld &&
        !(parentOld.valid_from <= start && (parentOld.valid_to === null || parentOld.valid_to > start))
      )
        r.bad(
          'parent',
          'parent_not_in_force',
          `địa bàn cấp trên “${parent}” không còn hoặc chưa có vào ngày ${dmy(start)}.`,
          `the parent area "${parent}" does not exist on ${start}.`,
        );
      created++;
      writes.push(async (o, ids) => {
        const id = await store.upsertArea(o, {
          slug,
          parent_id: parent === null ? null : (ids.get(parent) ?? null),
          level,
          kind: cleanText(kind),
          name: cleanName,
          name_key: foldSearchKey(cleanName),
          valid_from: start,
          valid_to: null,
        });
        ids.set(slug, id);
        await store.replaceAreaCodes(o, id, codes);
      });
      continue;
    }
    // A column left out of the file leaves that field as it is.
    const differs = [
      r.has('parent') && parent !== old.parent_slug ? 'parent' : null,
      level !== old.level ? 'level' : null,
      validFrom !== null && validFrom !== old.valid_from ? 'valid_from' : null,
      r.has('valid_to') && validTo !== old.valid_to ? 'valid_to' : null,
    ].filter((c) => c !== null);
    if (differs.length > 0) {
      r.bad(
        differs.includes('valid_to') ? 'valid_to' : (differs[0] ?? null),
        'structural',
        STRUCTURE.vi,
        STRUCTURE.en,
      );
      continue;
    }
    const codesGiven = r.has('codes');
    if (
      cleanText(kind) === old.kind &&
      cleanName === old.name &&
      (!codesGiven || sameCodes(codes, old.codes))
    ) {
      unchanged++;
      continue;
    }
    updated++;
    writes.push(async (o) => {
      await admin.updateArea(o, old.id, {
        kind: cleanText(kind),
        name: cleanName,
        name_key: foldSearchKey(cleanName),
      });
      if (codesGiven) await store.replaceAreaCodes(o, old.id, codes);
    });
  }
  const plan: Plan = {
    created,
    updated,
    unchanged,
    apply: async (o) => {
      const ids = await store.idsBySlug(o, 'areas');
      for (const write of writes) await write(o, ids);
    },
  };
  return { problems, plan };
}

export async function exportAreas(db: Db, lang: OrgFileLang) {
  return treeOrder(await admin.listAreas(db)).map((a) => ({
    slug: a.slug,
    parent: a.parent_slug ?? '',
    level: a.level,
    kind: a.kind,
    name: a.name,
    codes: codesText(a.codes),
    valid_from: dateCell(a.valid_from, lang),
    valid_to: dateCell(a.valid_to, lang),
  }));
}

// ---- agencies ----

async function planAgencies(db: Db, sheet: Awaited<ReturnType<typeof readOrgSheet>>, today: string) {
  const problems: FileProblem[] = [];
  const existing = new Map((await admin.listAgencies(db)).map((a) => [a.slug, a]));
  const areas = new Map((await admin.listAreas(db)).map((a) => [a.slug, a]));
  const seen = new Map<string, number>();
  const writes: ((db: Db, ids: Map<string, string>, areaIds: Map<string, string>) => Promise<void>)[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const { row, cells } of sheet.records) {
    const r = new RowReader(sheet.headers, problems, row, cells);
    const slug = r.slug('slug', true);
    const parent = r.slug('parent', false);
    const kind = r.choice('kind', AGENCY_KINDS, null);
    const name = r.required('name', 300);
    const area = r.slug('area', false);
    const validFrom = r.date('valid_from');
    const validTo = r.date('valid_to');
    if (slug === null) continue;
    const first = seen.get(slug);
    if (first !== undefined) {
      r.bad(
        'slug',
        'repeated',
        `mã “${slug}” trùng với dòng ${first}.`,
        `the code "${slug}" is also on row ${first}.`,
      );
      continue;
    }
    seen.set(slug, row);
    if (parent !== null && !existing.has(parent) && !seen.has(parent))
      r.refUnknown('parent', parent, { vi: 'cơ quan', en: 'agency' });
    if (area !== null && !areas.has(area)) r.refUnknown('area', area, { vi: 'địa bàn', en: 'area' });
    if (kind === null || name === '') continue;
    const cleanName = cleanText(name);
    const old = existing.get(slug);
    if (old === undefined) {
      if (validTo !== null) r.bad('valid_to', 'structural', STRUCTURE.vi, STRUCTURE.en);
      const start = validFrom ?? today;
      created++;
      writes.push(async (o, ids, areaIds) => {
        const id = await store.upsertAgency(o, {
          slug,
          parent_id: parent === null ? null : (ids.get(parent) ?? null),
          kind,
          name: cleanName,
          name_key: foldSearchKey(cleanName),
          area_id: area === null ? null : (areaIds.get(area) ?? null),
          valid_from: start,
          valid_to: null,
        });
        ids.set(slug, id);
      });
      continue;
    }
    // A column left out of the file leaves that field as it is.
    const differs = [
      r.has('parent') && parent !== old.parent_slug ? 'parent' : null,
      r.has('area') && area !== old.area_slug ? 'area' : null,
      validFrom !== null && validFrom !== old.valid_from ? 'valid_from' : null,
      r.has('valid_to') && validTo !== old.valid_to ? 'valid_to' : null,
    ].filter((c) => c !== null);
    if (differs.length > 0) {
      r.bad(
        differs.includes('valid_to') ? 'valid_to' : (differs[0] ?? null),
        'structural',
        STRUCTURE.vi,
        STRUCTURE.en,
      );
      continue;
    }
    if (kind === old.kind && cleanName === old.name) {
      unchanged++;
      continue;
    }
    updated++;
    writes.push(async (o) => {
      await admin.updateAgency(o, old.id, { kind, name: cleanName, name_key: foldSearchKey(cleanName) });
    });
  }
  const plan: Plan = {
    created,
    updated,
    unchanged,
    apply: async (o) => {
      const ids = await store.idsBySlug(o, 'agencies');
      const areaIds = await store.idsBySlug(o, 'areas');
      for (const write of writes) await write(o, ids, areaIds);
    },
  };
  return { problems, plan };
}

export async function exportAgencies(db: Db, lang: OrgFileLang) {
  return treeOrder(await admin.listAgencies(db)).map((a) => ({
    slug: a.slug,
    parent: a.parent_slug ?? '',
    kind: a.kind,
    name: a.name,
    area: a.area_slug ?? '',
    valid_from: dateCell(a.valid_from, lang),
    valid_to: dateCell(a.valid_to, lang),
  }));
}

// ---- categories ----

/** JSON with sorted keys: jsonb reorders keys, so documents are compared in this form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The icon column: absent keeps the category's icon, empty clears it. */
function readIcon(r: RowReader, old: admin.CategoryRow | undefined): CategoryIcon | null {
  if (!r.has('icon')) return (old?.icon as CategoryIcon | null | undefined) ?? null;
  if (r.text('icon', 40) === '') return null;
  return r.choice('icon', CATEGORY_ICONS, null);
}

/** The emergency columns: absent keep the category's stop, an empty number removes it. */
function readStop(r: RowReader, old: admin.CategoryRow | undefined): EmergencyStop | null {
  if (!r.has('emergency_hotline')) return old ? emergencyOf(old) : null;
  const hotline = r.text('emergency_hotline', 11);
  const vi = r.text('emergency_notice_vi', 1000);
  const en = r.text('emergency_notice_en', 1000);
  if (hotline === '') {
    if (vi !== '' || en !== '')
      r.bad(
        'emergency_hotline',
        'required',
        'cần có số gọi khẩn cấp khi đã ghi thông báo khẩn cấp.',
        'is needed when an emergency notice is written.',
      );
    return null;
  }
  if (!new RegExp(HOTLINE_PATTERN).test(hotline)) {
    r.bad(
      'emergency_hotline',
      'value_invalid',
      'chỉ gồm 3–11 chữ số, ví dụ 114.',
      'must be 3 to 11 digits, e.g. 114.',
    );
    return null;
  }
  if ((vi === '') !== (en === '')) {
    r.bad(
      vi === '' ? 'emergency_notice_vi' : 'emergency_notice_en',
      'required',
      'cần ghi thông báo bằng cả tiếng Việt và tiếng Anh, hoặc để trống cả hai.',
      'needs the notice in both Vietnamese and English, or neither.',
    );
    return null;
  }
  return { hotline, notice: vi === '' ? null : { vi: cleanText(vi), en: cleanText(en) } };
}

async function planCategories(db: Db, sheet: Awaited<ReturnType<typeof readOrgSheet>>) {
  const problems: FileProblem[] = [];
  const existing = new Map((await admin.listCategories(db)).map((c) => [c.slug, c]));
  const seen = new Map<string, number>();
  const parentOf = new Map([...existing.values()].map((c) => [c.slug, c.parent_slug]));
  const values: {
    slug: string;
    row: number;
    v: Omit<admin.CategoryValues, 'parent_id'>;
    parent: string | null;
    changed: boolean;
  }[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const { row, cells } of sheet.records) {
    const r = new RowReader(sheet.headers, problems, row, cells);
    const slug = r.slug('slug', true);
    const parent = r.slug('parent', false);
    const nameVi = r.required('name_vi', 200);
    const nameEn = r.required('name_en', 200);
    const descriptionVi = r.text('description_vi', 1000);
    const descriptionEn = r.text('description_en', 1000);
    const old = slug === null ? undefined : existing.get(slug);
    const priority = r.choice(
      'default_priority',
      PRIORITIES,
      (old?.default_priority as 'normal' | undefined) ?? 'normal',
    );
    const photoRequired = r.boolean('photo_required', old?.photo_required ?? false);
    const publicByDefault = r.boolean('public_by_default', old?.public_by_default ?? true);
    const sortOrder = r.integer('sort_order', old?.sort_order ?? 0, -1_000_000, 1_000_000);
    const active = r.boolean('active', old?.active ?? true);
    const deadlines = r.json('deadlines');
    const questions = r.json('questions');
    const icon = readIcon(r, old);
    const stop = readStop(r, old);
    const documentProblems = categoryDocumentProblems({ deadlines, questions });
    for (const p of documentProblems)
      r.bad(p.field, 'document_invalid', `không hợp lệ: ${p.problem}.`, `is not valid: ${p.problem}.`);
    if (slug === null) continue;
    const first = seen.get(slug);
    if (first !== undefined) {
      r.bad(
        'slug',
        'repeated',
        `mã “${slug}” trùng với dòng ${first}.`,
        `the code "${slug}" is also on row ${first}.`,
      );
      continue;
    }
    seen.set(slug, row);
    if (parent !== null && !existing.has(parent) && !seen.has(parent))
      r.refUnknown('parent', parent, { vi: 'lĩnh vực', en: 'category' });
    parentOf.set(slug, parent);
    if (nameVi === '' || nameEn === '' || priority === null || documentProblems.length > 0) continue;
    const v = {
      slug,
      name_vi: cleanText(nameVi),
      name_en: cleanText(nameEn),
      name_key: foldSearchKey(cleanText(nameVi)),
      description_vi: descriptionVi === '' ? null : descriptionVi,
      description_en: descriptionEn === '' ? null : descriptionEn,
      default_priority: priority,
      photo_required: photoRequired,
      public_by_default: publicByDefault,
      sort_order: sortOrder,
      active,
      deadline_policy: JSON.stringify(deadlines ?? old?.deadline_policy ?? DEFAULT_DEADLINE_POLICY),
      questions: JSON.stringify(
        questions === undefined ? (old?.questions ?? []) : (questions as Question[]).map(cleanQuestion),
      ),
      icon,
      ...stopColumns(stop),
    };
    const same =
      old !== undefined &&
      old.parent_slug === parent &&
      old.name_vi === v.name_vi &&
      old.name_en === v.name_en &&
      old.description_vi === v.description_vi &&
      old.description_en === v.description_en &&
      old.default_priority === v.default_priority &&
      old.photo_required === v.photo_required &&
      old.public_by_default === v.public_by_default &&
      old.sort_order === v.sort_order &&
      old.active === v.active &&
      canonical(old.deadline_policy) === canonical(JSON.parse(v.deadline_policy)) &&
      canonical(old.questions) === canonical(JSON.parse(v.questions)) &&
      old.icon === v.icon &&
      old.emergency_hotline === v.emergency_hotline &&
      old.emergency_notice_vi === v.emergency_notice_vi &&
      old.emergency_notice_en === v.emergency_notice_en;
    if (old === undefined) created++;
    else if (same) unchanged++;
    else updated++;
    values.push({ slug, row, v, parent, changed: !same });
  }
  // A parent chain that loops (a → b → a) would hide both categories from every form.
  for (const { slug, row } of values) {
    let at = parentOf.get(slug) ?? null;
    for (let n = 0; at !== null && n < 100; n++, at = parentOf.get(at) ?? null)
      if (at === slug) {
        problems.push(
          fileProblem(
            'parent_cycle',
            { vi: 'lĩnh vực không thể nằm dưới chính nó.', en: 'a category cannot be under itself.' },
            { row, column: sheet.headers.get('parent') ?? 'parent' },
          ),
        );
        break;
      }
  }
  const plan: Plan = {
    created,
    updated,
    unchanged,
    apply: async (o) => {
      const ids = await store.idsBySlug(o, 'categories');
      for (const { slug, v, parent, changed } of values) {
        if (!changed) continue;
        const parentId = parent === null ? null : (ids.get(parent) ?? null);
        const id = ids.get(slug);
        if (id === undefined) ids.set(slug, await admin.insertCategory(o, { ...v, parent_id: parentId }));
        else await admin.updateCategory(o, id, { ...v, parent_id: parentId });
      }
    },
  };
  return { problems, plan };
}

export async function exportCategories(db: Db, lang: OrgFileLang) {
  const rows = await admin.listCategories(db);
  return treeOrder(rows).map((c) => ({
    slug: c.slug,
    parent: c.parent_slug ?? '',
    name_vi: c.name_vi,
    name_en: c.name_en,
    description_vi: c.description_vi ?? '',
    description_en: c.description_en ?? '',
    default_priority: c.default_priority,
    photo_required: boolCell(c.photo_required, lang),
    public_by_default: boolCell(c.public_by_default, lang),
    sort_order: String(c.sort_order),
    active: boolCell(c.active, lang),
    deadlines: JSON.stringify(c.deadline_policy),
    questions: JSON.stringify(c.questions),
    icon: c.icon ?? '',
    emergency_hotline: c.emergency_hotline ?? '',
    emergency_notice_vi: c.emergency_notice_vi ?? '',
    emergency_notice_en: c.emergency_notice_en ?? '',
  }));
}

// ---- routing rules ----

async function planJurisdictions(db: Db, sheet: Awaited<ReturnType<typeof readOrgSheet>>) {
  const problems: FileProblem[] = [];
  const agencies = new Map((await admin.listAgencies(db)).map((a) => [a.slug, a]));
  const areas = new Map((await admin.listAreas(db)).map((a) => [a.slug, a]));
  const categories = new Map((await admin.listCategories(db)).map((c) => [c.slug, c]));
  const key = (agency: string, category: string | null, area: string, from: string) =>
    `${agency} ${category ?? ''} ${area} ${from}`;
  const existing = new Map(
    (await admin.listJurisdictions(db)).map((j) => [
      key(j.agency_slug, j.category_slug, j.area_slug, j.valid_from),
      j,
    ]),
  );
  const seen = new Map<string, number>();
  const writes: Parameters<typeof store.upsertJurisdiction>[1][] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const { row, cells } of sheet.records) {
    const r = new RowReader(sheet.headers, problems, row, cells);
    const agencySlug = r.slug('agency', true);
    const categorySlug = r.slug('category', false);
    const areaSlug = r.slug('area', true);
    const includeSubareas = r.boolean('include_subareas', true);
    const priority = r.integer('priority', 0, -1000, 1000);
    const validFrom = r.date('valid_from');
    if (validFrom === null && cellText(cells.valid_from) === '')
      r.bad('valid_from', 'required', 'không được để trống.', 'must not be empty.');
    const validTo = r.date('valid_to');
    const noteText = r.text('note', 500);
    const note = noteText === '' ? null : noteText;
    const agency = agencySlug === null ? undefined : agencies.get(agencySlug);
    const area = areaSlug === null ? undefined : areas.get(areaSlug);
    const category = categorySlug === null ? null : categories.get(categorySlug);
    if (agencySlug !== null && !agency) r.refUnknown('agency', agencySlug, { vi: 'cơ quan', en: 'agency' });
    if (areaSlug !== null && !area) r.refUnknown('area', areaSlug, { vi: 'địa bàn', en: 'area' });
    if (categorySlug !== null && !category)
      r.refUnknown('category', categorySlug, { vi: 'lĩnh vực', en: 'category' });
    if (!agency || !area || category === undefined || validFrom === null) continue;
    if (validTo !== null && validTo <= validFrom)
      r.bad(
        'valid_to',
        'dates_reversed',
        'ngày kết thúc phải sau ngày bắt đầu.',
        'the end date must be after the start date.',
      );
    for (const [what, unit, column] of [
      [{ vi: 'cơ quan', en: 'agency' }, agency, 'agency'],
      [{ vi: 'địa bàn', en: 'area' }, area, 'area'],
    ] as const) {
      if (validFrom < unit.valid_from)
        r.bad(
          'valid_from',
          'before_unit',
          `quy tắc bắt đầu trước khi ${what.vi} “${unit.slug}” có (${dmy(unit.valid_from)}).`,
          `the rule starts before the ${what.en} "${unit.slug}" exists (${unit.valid_from}).`,
        );
      if (unit.valid_to !== null && (validTo === null || validTo > unit.valid_to))
        r.bad(
          column,
          'outlives_unit',
          `quy tắc kéo dài quá ngày ${what.vi} “${unit.slug}” kết thúc (${dmy(unit.valid_to)}).`,
          `the rule lasts beyond the end of the ${what.en} "${unit.slug}" (${unit.valid_to}).`,
        );
    }
    const k = key(agency.slug, category?.slug ?? null, area.slug, validFrom);
    const first = seen.get(k);
    if (first !== undefined) {
      r.bad(
        null,
        'repeated',
        `quy tắc này trùng với dòng ${first}.`,
        `the same rule is also on row ${first}.`,
      );
      continue;
    }
    seen.set(k, row);
    const old = existing.get(k);
    const cleanNote = note === null ? null : cleanText(note);
    if (old === undefined) created++;
    else if (
      old.include_subareas === includeSubareas &&
      old.priority === priority &&
      old.valid_to === validTo &&
      old.note === cleanNote
    ) {
      unchanged++;
      continue;
    } else updated++;
    writes.push({
      agency_id: agency.id,
      category_id: category?.id ?? null,
      area_id: area.id,
      include_subareas: includeSubareas,
      priority,
      valid_from: validFrom,
      valid_to: validTo,
      note: cleanNote,
    });
  }
  const plan: Plan = {
    created,
    updated,
    unchanged,
    apply: async (o) => {
      for (const w of writes) await store.upsertJurisdiction(o, w);
    },
  };
  return { problems, plan };
}

export async function exportJurisdictions(db: Db, lang: OrgFileLang) {
  return (await admin.listJurisdictions(db)).map((j) => ({
    agency: j.agency_slug,
    category: j.category_slug ?? '',
    area: j.area_slug,
    include_subareas: boolCell(j.include_subareas, lang),
    priority: String(j.priority),
    valid_from: dateCell(j.valid_from, lang),
    valid_to: dateCell(j.valid_to, lang),
    note: j.note ?? '',
  }));
}

// ---- the two services ----

export interface ImportOrgFileInput {
  table: OrgFileTable;
  data: Uint8Array;
  format: OrgFileFormat;
  actor: Actor | null;
  dryRun?: boolean;
  now?: Date;
}

/**
 * Imports one table from a file: the whole file is checked against the database first and refused with
 * every problem (OrgFileError, 400) if one row is wrong; otherwise applied in one transaction with one
 * audit entry (counts only). Rows already as in the database count as unchanged, so a re-import is a no-op.
 */
export async function importOrgFile(rootDb: RootDb, input: ImportOrgFileInput): Promise<OrgImportResult> {
  authorize(input.actor, 'org.manage');
  const actor = input.actor;
  const sheet = await readOrgSheet(input.data, input.format, input.table);
  const today = localDate(input.now ?? new Date());
  const dryRun = input.dryRun === true;
  try {
    return await rootDb.transaction().execute(async (trx: Trx) => {
      const o = store.orgDb(trx);
      const { problems, plan } =
        input.table === 'areas'
          ? await planAreas(o, sheet, today)
          : input.table === 'agencies'
            ? await planAgencies(o, sheet, today)
            : input.table === 'categories'
              ? await planCategories(o, sheet)
              : await planJurisdictions(o, sheet);
      if (problems.length > 0) throw new OrgFileError(problems);
      const result: OrgImportResult = {
        dryRun,
        rows: sheet.records.length,
        created: plan.created,
        updated: plan.updated,
        unchanged: plan.unchanged,
        ignoredColumns: sheet.ignoredColumns,
      };
      if (dryRun || plan.created + plan.updated === 0) return result;
      await plan.apply(o);
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: `org.${input.table}.import`,
        subjectType: 'org_file',
        subjectId: input.table,
        requestId: actor.requestId,
        detail: { format: input.format, rows: result.rows, created: result.created, updated: result.updated },
      });
      return result;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505')
      throw new AppError('conflict', { internal: 'org import: a row was written meanwhile', cause: error });
    throw error;
  }
}

const CONTENT_TYPES: Record<OrgFileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
const FILE_NAMES: Record<OrgFileTable, { vi: string; en: string }> = {
  areas: { vi: 'dia-ban', en: 'areas' },
  agencies: { vi: 'co-quan', en: 'agencies' },
  categories: { vi: 'linh-vuc', en: 'categories' },
  jurisdictions: { vi: 'quy-tac-phan-cong', en: 'routing-rules' },
};

/** Every row of one table (ended units and rules included) in the import's layout. */
export async function exportOrgFile(
  rootDb: RootDb,
  input: { table: OrgFileTable; format: OrgFileFormat; lang?: OrgFileLang; actor: Actor | null; now?: Date },
) {
  authorize(input.actor, 'org.manage');
  const lang = input.lang ?? 'vi';
  const db = store.orgDb(rootDb);
  const rows =
    input.table === 'areas'
      ? await exportAreas(db, lang)
      : input.table === 'agencies'
        ? await exportAgencies(db, lang)
        : input.table === 'categories'
          ? await exportCategories(db, lang)
          : await exportJurisdictions(db, lang);
  const today = localDate(input.now ?? new Date());
  return {
    data: await writeOrgSheet(input.table, rows, input.format, lang),
    rows: rows.length,
    contentType: CONTENT_TYPES[input.format],
    fileName: `${FILE_NAMES[input.table][lang]}-${today}.${input.format}`,
  };
}
