// The officers' API the workspace reads: the inboxes (tabs with counts, one page of a tab), the officer's view of a
// report, what the signed-in officer may do with it now, the workflow table with its inputs, taking an action,
// the reporter's identity on request, identity grants, the routing suggestion, agencies and the hotline entry.
// Every answer's shape is checked at run time.
import {
  ApiError,
  isCount,
  isInstant,
  isNullableString,
  isRecord,
  isString,
  type ApiErrorDetail,
  type Guard,
} from '../api.js';

export interface Label {
  vi: string;
  en: string;
}

export type SlaFlag = 'on_time' | 'due_soon' | 'overdue' | 'late_with_extension';
export const SLA_FLAGS: readonly SlaFlag[] = ['on_time', 'due_soon', 'overdue', 'late_with_extension'];
export type Priority = 'urgent' | 'normal' | 'complex';
export const PRIORITIES: readonly Priority[] = ['urgent', 'normal', 'complex'];

/** One tab of `GET /api/v1/inbox/tabs`: an inbox of one of the officer's roles, with how many reports it holds. */
export interface InboxTab {
  id: string;
  role: string;
  count: number;
  /** The server's name of the tab (the catalogue's is used when it sends none). */
  label?: Label;
}

/** The clock that matters most for an inbox item now, and where it stands. */
export interface InboxDue {
  clock: string;
  dueAt: string;
  flag: SlaFlag;
}

/** One report of `GET /api/v1/inbox`. */
export interface InboxItem {
  id: string;
  code: string;
  status: string;
  priority: string;
  channel: string;
  description: string;
  category: { id: string; name: Label } | null;
  area: { id: string; name: string } | null;
  agency: { id: string; name: string } | null;
  /** The routing rules' suggestion, while no agency leads it. */
  suggestedAgency?: { id: string; name: string } | null;
  /** How the officer's agency takes part (agency tabs): leading it or coordinating. */
  involvement?: 'lead' | 'coordinating' | null;
  submittedAt: string;
  due: InboxDue | null;
  photoCount: number;
  returns: number;
  version: number;
  pendingExtension?: { proposedDueAt: string; requestedAt: string } | null;
}

