// The administration API as the admin screens call it: organisation lists and edits, the working calendar,
// reply templates, officers and the guides, each answer checked at run time before use.
import { apiRequest, ApiError, isRecord, isNullableString, isString, type Guard } from '../api.js';

const required = <T>(value: T | null, what: string): T => {
  if (value === null) throw new ApiError(`${what}: empty response`);
  return value;
};
const isArrayOf =
  <T>(guard: Guard<T>): Guard<T[]> =>
  (v): v is T[] =>
    Array.isArray(v) && v.every(guard);
const isPair = (v: unknown): v is { vi: string; en: string } =>
  isRecord(v) && isString(v.vi) && isString(v.en);

async function get<T>(url: string, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  return required(await apiRequest('GET', url, { guard, ...(signal ? { signal } : {}) }), url);
}
async function send<T>(
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  body: unknown,
  guard: Guard<T>,
): Promise<T> {
  return required(await apiRequest(method, url, { body, guard }), url);
}

// ---- categories ----

export type Priority = 'urgent' | 'normal' | 'complex';
export type ClockName = 'intake' | 'acknowledge' | 'resolve';
export type DurationUnit = 'working_minutes' | 'working_hours' | 'working_days';
export interface Duration {
  amount: number;
  unit: DurationUnit;
}
export type DeadlinePolicy = Record<Priority, Record<ClockName, Duration>>;
export const PRIORITIES: readonly Priority[] = ['urgent', 'normal', 'complex'];
export const CLOCKS: readonly ClockName[] = ['intake', 'acknowledge', 'resolve'];
export const UNITS: readonly DurationUnit[] = ['working_minutes', 'working_hours', 'working_days'];

export interface EmergencyStop {
  hotline: string;
  notice: { vi: string; en: string } | null;
}

export interface Category {
  id: string;
  slug: string;
  parentId: string | null;
  name: { vi: string; en: string };
  description: { vi: string | null; en: string | null };
  defaultPriority: Priority;
  photoRequired: boolean;
  publicByDefault: boolean;
  sortOrder: number;
  active: boolean;
  deadlines: unknown;
  icon: string | null;
  emergency: EmergencyStop | null;
}

const isCategory: Guard<Category> = (v): v is Category =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.slug) &&
  isNullableString(v.parentId) &&
  isPair(v.name) &&
  isRecord(v.description) &&
  (v.defaultPriority === 'urgent' || v.defaultPriority === 'normal' || v.defaultPriority === 'complex') &&
  typeof v.active === 'boolean' &&
  typeof v.sortOrder === 'number' &&
  isNullableString(v.icon) &&
  (v.emergency === null || (isRecord(v.emergency) && isString(v.emergency.hotline)));

const isDuration = (v: unknown): v is Duration =>
  isRecord(v) &&
  typeof v.amount === 'number' &&
  (v.unit === 'working_minutes' || v.unit === 'working_hours' || v.unit === 'working_days');

/** A stored policy as the form edits it; null when the document is not one (the server then uses its defaults). */
export function policyOf(value: unknown): DeadlinePolicy | null {
  if (!isRecord(value)) return null;
  for (const p of PRIORITIES) {
    const clocks = value[p];
    if (!isRecord(clocks) || !CLOCKS.every((c) => isDuration(clocks[c]))) return null;
  }
  return value as unknown as DeadlinePolicy;
}

export const fetchCategories = (signal?: AbortSignal) =>
  get('/api/v1/org/categories', isArrayOf(isCategory), signal);

export interface CategoryFields {
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  defaultPriority: Priority;
  photoRequired: boolean;
  publicByDefault: boolean;
  sortOrder: number;
  active: boolean;
  deadlines: DeadlinePolicy;
  icon: string | null;
  emergency: EmergencyStop | null;
}

export const updateCategory = (id: string, fields: Partial<CategoryFields>) =>
  send('PATCH', `/api/v1/admin/org/categories/${id}`, fields, isCategory);
export const createCategory = (fields: Partial<CategoryFields> & { slug: string; parentId: string | null }) =>
  send('POST', '/api/v1/admin/org/categories', fields, isCategory);

// ---- areas, agencies, routing rules ----

export interface Area {
  id: string;
  slug: string;
  parentId: string | null;
  level: string;
  kind: string;
  name: string;
  validFrom: string;
}
const isArea: Guard<Area> = (v): v is Area =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.slug) &&
  isNullableString(v.parentId) &&
  isString(v.level) &&
  isString(v.kind) &&
  isString(v.name) &&
  isString(v.validFrom);
export const fetchAreas = (signal?: AbortSignal) => get('/api/v1/org/areas', isArrayOf(isArea), signal);

