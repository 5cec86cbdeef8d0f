// The public HTTP API the web app reads, with run-time checks of each response's shape.

/** `GET /api/v1/public/site` */
export interface SiteInfo {
  /** The system name, in Vietnamese. */
  name: string;
  /** Short name for small screens. */
  shortName: string;
  province: string;
}

/** `GET /api/v1/public/stats` */
export interface PublicStats {
  received: number;
  handled: number;
  /** 0–100; null while no report has come due. */
  onTimePercent: number | null;
  /** 0–100; null while no answer has been rated. */
  satisfactionPercent: number | null;
  /** ISO instant the figures were computed at. */
  asOf: string;
}

/** A run-time check of an answer's shape. */
export type Guard<T> = (value: unknown) => value is T;

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
/** An ISO instant the API sent. */
export const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A percentage 0–100, or null when there is nothing to take a share of. */
function isNullablePercent(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && value >= 0 && value <= 100);
}

export const isSiteInfo: Guard<SiteInfo> = (v): v is SiteInfo =>
  isRecord(v) &&
  typeof v.name === 'string' &&
  typeof v.shortName === 'string' &&
  typeof v.province === 'string';

export const isPublicStats: Guard<PublicStats> = (v): v is PublicStats =>
  isRecord(v) &&
  isCount(v.received) &&
  isCount(v.handled) &&
  isNullablePercent(v.onTimePercent) &&
  isNullablePercent(v.satisfactionPercent) &&
  typeof v.asOf === 'string' &&
  !Number.isNaN(Date.parse(v.asOf));

/** One problem the API names in a refusal, e.g. a row of an imported file. */
export interface ApiErrorDetail {
  field: string;
  problem: string;
  messages?: { vi: string; en: string };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status = 0,
    /** The API's stable error code (`invalid_code`, `privacy_consent_required`…), when it sent one. */
    readonly code: string | null = null,
    /** The API's message for people, already in the language asked for; null when there was none. */
    readonly userMessage: string | null = null,
    readonly details: readonly ApiErrorDetail[] = [],
    /** For a `429`: the seconds to wait, from the `Retry-After` header; null when it sent none. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The UI's current language, which the page's `lang` holds (set by the i18n provider). */
function uiLanguage(): 'vi' | 'en' {
  return typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'vi';
}

/** Headers of every API request: JSON answers, and errors in the language the person reads. */
function baseHeaders(): Record<string, string> {
  return { accept: 'application/json', 'accept-language': uiLanguage() };
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.problem === 'string' &&
    (value.messages === undefined ||
      (isRecord(value.messages) &&
        typeof value.messages.vi === 'string' &&
        typeof value.messages.en === 'string'))
  );
}

/** The API's `{ error: { code, message, details } }`, or a bare error when the body is something else. */
async function errorFrom(method: string, url: string, response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page, an empty body): only the status is known.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const details = error !== null && Array.isArray(error.details) ? error.details.filter(isDetail) : [];
  return new ApiError(
    `${method} ${url}: HTTP ${response.status}`,
    response.status,
    error !== null && typeof error.code === 'string' ? error.code : null,
    error !== null && typeof error.message === 'string' ? error.message : null,
    details,
    retryAfter(response.headers.get('retry-after')),
  );
}

/** `Retry-After` in seconds (the API sends a number, never a date). */
function retryAfter(value: string | null): number | null {
  return value !== null && /^\d{1,7}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * Sends a request to the API and returns its JSON body, checked by `guard` (or null for `204`). `body`
 * is sent as JSON unless it is a `Blob`, which is sent as it is with its own type.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { body?: unknown; guard?: Guard<T>; contentType?: string; signal?: AbortSignal } = {},
): Promise<T | null> {
  const headers = baseHeaders();
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['content-type'] = options.contentType ?? options.body.type;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) throw await errorFrom(method, url, response);
  if (response.status === 204 || options.guard === undefined) return null;
  const json: unknown = await response.json();
  if (!options.guard(json)) throw new ApiError(`${method} ${url}: unexpected response`, response.status);
  return json;
}