export interface InboxPage {
  tab: string;
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxQuery {
  tab: string;
  q?: string;
  categoryId?: string;
  areaId?: string;
  agencyId?: string;
  priority?: string;
  page: number;
  pageSize: number;
}

/** A deadline of `GET /api/v1/reports/{ref}/workflow`: null dates when the clock has not started. */
export interface Deadline {
  dueAt: string | null;
  originalDueAt: string | null;
  flag: SlaFlag | null;
}

export type ClockName = 'intake' | 'acknowledge' | 'resolve';
export const CLOCKS: readonly ClockName[] = ['intake', 'acknowledge', 'resolve'];

/** `GET /api/v1/reports/{ref}/workflow`: what this officer may do now, the version to send back, the clocks. */
export interface WorkflowView {
  id: string;
  code: string;
  status: string;
  version: number;
  actions: string[];
  deadlines: Record<ClockName, Deadline>;
  pendingExtension: { reason: string; proposedDueAt: string; requestedAt: string } | null;
}

export type InputType = 'text' | 'id' | 'ids' | 'date' | 'reject_reason' | 'priority';
export const INPUT_TYPES: readonly InputType[] = ['text', 'id', 'ids', 'date', 'reject_reason', 'priority'];

export interface ActionInputSpec {
  name: string;
  type: InputType;
  required: boolean;
  label: Label;
}

export interface ActionRule {
  code: string;
  label: Label;
  from: string[];
  to: string;
  allowed: { role: string; scope: string }[];
  inputs: ActionInputSpec[];
  event: { kind: string; visibility: string };
}

/** `GET /api/v1/public/workflow`: the whole table, with each action's inputs. */
export interface FullWorkflowTable {
  states: { code: string; label: Label }[];
  actions: ActionRule[];
  rejectReasons: { code: string; label: Label; guidance: Label | null }[];
}

export interface OfficerMedia {
  id: string;
  kind: string;
  mime: string;
  hidden: boolean;
  originalUrl: string;
  thumbUrl: string | null;
}

export interface OfficerTimelineEntry {
  at: string;
  kind: string;
  public: boolean;
  data: Record<string, unknown>;
}

/** `GET /api/v1/reports/{id}`: the officer's view, without the reporter's identity. */
export interface OfficerReport {
  id: string;
  code: string;
  status: string;
  channel: string;
  reportType: string;
  priority: string;
  description: string;
  publicDescription: string | null;
  answers: Record<string, unknown> | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  confidential: boolean;
  isPublic: boolean;
  category: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  suggestedAgency: { id: string; name: string } | null;
  agency: { id: string; name: string } | null;
  route: Record<string, unknown> | null;
  submittedAt: string;
  supporters: number;
  hasReporterIdentity: boolean;
  media: OfficerMedia[];
  timeline: OfficerTimelineEntry[];
}

/** `POST /api/v1/reports/{id}/reporter` */
export interface ReporterIdentity {
  anonymous: boolean;
  erased: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  zaloUserId: string | null;
  hasAccount: boolean;
}

/** An agency in force today (`GET /api/v1/org/agencies`). */
export interface Agency {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
}

const isLabel = (v: unknown): v is Label => isRecord(v) && isString(v.vi) && isString(v.en);
const isNamed = (v: unknown): v is { id: string; name: string } | null =>
  v === null || (isRecord(v) && isString(v.id) && isString(v.name));
const isFlag = (v: unknown): v is SlaFlag => isString(v) && (SLA_FLAGS as readonly string[]).includes(v);
const isNumberOrNull = (v: unknown): v is number | null => v === null || typeof v === 'number';

const isInboxTabs: Guard<{ tabs: InboxTab[] }> = (v): v is { tabs: InboxTab[] } =>
  isRecord(v) &&
  Array.isArray(v.tabs) &&
  v.tabs.every(
    (t) =>
      isRecord(t) &&
      isString(t.id) &&
      isString(t.role) &&
      isCount(t.count) &&
      (t.label === undefined || isLabel(t.label)),
  );

const isInboxItem = (v: unknown): v is InboxItem =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.code) &&
  isString(v.status) &&
  isString(v.priority) &&
  isString(v.channel) &&
  isString(v.description) &&
  (v.category === null || (isRecord(v.category) && isString(v.category.id) && isLabel(v.category.name))) &&
  isNamed(v.area) &&
  isNamed(v.agency) &&
  (v.suggestedAgency === undefined || isNamed(v.suggestedAgency)) &&
  (v.involvement === undefined ||
    v.involvement === null ||
    v.involvement === 'lead' ||
    v.involvement === 'coordinating') &&
  (v.pendingExtension === undefined ||
    v.pendingExtension === null ||
    (isRecord(v.pendingExtension) &&
      isInstant(v.pendingExtension.proposedDueAt) &&
      isInstant(v.pendingExtension.requestedAt))) &&
  isInstant(v.submittedAt) &&
  (v.due === null ||
    (isRecord(v.due) && isString(v.due.clock) && isInstant(v.due.dueAt) && isFlag(v.due.flag))) &&
  isCount(v.photoCount) &&
  isCount(v.returns) &&
  typeof v.version === 'number';

const isInboxPage: Guard<InboxPage> = (v): v is InboxPage =>
  isRecord(v) &&
  isString(v.tab) &&
  Array.isArray(v.items) &&
  v.items.every(isInboxItem) &&
  isCount(v.total) &&
  isCount(v.page) &&
  isCount(v.pageSize);

const isDeadline = (v: unknown): v is Deadline =>
  isRecord(v) &&
  (v.dueAt === null || isInstant(v.dueAt)) &&
  (v.originalDueAt === null || isInstant(v.originalDueAt)) &&
  (v.flag === null || isFlag(v.flag));

export const isWorkflowView: Guard<WorkflowView> = (v): v is WorkflowView =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.code) &&
  isString(v.status) &&
  typeof v.version === 'number' &&
  Array.isArray(v.actions) &&
  v.actions.every(isString) &&
  isRecord(v.deadlines) &&
  CLOCKS.every((c) => isDeadline((v.deadlines as Record<string, unknown>)[c])) &&
  (v.pendingExtension === null ||
    (isRecord(v.pendingExtension) &&
      isString(v.pendingExtension.reason) &&
      isInstant(v.pendingExtension.proposedDueAt) &&
      isInstant(v.pendingExtension.requestedAt)));

const isInputSpec = (v: unknown): v is ActionInputSpec =>
  isRecord(v) &&
  isString(v.name) &&
  isString(v.type) &&
  (INPUT_TYPES as readonly string[]).includes(v.type) &&
  typeof v.required === 'boolean' &&
  isLabel(v.label);