export const AGENCY_KINDS = [
  'provincial_committee',
  'department',
  'district_committee',
  'commune_committee',
  'public_service_company',
  'central_agency',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export interface Agency {
  id: string;
  slug: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  areaId: string | null;
  validFrom: string;
}
const isAgency: Guard<Agency> = (v): v is Agency =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.slug) &&
  isNullableString(v.parentId) &&
  isString(v.kind) &&
  isString(v.name) &&
  isNullableString(v.areaId) &&
  isString(v.validFrom);
export const fetchAgencies = (signal?: AbortSignal) =>
  get('/api/v1/org/agencies', isArrayOf(isAgency), signal);
export const createAgency = (body: {
  slug: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  areaId: string | null;
}) => send('POST', '/api/v1/admin/org/agencies', body, isAgency);
export const updateAgency = (id: string, body: { name?: string; kind?: AgencyKind }) =>
  send('PATCH', `/api/v1/admin/org/agencies/${id}`, body, isAgency);

export interface Jurisdiction {
  id: string;
  agencyId: string;
  categoryId: string | null;
  areaId: string;
  includeSubareas: boolean;
  priority: number;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}
const isJurisdiction: Guard<Jurisdiction> = (v): v is Jurisdiction =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.agencyId) &&
  isNullableString(v.categoryId) &&
  isString(v.areaId) &&
  typeof v.includeSubareas === 'boolean' &&
  typeof v.priority === 'number' &&
  isString(v.validFrom) &&
  isNullableString(v.validTo) &&
  isNullableString(v.note);
export const fetchJurisdictions = (signal?: AbortSignal) =>
  get('/api/v1/org/jurisdictions', isArrayOf(isJurisdiction), signal);
export const createJurisdiction = (body: {
  agencyId: string;
  categoryId: string | null;
  areaId: string;
  includeSubareas: boolean;
  priority: number;
  validFrom: string;
  note: string | null;
}) => send('POST', '/api/v1/admin/org/jurisdictions', body, isJurisdiction);
export const endJurisdiction = (id: string, on: string) =>
  send('POST', `/api/v1/admin/org/jurisdictions/${id}/end`, { on }, isJurisdiction);

// ---- spreadsheets (the four organisation tables and the officers) ----

export interface OrgImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ignoredColumns: string[];
}
export const isOrgImportResult: Guard<OrgImportResult> = (v): v is OrgImportResult =>
  isRecord(v) &&
  typeof v.dryRun === 'boolean' &&
  [v.rows, v.created, v.updated, v.unchanged].every((n) => typeof n === 'number') &&
  Array.isArray(v.ignoredColumns) &&
  v.ignoredColumns.every(isString);

export async function importFile<T>(
  url: string,
  file: Blob,
  contentType: string,
  dryRun: boolean,
  guard: Guard<T>,
): Promise<T> {
  return required(
    await apiRequest('POST', `${url}${dryRun ? '?dryRun=true' : ''}`, { body: file, contentType, guard }),
    url,
  );
}

// ---- the working calendar ----

export interface CalendarException {
  date: string;
  kind: 'day_off' | 'working_day';
  note: string | null;
}
export interface CalendarYear {
  year: number;
  holidays: { date: string; name: { vi: string; en: string } }[];
  exceptions: CalendarException[];
}
const isException: Guard<CalendarException> = (v): v is CalendarException =>
  isRecord(v) &&
  isString(v.date) &&
  (v.kind === 'day_off' || v.kind === 'working_day') &&
  isNullableString(v.note);
const isCalendarYear: Guard<CalendarYear> = (v): v is CalendarYear =>
  isRecord(v) &&
  typeof v.year === 'number' &&
  Array.isArray(v.holidays) &&
  v.holidays.every((h) => isRecord(h) && isString(h.date) && isPair(h.name)) &&
  Array.isArray(v.exceptions) &&
  v.exceptions.every(isException);
export const fetchCalendar = (year: number, signal?: AbortSignal) =>
  get(`/api/v1/admin/calendar?year=${year}`, isCalendarYear, signal);
export const setCalendarException = (exception: CalendarException) =>
  send('POST', '/api/v1/admin/calendar/exceptions', exception, isException);
export const deleteCalendarException = (date: string) =>
  apiRequest('DELETE', `/api/v1/admin/calendar/exceptions/${date}`);

// ---- reply templates ----

export interface ReplyTemplate {
  id: string;
  categoryId: string | null;
  categoryName: { vi: string; en: string } | null;
  title: string;
  body: string;
  updatedAt: string;
}
const isTemplate: Guard<ReplyTemplate> = (v): v is ReplyTemplate =>
  isRecord(v) &&
  isString(v.id) &&
  isNullableString(v.categoryId) &&
  (v.categoryName === null || isPair(v.categoryName)) &&
  isString(v.title) &&
  isString(v.body) &&
  isString(v.updatedAt);
export const fetchTemplates = (signal?: AbortSignal) =>
  get('/api/v1/admin/reply-templates', isArrayOf(isTemplate), signal);
