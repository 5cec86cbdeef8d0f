// The API of following a report: one report by code, "my reports", the workflow's labels and the reporter's
// actions (reply to a question, rate the answer), following and unfollowing (with the account, this browser's
// Web Push subscription or an e-mail address), and this browser told about all my reports. Each response's
// shape is checked.
import {
  ApiError,
  isInstant,
  isNullableString,
  isRecord,
  isString,
  type ApiErrorDetail,
  type Guard,
} from './api.js';

export interface Label {
  vi: string;
  en: string;
}

/** A photo or video of a report, as `GET /api/v1/public/reports/{code}` gives it. */
export interface PublicMedia {
  id: string;
  kind: string;
  url: string;
  thumbUrl: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  data: Record<string, unknown>;
}

export interface CategoryName {
  nameVi: string;
  nameEn: string;
}

/** The place in words: where the reporter said it is (contacts masked) and the area's full name. */
export interface PublicPlace {
  address: string | null;
  areaName: string | null;
}

/** `GET /api/v1/public/reports/{code}` (the parts the page shows). */
export interface PublicReport {
  code: string;
  status: string;
  category: CategoryName | null;
  area: { name: string } | null;
  /** Null while the report is not public, or when no position was given. */
  latitude?: number | null;
  longitude?: number | null;
  place?: PublicPlace;
  agency: { name: string } | null;
  description: string;
  submittedAt: string;
  supporters: number;
  media: PublicMedia[];
  timeline: TimelineEntry[];
  mergedInto: string | null;
  /** `media`: photos and documents published with the answer. */
  answer: { text: string; publishedAt: string; media?: PublicMedia[] } | null;
  /** `tracking_only`: not public, so only its status and timeline are shown. */
  visibility: 'public' | 'tracking_only';
}

/** `GET /api/v1/me/reports/{code}`: the report as its reporter sees it. */
export interface MyReport {
  code: string;
  status: string;
  submittedAt: string;
  description: string;
  category: CategoryName | null;
  /** `satisfied`, `unsatisfied`, or null before the reporter rated the answer. */
  rating: string | null;
  timeline: TimelineEntry[];
  answer: { text: string; approvedAt: string } | null;
  openQuestion: string | null;
}

/** One row of `GET /api/v1/me/reports`. */
export interface MyReportRow {
  code: string;
  status: string;
  submittedAt: string;
  description: string;
  category: CategoryName | null;
  role: 'reporter' | 'follower';
}

/** `GET /api/v1/public/workflow`, the parts the citizen's pages need: state labels, and actions' event kinds. */
export interface WorkflowTable {
  states: { code: string; label: Label }[];
  actions: { code: string; label: Label; event: { kind: string } }[];
}

/** `GET /api/v1/reports/{code}/workflow`: what this user may do now, and the version to send back. */
export interface WorkflowView {
  status: string;
  version: number;
  actions: string[];
}

export interface FollowState {
  following: boolean;
  supporters: number;
}

const isLabel = (v: unknown): v is Label => isRecord(v) && isString(v.vi) && isString(v.en);

const isCategory = (v: unknown): v is CategoryName | null =>
  v === null || (isRecord(v) && isString(v.nameVi) && isString(v.nameEn));

const isTimelineEntry = (v: unknown): v is TimelineEntry =>
  isRecord(v) && isInstant(v.at) && isString(v.kind) && isRecord(v.data);

const isMedia = (v: unknown): v is PublicMedia =>
  isRecord(v) && isString(v.id) && isString(v.kind) && isString(v.url) && isNullableString(v.thumbUrl);

const isNamed = (v: unknown): v is { name: string } | null => v === null || (isRecord(v) && isString(v.name));

const isCoordinate = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number';

const isPlace = (v: unknown): boolean =>
  v === undefined || (isRecord(v) && isNullableString(v.address) && isNullableString(v.areaName));

export const isPublicReport: Guard<PublicReport> = (v): v is PublicReport =>
  isRecord(v) &&
  isString(v.code) &&
  isString(v.status) &&
  isCategory(v.category) &&
  isNamed(v.area) &&
  isNamed(v.agency) &&
  isCoordinate(v.latitude) &&
  isCoordinate(v.longitude) &&
  isPlace(v.place) &&
  isString(v.description) &&
  isInstant(v.submittedAt) &&
  typeof v.supporters === 'number' &&
  Array.isArray(v.media) &&
  v.media.every(isMedia) &&
  Array.isArray(v.timeline) &&
  v.timeline.every(isTimelineEntry) &&
  isNullableString(v.mergedInto) &&
  (v.answer === null ||
    (isRecord(v.answer) &&
      isString(v.answer.text) &&
      isInstant(v.answer.publishedAt) &&
      (v.answer.media === undefined || (Array.isArray(v.answer.media) && v.answer.media.every(isMedia))))) &&
  (v.visibility === 'public' || v.visibility === 'tracking_only');