export const isFullWorkflowTable: Guard<FullWorkflowTable> = (v): v is FullWorkflowTable =>
  isRecord(v) &&
  Array.isArray(v.states) &&
  v.states.every((s) => isRecord(s) && isString(s.code) && isLabel(s.label)) &&
  Array.isArray(v.actions) &&
  v.actions.every(
    (a) =>
      isRecord(a) &&
      isString(a.code) &&
      isLabel(a.label) &&
      Array.isArray(a.from) &&
      a.from.every(isString) &&
      isString(a.to) &&
      Array.isArray(a.allowed) &&
      a.allowed.every((p) => isRecord(p) && isString(p.role) && isString(p.scope)) &&
      Array.isArray(a.inputs) &&
      a.inputs.every(isInputSpec) &&
      isRecord(a.event) &&
      isString(a.event.kind) &&
      isString(a.event.visibility),
  ) &&
  Array.isArray(v.rejectReasons) &&
  v.rejectReasons.every(
    (r) =>
      isRecord(r) && isString(r.code) && isLabel(r.label) && (r.guidance === null || isLabel(r.guidance)),
  );

const isMedia = (v: unknown): v is OfficerMedia =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.kind) &&
  isString(v.mime) &&
  typeof v.hidden === 'boolean' &&
  isString(v.originalUrl) &&
  isNullableString(v.thumbUrl);

const isOfficerTimelineEntry = (v: unknown): v is OfficerTimelineEntry =>
  isRecord(v) && isInstant(v.at) && isString(v.kind) && typeof v.public === 'boolean' && isRecord(v.data);

export const isOfficerReport: Guard<OfficerReport> = (v): v is OfficerReport =>
  isRecord(v) &&
  isString(v.id) &&
  isString(v.code) &&
  isString(v.status) &&
  isString(v.channel) &&
  isString(v.reportType) &&
  isString(v.priority) &&
  isString(v.description) &&
  isNullableString(v.publicDescription) &&
  (v.answers === null || isRecord(v.answers)) &&
  isNumberOrNull(v.latitude) &&
  isNumberOrNull(v.longitude) &&
  isNullableString(v.address) &&
  typeof v.confidential === 'boolean' &&
  typeof v.isPublic === 'boolean' &&
  isNamed(v.category) &&
  isNamed(v.area) &&
  isNamed(v.suggestedAgency) &&
  isNamed(v.agency) &&
  (v.route === null || isRecord(v.route)) &&
  isInstant(v.submittedAt) &&
  typeof v.supporters === 'number' &&
  typeof v.hasReporterIdentity === 'boolean' &&
  Array.isArray(v.media) &&
  v.media.every(isMedia) &&
  Array.isArray(v.timeline) &&
  v.timeline.every(isOfficerTimelineEntry);

const isReporterIdentity: Guard<ReporterIdentity> = (v): v is ReporterIdentity =>
  isRecord(v) &&
  typeof v.anonymous === 'boolean' &&
  typeof v.erased === 'boolean' &&
  isNullableString(v.name) &&
  isNullableString(v.phone) &&
  isNullableString(v.email) &&
  isNullableString(v.zaloUserId) &&
  typeof v.hasAccount === 'boolean';

const isAgencies: Guard<Agency[]> = (v): v is Agency[] =>
  Array.isArray(v) &&
  v.every(
    (a) =>
      isRecord(a) && isString(a.id) && isNullableString(a.parentId) && isString(a.kind) && isString(a.name),
  );

const isActed: Guard<{ status: string; version: number }> = (v): v is { status: string; version: number } =>
  isRecord(v) && isString(v.status) && typeof v.version === 'number';

/** `201` of `POST /api/v1/reports/hotline` */
export interface Entered {
  id: string;
  code: string;
}

const isEntered: Guard<Entered> = (v): v is Entered => isRecord(v) && isString(v.id) && isString(v.code);

const anything: Guard<unknown> = (v): v is unknown => v !== undefined;

function uiLanguage(): 'vi' | 'en' {
  return document.documentElement.lang === 'en' ? 'en' : 'vi';
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return isRecord(value) && isString(value.field) && isString(value.problem);
}

async function errorFrom(method: string, url: string, response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page, an empty body): only the status is known.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  return new ApiError(
    `${method} ${url}: HTTP ${response.status}`,
    response.status,
    error !== null && isString(error.code) ? error.code : null,
    error !== null && isString(error.message) ? error.message : null,
    error !== null && Array.isArray(error.details) ? error.details.filter(isDetail) : [],
  );
}

/** One request with JSON in and out; a network failure becomes an ApiError with status 0; `204` gives null. */
async function request<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  guard: Guard<T>,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {},
): Promise<T | null> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': uiLanguage(),
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(`${method} ${url}: network error`);
  }
  if (!response.ok) throw await errorFrom(method, url, response);
  if (response.status === 204) return null;
  const json: unknown = await response.json();
  if (!guard(json)) throw new ApiError(`${method} ${url}: unexpected response`, response.status);
  return json;
}