export type TemplateInput = Pick<ReplyTemplate, 'categoryId' | 'title' | 'body'>;
export const createTemplate = (input: TemplateInput) =>
  send('POST', '/api/v1/admin/reply-templates', input, isTemplate);
export const updateTemplate = (id: string, input: TemplateInput) =>
  send('PATCH', `/api/v1/admin/reply-templates/${id}`, input, isTemplate);
export const deleteTemplate = (id: string) => apiRequest('DELETE', `/api/v1/admin/reply-templates/${id}`);

// ---- officers ----

export const OFFICER_ROLES = [
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
  'admin',
] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];
/** Roles whose position must name an agency or an area (as the server checks). */
export const ROLES_NEEDING_SCOPE: ReadonlySet<OfficerRole> = new Set([
  'receiver',
  'handler',
  'agency_leader',
]);

export interface Position {
  id: string;
  role: OfficerRole;
  agency: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  validFrom: string;
  validTo: string | null;
}
export interface Officer {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  hasPassword: boolean;
  secondFactor: boolean;
  positions: Position[];
}
const isUnit = (v: unknown) => v === null || (isRecord(v) && isString(v.id) && isString(v.name));
const isPosition: Guard<Position> = (v): v is Position =>
  isRecord(v) &&
  isString(v.id) &&
  OFFICER_ROLES.includes(v.role as OfficerRole) &&
  isUnit(v.agency) &&
  isUnit(v.area) &&
  isString(v.validFrom) &&
  isNullableString(v.validTo);
const isOfficer: Guard<Officer> = (v): v is Officer =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.username) &&
  isString(v.displayName) &&
  isNullableString(v.email) &&
  isNullableString(v.phone) &&
  typeof v.disabled === 'boolean' &&
  typeof v.hasPassword === 'boolean' &&
  Array.isArray(v.positions) &&
  v.positions.every(isPosition);
const isOfficerList = (v: unknown): v is { total: number; items: Officer[] } =>
  isRecord(v) && typeof v.total === 'number' && Array.isArray(v.items) && v.items.every(isOfficer);

export interface OfficerFilter {
  q: string;
  role: OfficerRole | '';
  status: 'active' | 'disabled' | '';
  offset: number;
}
export const PAGE_SIZE = 20;
export function fetchOfficers(filter: OfficerFilter, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(filter.offset) });
  if (filter.q.trim() !== '') query.set('q', filter.q.trim());
  if (filter.role !== '') query.set('role', filter.role);
  if (filter.status !== '') query.set('status', filter.status);
  return get(`/api/v1/admin/accounts?${query.toString()}`, isOfficerList, signal);
}
export const fetchOfficer = (id: string, signal?: AbortSignal) =>
  get(`/api/v1/admin/accounts/${id}`, isOfficer, signal);
export interface PositionInput {
  role: OfficerRole;
  agencyId: string | null;
  areaId: string | null;
  validFrom?: string;
}
export const createOfficer = (body: {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  position: PositionInput;
}) => send('POST', '/api/v1/admin/accounts', body, isOfficer);
export const updateOfficer = (
  id: string,
  body: { displayName: string; email: string | null; phone: string | null },
) => send('PATCH', `/api/v1/admin/accounts/${id}`, body, isOfficer);
export const setOfficerDisabled = (id: string, disabled: boolean) =>
  apiRequest('POST', `/api/v1/admin/accounts/${id}/${disabled ? 'disable' : 'enable'}`);
export const addPosition = (id: string, body: PositionInput) =>
  send('POST', `/api/v1/admin/accounts/${id}/positions`, body, isOfficer);
export const endPosition = (id: string, positionId: string, on: string) =>
  send('POST', `/api/v1/admin/accounts/${id}/positions/${positionId}/end`, { on }, isOfficer);

// ---- guides ----

export interface Guide {
  slug: string;
  kind: 'guide' | 'faq';
  title: { vi: string; en: string };
  body: { vi: string; en: string };
  updatedAt: string;
}
const isGuide: Guard<Guide> = (v): v is Guide =>
  isRecord(v) &&
  isString(v.slug) &&
  (v.kind === 'guide' || v.kind === 'faq') &&
  isPair(v.title) &&
  isPair(v.body) &&
  isString(v.updatedAt);
export const fetchGuides = (signal?: AbortSignal) => get('/api/v1/admin/guides', isArrayOf(isGuide), signal);
export const saveGuide = (slug: string, body: Pick<Guide, 'kind' | 'title' | 'body'>) =>
  send('PUT', `/api/v1/admin/guides/${slug}`, body, isGuide);
export const deleteGuide = (slug: string) => apiRequest('DELETE', `/api/v1/admin/guides/${slug}`);
export const moveGuide = (slug: string, direction: 'up' | 'down') =>
  send('POST', `/api/v1/admin/guides/${slug}/move`, { direction }, isArrayOf(isGuide));