async function getJson<T>(url: string, guard: Guard<T>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: baseHeaders(), signal });
  if (!response.ok) throw new ApiError(`GET ${url}: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!guard(body)) throw new ApiError(`GET ${url}: unexpected response`);
  return body;
}

export function fetchSiteInfo(signal?: AbortSignal): Promise<SiteInfo> {
  return getJson('/api/v1/public/site', isSiteInfo, signal);
}

export function fetchPublicStats(signal?: AbortSignal): Promise<PublicStats> {
  return getJson('/api/v1/public/stats', isPublicStats, signal);
}

// Sign-in and accounts.

export type SignInState = 'signed_in' | 'second_factor_required' | 'second_factor_setup_required';

/** `GET /api/v1/auth/me` */
export interface Me {
  accountId: string;
  kind: 'citizen' | 'officer';
  roles: string[];
}

/** `GET /api/v1/me/profile` (the parts the app shows). */
export interface Profile {
  displayName: string;
  username: string | null;
  phone: string | null;
}

/** `POST /api/v1/auth/code` */
export interface CodeSent {
  sentTo: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** `POST /api/v1/auth/totp/setup` */
export interface TotpSetup {
  secret: string;
  uri: string;
}

/** `POST /api/v1/admin/officers/import` */
export interface OfficerImportResult {
  dryRun: boolean;
  rows: number;
  accountsCreated: number;
  accountsUpdated: number;
  accountsUnchanged: number;
  positionsCreated: number;
  positionsUpdated: number;
  positionsEnded: number;
  positionsUnchanged: number;
  ignoredColumns: string[];
}

export const isMe: Guard<Me> = (v): v is Me =>
  isRecord(v) &&
  typeof v.accountId === 'string' &&
  (v.kind === 'citizen' || v.kind === 'officer') &&
  Array.isArray(v.roles) &&
  v.roles.every((r) => typeof r === 'string');

export const isProfile: Guard<Profile> = (v): v is Profile =>
  isRecord(v) &&
  typeof v.displayName === 'string' &&
  isNullableString(v.username) &&
  isNullableString(v.phone);

const isSignInReply: Guard<{ state: SignInState }> = (v): v is { state: SignInState } =>
  isRecord(v) &&
  (v.state === 'signed_in' ||
    v.state === 'second_factor_required' ||
    v.state === 'second_factor_setup_required');

const isCodeSent: Guard<CodeSent> = (v): v is CodeSent =>
  isRecord(v) && typeof v.sentTo === 'string' && isCount(v.expiresInSeconds) && isCount(v.resendAfterSeconds);

const isTotpSetup: Guard<TotpSetup> = (v): v is TotpSetup =>
  isRecord(v) && typeof v.secret === 'string' && typeof v.uri === 'string';

const isPhoneSignIn: Guard<{ state: 'signed_in' }> = (v): v is { state: 'signed_in' } =>
  isRecord(v) && v.state === 'signed_in';

export const isOfficerImportResult: Guard<OfficerImportResult> = (v): v is OfficerImportResult =>
  isRecord(v) &&
  typeof v.dryRun === 'boolean' &&
  [
    v.rows,
    v.accountsCreated,
    v.accountsUpdated,
    v.accountsUnchanged,
    v.positionsCreated,
    v.positionsUpdated,
    v.positionsEnded,
    v.positionsUnchanged,
  ].every(isCount) &&
  Array.isArray(v.ignoredColumns) &&
  v.ignoredColumns.every((c) => typeof c === 'string');

/** Throws when a guarded request returned no body, which only a 204 does. */
function required<T>(value: T | null, what: string): T {
  if (value === null) throw new ApiError(`${what}: empty response`);
  return value;
}

/** Who is signed in, or null when nobody is (the API answers 401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return required(await apiRequest('GET', '/api/v1/auth/me', { guard: isMe, signal }), 'me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function fetchProfile(signal?: AbortSignal): Promise<Profile> {
  return required(await apiRequest('GET', '/api/v1/me/profile', { guard: isProfile, signal }), 'profile');
}

export async function signInWithPassword(username: string, password: string): Promise<SignInState> {
  const reply = await apiRequest('POST', '/api/v1/auth/sign-in', {
    body: { username, password },
    guard: isSignInReply,
  });
  return required(reply, 'sign-in').state;
}

export async function startTotpSetup(): Promise<TotpSetup> {
  return required(await apiRequest('POST', '/api/v1/auth/totp/setup', { guard: isTotpSetup }), 'totp');
}

export async function verifyTotp(code: string): Promise<void> {
  await apiRequest('POST', '/api/v1/auth/totp/verify', { body: { code } });
}

export async function requestPhoneCode(phone: string): Promise<CodeSent> {
  return required(
    await apiRequest('POST', '/api/v1/auth/code', { body: { phone }, guard: isCodeSent }),
    'code',
  );
}

export async function verifyPhoneCode(
  phone: string,
  code: string,
  acceptPrivacyVersion?: string,
): Promise<void> {
  await apiRequest('POST', '/api/v1/auth/code/verify', {
    body: { phone, code, ...(acceptPrivacyVersion !== undefined ? { acceptPrivacyVersion } : {}) },
    guard: isPhoneSignIn,
  });
}

export async function signOut(): Promise<void> {
  await apiRequest('POST', '/api/v1/auth/sign-out');
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type the import takes for a chosen file, by its extension; null for anything else. */
export function officerFileType(file: { name: string; type: string }): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx') || file.type === XLSX_TYPE) return XLSX_TYPE;
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  return null;
}

export async function importOfficers(
  file: Blob,
  contentType: string,
  dryRun: boolean,
): Promise<OfficerImportResult> {
  const reply = await apiRequest('POST', `/api/v1/admin/officers/import${dryRun ? '?dryRun=true' : ''}`, {
    body: file,
    contentType,
    guard: isOfficerImportResult,
  });
  return required(reply, 'import');
}