export const isMyReport: Guard<MyReport> = (v): v is MyReport =>
  isRecord(v) &&
  isString(v.code) &&
  isString(v.status) &&
  isInstant(v.submittedAt) &&
  isString(v.description) &&
  isCategory(v.category) &&
  isNullableString(v.rating) &&
  Array.isArray(v.timeline) &&
  v.timeline.every(isTimelineEntry) &&
  (v.answer === null || (isRecord(v.answer) && isString(v.answer.text) && isInstant(v.answer.approvedAt))) &&
  isNullableString(v.openQuestion);

const isMyReportRow = (v: unknown): v is MyReportRow =>
  isRecord(v) &&
  isString(v.code) &&
  isString(v.status) &&
  isInstant(v.submittedAt) &&
  isString(v.description) &&
  isCategory(v.category) &&
  (v.role === 'reporter' || v.role === 'follower');

export const isMyReportRows: Guard<MyReportRow[]> = (v): v is MyReportRow[] =>
  Array.isArray(v) && v.every(isMyReportRow);

export const isWorkflowTable: Guard<WorkflowTable> = (v): v is WorkflowTable =>
  isRecord(v) &&
  Array.isArray(v.states) &&
  v.states.every((s) => isRecord(s) && isString(s.code) && isLabel(s.label)) &&
  Array.isArray(v.actions) &&
  v.actions.every(
    (a) => isRecord(a) && isString(a.code) && isLabel(a.label) && isRecord(a.event) && isString(a.event.kind),
  );

const isWorkflowView: Guard<WorkflowView> = (v): v is WorkflowView =>
  isRecord(v) &&
  isString(v.status) &&
  typeof v.version === 'number' &&
  Array.isArray(v.actions) &&
  v.actions.every(isString);

const isFollowState: Guard<FollowState> = (v): v is FollowState =>
  isRecord(v) && typeof v.following === 'boolean' && typeof v.supporters === 'number';

const isActed: Guard<{ status: string }> = (v): v is { status: string } => isRecord(v) && isString(v.status);

/** What a mailed link's page is told: the report, whether the address follows it now, and how many do. */
export interface EmailFollowState extends FollowState {
  code: string;
}

const isEmailFollowState: Guard<EmailFollowState> = (v): v is EmailFollowState =>
  isFollowState(v) && isRecord(v) && isString(v.code);

const isDeviceState: Guard<{ enabled: boolean }> = (v): v is { enabled: boolean } =>
  isRecord(v) && typeof v.enabled === 'boolean';

const isConfirmationSent: Guard<{ confirmationSent: true }> = (v): v is { confirmationSent: true } =>
  isRecord(v) && v.confirmationSent === true;

const isPushKey: Guard<{ publicKey: string }> = (v): v is { publicKey: string } =>
  isRecord(v) && isString(v.publicKey) && /^B[A-Za-z0-9_-]{86}$/.test(v.publicKey);

function uiLanguage(): 'vi' | 'en' {
  return document.documentElement.lang === 'en' ? 'en' : 'vi';
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return isRecord(value) && isString(value.field) && isString(value.problem);
}

/** The API's `{ error: { code, message, details } }` as an ApiError; a bare one when the body is not that. */
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

/** One request with JSON in and out; a network failure becomes an ApiError with status 0. */
async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  guard: Guard<T>,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
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
  const json: unknown = await response.json();
  if (!guard(json)) throw new ApiError(`${method} ${url}: unexpected response`, response.status);
  return json;
}

const path = (code: string) => encodeURIComponent(code);

/** Public reports asked for ahead of their page (preloadPublicReport), by language and code. */
const preloaded = new Map<string, Promise<PublicReport>>();
/** How long an answer asked for ahead waits for its page; a page opened later asks again. */
const PRELOAD_KEPT_MS = 10_000;

/**
 * Asks for a report's public page ahead, while the page's own code is still loading (app.tsx's lazyPage), so that
 * a phone waits for one round trip instead of two; the page's fetchPublicReport takes the answer.
 */
export function preloadPublicReport(code: string, lang: 'vi' | 'en'): void {
  const key = `${lang} ${code}`;
  if (preloaded.has(key)) return;
  const pending = request('GET', `/api/v1/public/reports/${path(code)}`, isPublicReport, {
    headers: { 'accept-language': lang },
  });
  // A failure is the page's to show, when it takes the answer.
  pending.catch(() => undefined);
  preloaded.set(key, pending);
  setTimeout(() => {
    if (preloaded.get(key) === pending) preloaded.delete(key);
  }, PRELOAD_KEPT_MS);
}

export function fetchPublicReport(code: string, signal?: AbortSignal): Promise<PublicReport> {
  const key = `${uiLanguage()} ${code}`;
  const ahead = preloaded.get(key);
  if (ahead !== undefined) {
    preloaded.delete(key);
    return ahead;
  }
  return request('GET', `/api/v1/public/reports/${path(code)}`, isPublicReport, { signal });
}

export function fetchMyReport(code: string, signal?: AbortSignal): Promise<MyReport> {
  return request('GET', `/api/v1/me/reports/${path(code)}`, isMyReport, { signal });
}

export function fetchMyReports(signal?: AbortSignal): Promise<MyReportRow[]> {
  return request('GET', '/api/v1/me/reports', isMyReportRows, { signal });
}

