// The API of signing in by e-mailed link and by single sign-on (phone codes and passwords are in api.ts). Each
// response's shape is checked.
import { ApiError, apiRequest, isNullableString, isRecord, isString, type Guard } from './api.js';

/** `POST /api/v1/auth/email-link` */
export interface EmailLinkSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** `GET /api/v1/auth/methods`: single sign-on, when this deployment offers it, and for whom. */
export interface SignInMethods {
  sso: { accountKind: 'citizen' | 'officer' } | null;
}

/** `GET /api/v1/auth/oidc/registration`: what a new account from single sign-on would hold. */
export interface SsoRegistration {
  displayName: string;
  email: string | null;
  phone: string | null;
  privacyVersion: string;
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const isEmailLinkSent: Guard<EmailLinkSent> = (v): v is EmailLinkSent =>
  isRecord(v) && v.accepted === true && isSeconds(v.expiresInSeconds) && isSeconds(v.resendAfterSeconds);

const isSignedIn: Guard<{ state: 'signed_in' }> = (v): v is { state: 'signed_in' } =>
  isRecord(v) && v.state === 'signed_in';

const isSignInMethods: Guard<SignInMethods> = (v): v is SignInMethods =>
  isRecord(v) &&
  (v.sso === null ||
    (isRecord(v.sso) && (v.sso.accountKind === 'citizen' || v.sso.accountKind === 'officer')));

const isSsoRegistration: Guard<SsoRegistration> = (v): v is SsoRegistration =>
  isRecord(v) &&
  isString(v.displayName) &&
  isNullableString(v.email) &&
  isNullableString(v.phone) &&
  isString(v.privacyVersion);

const isSsoRegistered: Guard<{ returnTo: string }> = (v): v is { returnTo: string } =>
  isRecord(v) && v.state === 'signed_in' && isString(v.returnTo);

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new ApiError(`${what}: empty response`);
  return value;
}

/** E-mails a sign-in link that brings the person back to `returnPath` (a checked hash path) once used. */
export async function requestEmailLink(email: string, returnPath: string | null): Promise<EmailLinkSent> {
  const body = returnPath === null ? { email } : { email, returnTo: returnPath };
  return required(
    await apiRequest('POST', '/api/v1/auth/email-link', { body, guard: isEmailLinkSent }),
    'email-link',
  );
}

/** Signs in with the link's token; the first time, only with the privacy notice's version accepted. */
export async function verifyEmailLink(token: string, acceptPrivacyVersion?: string): Promise<void> {
  await apiRequest('POST', '/api/v1/auth/email-link/verify', {
    body: { token, ...(acceptPrivacyVersion !== undefined ? { acceptPrivacyVersion } : {}) },
    guard: isSignedIn,
  });
}

export async function fetchSignInMethods(signal?: AbortSignal): Promise<SignInMethods> {
  return required(
    await apiRequest('GET', '/api/v1/auth/methods', { guard: isSignInMethods, signal }),
    'methods',
  );
}

/**
 * Where single sign-on starts (a full page load to the identity provider); it comes back to `returnPath`,
 * given to the server as the site path `/#/…`, which it checks again.
 */
export function ssoStartUrl(returnPath: string | null): string {
  if (returnPath === null || returnPath === '/') return '/api/v1/auth/oidc/start';
  return `/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(`/#${returnPath}`)}`;
}

export async function fetchSsoRegistration(signal?: AbortSignal): Promise<SsoRegistration> {
  return required(
    await apiRequest('GET', '/api/v1/auth/oidc/registration', { guard: isSsoRegistration, signal }),
    'registration',
  );
}

/** Accepts the notice: the account is created and signed in; returns the site path the sign-in started from. */
export async function completeSsoRegistration(acceptPrivacyVersion: string): Promise<string> {
  const reply = await apiRequest('POST', '/api/v1/auth/oidc/registration', {
    body: { acceptPrivacyVersion },
    guard: isSsoRegistered,
  });
  return required(reply, 'registration').returnTo;
}