async function get<T>(url: string, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  const body = await request('GET', url, guard, { signal });
  if (body === null) throw new ApiError(`GET ${url}: empty response`);
  return body;
}

const path = (ref: string) => encodeURIComponent(ref);

export async function fetchInboxTabs(signal?: AbortSignal): Promise<InboxTab[]> {
  return (await get('/api/v1/inbox/tabs', isInboxTabs, signal)).tabs;
}

/** The query string of an inbox page: empty filters are left out. */
export function inboxSearch(query: InboxQuery): string {
  const params = new URLSearchParams({ tab: query.tab });
  for (const key of ['q', 'categoryId', 'areaId', 'agencyId', 'priority'] as const) {
    const value = query[key]?.trim();
    if (value !== undefined && value !== '') params.set(key, value);
  }
  params.set('page', String(query.page));
  params.set('pageSize', String(query.pageSize));
  return params.toString();
}

export function fetchInbox(query: InboxQuery, signal?: AbortSignal): Promise<InboxPage> {
  return get(`/api/v1/inbox?${inboxSearch(query)}`, isInboxPage, signal);
}

export function fetchWorkflowView(ref: string, signal?: AbortSignal): Promise<WorkflowView> {
  return get(`/api/v1/reports/${path(ref)}/workflow`, isWorkflowView, signal);
}

export function fetchOfficerReport(id: string, signal?: AbortSignal): Promise<OfficerReport> {
  return get(`/api/v1/reports/${path(id)}`, isOfficerReport, signal);
}

let table: Promise<FullWorkflowTable> | null = null;

/** The workflow's table with its inputs, asked once per page load (it changes only with a new release). */
export function fetchFullWorkflowTable(): Promise<FullWorkflowTable> {
  table ??= get('/api/v1/public/workflow', isFullWorkflowTable).catch((error: unknown) => {
    table = null;
    throw error;
  });
  return table;
}

let agencies: Promise<Agency[]> | null = null;

/** The agencies in force today, by name, asked once per page load. */
export function fetchAgencies(): Promise<Agency[]> {
  agencies ??= get('/api/v1/org/agencies', isAgencies).then(
    (list) => [...list].sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    (error: unknown) => {
      agencies = null;
      throw error;
    },
  );
  return agencies;
}

/** Forgets what was asked once (tests). */
export function resetWorkspaceCaches(): void {
  table = null;
  agencies = null;
}

/**
 * Takes a workflow action as the signed-in officer. `version` is the one the screen shows: a report changed
 * meanwhile is refused (`409 report_changed`). The same `idempotencyKey` for a retry of the same submission.
 */
export async function takeAction(
  ref: string,
  action: string,
  input: Record<string, unknown>,
  version: number,
  idempotencyKey: string,
): Promise<{ status: string; version: number }> {
  const reply = await request('POST', `/api/v1/reports/${path(ref)}/workflow/${path(action)}`, isActed, {
    body: { input, version },
    headers: { 'idempotency-key': idempotencyKey },
  });
  if (reply === null) throw new ApiError(`POST ${action}: empty response`);
  return reply;
}

export async function revealReporter(id: string, reason: string): Promise<ReporterIdentity> {
  const reply = await request('POST', `/api/v1/reports/${path(id)}/reporter`, isReporterIdentity, {
    body: { reason },
  });
  if (reply === null) throw new ApiError('POST reporter: empty response');
  return reply;
}

export async function grantIdentity(id: string, agencyId: string, reason: string): Promise<void> {
  await request('POST', `/api/v1/reports/${path(id)}/identity-grants`, anything, {
    body: { agencyId, reason },
  });
}

export async function changeSuggestedAgency(id: string, agencyId: string, reason: string): Promise<void> {
  await request('PUT', `/api/v1/reports/${path(id)}/suggested-agency`, anything, {
    body: { agencyId, reason },
  });
}

/** The body of `POST /api/v1/reports/hotline`. */
export interface HotlineBody {
  categoryId: string;
  reportType?: 'field' | 'procedure' | 'business';
  description: string;
  answers?: Record<string, string | number | string[]>;
  location: {
    latitude?: number;
    longitude?: number;
    source?: 'map' | 'area';
    areaId?: string;
    address?: string;
  };
  mediaIds?: string[];
  contact?: { name?: string; phone?: string; email?: string };
  confidential?: boolean;
}

export async function enterHotlineReport(body: HotlineBody, idempotencyKey: string): Promise<Entered> {
  const reply = await request('POST', '/api/v1/reports/hotline', isEntered, {
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
  if (reply === null) throw new ApiError('POST hotline: empty response');
  return reply;
}