export function fetchWorkflowView(code: string, signal?: AbortSignal): Promise<WorkflowView> {
  return request('GET', `/api/v1/reports/${path(code)}/workflow`, isWorkflowView, { signal });
}

let workflowTable: Promise<WorkflowTable> | null = null;

/** The workflow's table, asked once per page load (it changes only with a new release). */
export function fetchWorkflowTable(): Promise<WorkflowTable> {
  workflowTable ??= request('GET', '/api/v1/public/workflow', isWorkflowTable).catch((error: unknown) => {
    workflowTable = null;
    throw error;
  });
  return workflowTable;
}

/** Forgets the table asked for (tests). */
export function resetWorkflowTable(): void {
  workflowTable = null;
}

/** A new key per submission: a retry of the same submission (a lost answer) is then not taken twice. */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Takes a workflow action as the signed-in reporter; returns the report's new status. */
export async function takeAction(
  code: string,
  action: 'provide_info' | 'rate_satisfied' | 'rate_unsatisfied',
  input: Record<string, string>,
  version: number,
  idempotencyKey: string,
): Promise<string> {
  const reply = await request('POST', `/api/v1/reports/${path(code)}/workflow/${action}`, isActed, {
    body: { input, version },
    headers: { 'idempotency-key': idempotencyKey },
  });
  return reply.status;
}

/** Whether the signed-in citizen follows the report. */
export function fetchFollowState(code: string, signal?: AbortSignal): Promise<FollowState> {
  return request('GET', `/api/v1/public/reports/${path(code)}/followers/me`, isFollowState, { signal });
}

/**
 * Follows the report: as the signed-in citizen without a subscription (body `{}`), or with a browser's Web
 * Push subscription (`PushSubscription.toJSON()`, anyone; the installed app's notifications will pass it).
 */
export function followReport(code: string, subscription?: PushSubscriptionJSON): Promise<FollowState> {
  return request('POST', `/api/v1/public/reports/${path(code)}/followers`, isFollowState, {
    body: subscription === undefined ? {} : { subscription },
  });
}

export function unfollowReport(code: string): Promise<FollowState> {
  return request('DELETE', `/api/v1/public/reports/${path(code)}/followers/me`, isFollowState);
}

/** Stops this browser's Web Push follow of the report (by its subscription's endpoint). */
export function unfollowWithDevice(code: string, endpoint: string): Promise<FollowState> {
  return request('POST', `/api/v1/public/reports/${path(code)}/followers/unsubscribe`, isFollowState, {
    body: { endpoint },
  });
}

/** Whether this browser (by its subscription's endpoint) follows the report with Web Push. */
export function fetchDeviceFollowState(
  code: string,
  endpoint: string,
  signal?: AbortSignal,
): Promise<FollowState> {
  return request('POST', `/api/v1/public/reports/${path(code)}/followers/device`, isFollowState, {
    body: { endpoint },
    signal,
  });
}

let pushKey: Promise<string | null> | null = null;

/** The server's VAPID public key, asked once per page load; null when Web Push is off on this server. */
export function fetchPushKey(): Promise<string | null> {
  pushKey ??= request('GET', '/api/v1/public/push/key', isPushKey).then(
    (reply) => reply.publicKey,
    (error: unknown) => {
      pushKey = null;
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    },
  );
  return pushKey;
}

/** Forgets the key asked for (tests). */
export function resetPushKey(): void {
  pushKey = null;
}

/** Asks to follow the report by e-mail: the server sends a confirmation mail (double opt-in). */
export async function requestEmailFollow(code: string, email: string): Promise<void> {
  await request('POST', `/api/v1/public/reports/${path(code)}/email-followers`, isConfirmationSent, {
    body: { email },
  });
}

/** Opens a confirmation link: the address follows the report from now on. */
export function confirmEmailFollow(token: string): Promise<EmailFollowState> {
  return request('POST', '/api/v1/public/email-follows/confirm', isEmailFollowState, { body: { token } });
}

/** Opens the "stop following" link of an update mail. */
export function unsubscribeEmailFollow(token: string): Promise<EmailFollowState> {
  return request('POST', '/api/v1/public/email-follows/unsubscribe', isEmailFollowState, { body: { token } });
}

/** Tells this browser about every report the signed-in citizen sent or follows. */
export async function linkDevice(subscription: PushSubscriptionJSON): Promise<boolean> {
  return (await request('POST', '/api/v1/me/push-subscriptions', isDeviceState, { body: { subscription } }))
    .enabled;
}

/** Whether this browser is told about all of the signed-in citizen's reports. */
export async function fetchDeviceLinked(endpoint: string, signal?: AbortSignal): Promise<boolean> {
  return (
    await request('POST', '/api/v1/me/push-subscriptions/state', isDeviceState, {
      body: { endpoint },
      signal,
    })
  ).enabled;
}

/** Stops telling this browser about all of the signed-in citizen's reports. */
export async function unlinkDevice(endpoint: string): Promise<boolean> {
  return (
    await request('POST', '/api/v1/me/push-subscriptions/remove', isDeviceState, { body: { endpoint } })
  ).enabled;
}
