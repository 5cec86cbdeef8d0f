// Single sign-on with OpenID Connect, so a province can plug in VNeID or its own identity provider:
// authorization code flow with PKCE, state and nonce; identities linked to accounts by (issuer, subject).
// A citizen's first sign-in creates the account only once they accept our privacy notice; officers are
// only ever linked to accounts that already exist, and keep this system's second-factor rules.
import crypto from 'node:crypto';
import type { ColumnType } from 'kysely';
import * as oidc from 'openid-client';
import { recordAudit } from '../../platform/audit.js';
import { SECOND_FACTOR_REQUIRED } from '../../platform/auth/policy.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { cleanText, normalizePhoneVN } from '../../platform/text.js';
import type { OrgTables } from '../org/tables.js';
import { PRIVACY_VERSION } from './citizen.js';
import { SESSION_HOURS, type SignInState } from './service.js';
import * as store from './store.js';
import type { AuthTables } from './tables.js';

/** The provider this deployment trusts, from configuration (`OIDC_*`). */
export interface OidcSettings {
  /** Issuer identifier; its discovery document is read at the first sign-in, not at start. */
  issuer: string;
  clientId: string;
  /** Client secret (sent with HTTP Basic); absent for a public client, which then relies on PKCE alone. */
  clientSecret: string | undefined;
  /** Our callback, `…/api/v1/auth/oidc/callback`, exactly as registered at the provider. */
  redirectUrl: string;
  /** Who signs in there: citizens (an account is created on first sign-in) or officers (linked only). */
  accountKind: 'citizen' | 'officer';
  /** Scopes asked for, space-separated; must include `openid`. */
  scope: string;
}

/** What a new citizen's account would hold; shown to them before they accept the privacy notice. */
export interface OidcProfile {
  displayName: string;
  /** Only an address the provider says it has verified. */
  email: string | null;
  /** Only a Vietnamese number the provider says it has verified, in E.164. */
  phone: string | null;
}

interface AccountIdentitiesTable {
  account_id: string;
  issuer: string;
  subject: string;
  created_at: ColumnType<Date, never, never>;
}
interface OidcSignInFlowsTable {
  token_hash: Buffer;
  step: 'authorize' | 'consent';
  issuer: string;
  return_to: string;
  code_verifier: string | null;
  nonce: string | null;
  subject: string | null;
  profile: ColumnType<OidcProfile | null, string | null, never>;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
}
export type OidcTables = {
  account_identities: AccountIdentitiesTable;
  oidc_sign_in_flows: OidcSignInFlowsTable;
};
const oidcDb = (db: RootDb) => db.withTables<OrgTables & AuthTables & OidcTables>();
type OidcDb = ReturnType<typeof oidcDb>;

/** Time to sign in at the provider and come back. */
const AUTHORIZE_TTL_MS = 10 * 60_000;
/** Time to read the privacy notice and accept it. */
const CONSENT_TTL_MS = 15 * 60_000;
/** Sign-ins started from one client address in a window (a whole office may share one address). */
const CLIENT_STARTS = 300;
const WINDOW_MS = 15 * 60_000;

/** The provider's metadata and our client there, discovered on first use. */
export interface OidcProvider {
  readonly settings: OidcSettings;
  configuration(): Promise<oidc.Configuration>;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * Discovery happens at the first sign-in, not at start, so a provider that is down does not stop the
 * site; a failed discovery is tried again at the next sign-in. Plain HTTP is allowed only for an issuer
 * on this machine (development and tests): anywhere else tokens would cross the network in clear.
 */
export function oidcProvider(settings: OidcSettings): OidcProvider {
  let discovered: Promise<oidc.Configuration> | null = null;
  const issuer = new URL(settings.issuer);
  return {
    settings,
    configuration() {
      discovered ??= oidc
        .discovery(
          issuer,
          settings.clientId,
          undefined,
          settings.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(settings.clientSecret),
          {
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- marked deprecated only to stand out; loopback issuers only
            execute: issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
            timeout: 10,
          },
        )
        .catch((error: unknown) => {
          discovered = null;
          throw providerFailure(error);
        });
      return discovered;
    },
  };
}

/** Anything openid-client throws, as an AppError: the provider unreachable, or its answer refused. */
function providerFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = error instanceof oidc.ClientError ? error.code : undefined;
  if (
    (error instanceof TypeError && error.message === 'fetch failed') ||
    code === 'OAUTH_TIMEOUT' ||
    code === 'OAUTH_ABORT'
  )
    return new AppError('unavailable', { internal: 'OIDC provider unreachable', cause: error });
  if (error instanceof oidc.AuthorizationResponseError)
    return new AppError('unauthenticated', {
      internal: `OIDC provider answered ${error.error}`,
      cause: error,
    });
  if (
    error instanceof oidc.ClientError ||
    error instanceof oidc.ResponseBodyError ||
    error instanceof oidc.WWWAuthenticateChallengeError
  )
    return new AppError('unauthenticated', {
      internal: `OIDC response refused: ${error.message}`,
      cause: error,
    });
  return new AppError('internal', { cause: error });
}

/**
 * A path on this site to return to after sign-in, or `/`. Never another origin: `//host` and `/\host`
 * are read by browsers as one, and an open redirect would lend our address to phishing.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value.length > 500 || !/^\/([^/\\]|$)/.test(value)) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return /[\u0000-\u001f\u007f]/.test(value) ? '/' : value;
}

const sameToken = (a: string, b: string): boolean => {
  const x = store.sha256(a);
  const y = store.sha256(b);
  return crypto.timingSafeEqual(x, y);
};

export interface OidcStart {
  /** Goes into the flow cookie: the callback must come back to the browser that started. */
  flowToken: string;
  /** The provider's authorization endpoint, with our request. */
  url: string;
}

/** Starts a sign-in: remembers the PKCE verifier, state and nonce server-side, and gives the URL to send the browser to. */
export async function startOidcSignIn(
  rootDb: RootDb,
  provider: OidcProvider,
  input: { returnTo: string | undefined; client: string },
  now = new Date(),
): Promise<OidcStart> {
  const authDb = store.authDb(rootDb);
  const clientKey = `oidc-client:${input.client}`;
  if ((await store.blockedUntil(authDb, [clientKey], now)) !== null) throw new AppError('rate_limited');
  await store.recordFailure(authDb, clientKey, now, CLIENT_STARTS, WINDOW_MS, WINDOW_MS);

  const config = await provider.configuration();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: provider.settings.redirectUrl,
    scope: provider.settings.scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const db = oidcDb(rootDb);
  await db.deleteFrom('oidc_sign_in_flows').where('expires_at', '<=', now).execute();
  await db
    .insertInto('oidc_sign_in_flows')
    .values({
      token_hash: store.sha256(state),
      step: 'authorize',
      issuer: config.serverMetadata().issuer,
      return_to: safeReturnTo(input.returnTo),
      code_verifier: codeVerifier,
      nonce,
      subject: null,
      expires_at: new Date(now.getTime() + AUTHORIZE_TTL_MS),
    })
    .execute();
  return { flowToken: state, url: url.href };
}

export type OidcOutcome =
  | { state: SignInState; token: string; kind: 'citizen' | 'officer'; returnTo: string }
  /** A citizen the provider vouched for, without an account yet: the consent step holds `flowToken`. */
  | { state: 'consent_required'; flowToken: string; returnTo: string };

interface Identity {
  issuer: string;
  subject: string;
}

/** The claims we use, from the ID token and the UserInfo endpoint together. */
type Claims = Partial<Record<string, unknown>>;

function profileFrom(claims: Claims): OidcProfile {
  const str = (name: string): string | null => {
    const value = claims[name];
    return typeof value === 'string' && value.trim() !== '' ? cleanText(value) : null;
  };
  // Vietnamese names are written family name first.
  const parts = [str('family_name'), str('middle_name'), str('given_name')].filter((p) => p !== null);
  const displayName = (str('name') ?? (parts.length > 0 ? parts.join(' ') : '')).slice(0, 200);
  const email = claims.email_verified === true ? str('email') : null;
  const phoneClaim = claims.phone_number_verified === true ? str('phone_number') : null;
  return {
    displayName,
    email: email !== null && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    phone: phoneClaim === null ? null : normalizePhoneVN(phoneClaim),
  };
}

/**
 * The callback: checks that the answer belongs to the sign-in this browser started (state, against
 * the flow cookie), consumes that flow, redeems the code (PKCE) and validates the ID token (issuer,
 * audience, signature, expiry, nonce), then signs the person in, or holds them at the consent step.
 */
export async function finishOidcSignIn(
  rootDb: RootDb,
  provider: OidcProvider,
  input: { flowToken: string | undefined; params: URLSearchParams; requestId: string },
  now = new Date(),
): Promise<OidcOutcome> {
  const state = input.params.get('state');
  if (input.flowToken === undefined || state === null || !sameToken(input.flowToken, state))
    throw new AppError('bad_request', {
      internal: 'OIDC state missing, or not the one this browser started',
    });
  const flow = await oidcDb(rootDb)
    .deleteFrom('oidc_sign_in_flows')
    .where('token_hash', '=', store.sha256(state))
    .where('step', '=', 'authorize')
    .where('expires_at', '>', now)
    .returning(['issuer', 'return_to', 'code_verifier', 'nonce'])
    .executeTakeFirst();
  if (!flow?.code_verifier || !flow.nonce)
    throw new AppError('bad_request', { internal: 'OIDC state unknown, already used or expired' });

  const config = await provider.configuration();
  // The URL the provider sent the browser to: our registered callback with its answer.
  const callbackUrl = new URL(provider.settings.redirectUrl);
  callbackUrl.search = input.params.toString();
  let claims: Claims;
  let subject: string;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new AppError('unauthenticated', { internal: 'no ID token' });
    subject = idToken.sub;
    // Many providers give profile claims (name, e-mail, phone) only at the UserInfo endpoint.
    const userInfo = config.serverMetadata().userinfo_endpoint
      ? await oidc.fetchUserInfo(config, tokens.access_token, subject)
      : {};
    claims = { ...userInfo, ...idToken };
  } catch (error) {
    throw providerFailure(error);
  }
  const identity: Identity = { issuer: flow.issuer, subject };
  const profile = profileFrom(claims);
  const returnTo = flow.return_to;

  const result = await rootDb.transaction().execute(async (trx) => {
    const db = oidcDb(trx);
    const linked = await linkedAccount(db, identity);
    if (linked) return signInFound(trx, linked, { requestId: input.requestId, link: null }, now);

    if (provider.settings.accountKind === 'officer') {
      const officer = profile.email === null ? undefined : await officerByEmail(db, profile.email);
      if (!officer) return { refused: 'no_officer_account' as const };
      const link = { identity, matchedBy: 'verified_email' as const };
      return signInFound(trx, officer, { requestId: input.requestId, link }, now);
    }

    // A citizen who already has an account here, found by what the provider has verified.
    const byPhone = profile.phone === null ? undefined : await citizenBy(db, 'phone', profile.phone);
    const existing =
      byPhone ?? (profile.email === null ? undefined : await citizenBy(db, 'email', profile.email));
    if (existing) {
      const matchedBy = byPhone ? ('verified_phone' as const) : ('verified_email' as const);
      return signInFound(trx, existing, { requestId: input.requestId, link: { identity, matchedBy } }, now);
    }

    // Nobody yet: nothing is stored as an account until the person accepts the privacy notice.
    const flowToken = crypto.randomBytes(32).toString('base64url');
    await db
      .insertInto('oidc_sign_in_flows')
      .values({
        token_hash: store.sha256(flowToken),
        step: 'consent',
        issuer: identity.issuer,
        return_to: returnTo,
        code_verifier: null,
        nonce: null,
        subject: identity.subject,
        profile: JSON.stringify(profile),
        expires_at: new Date(now.getTime() + CONSENT_TTL_MS),
      })
      .execute();
    return { state: 'consent_required' as const, flowToken, returnTo };
  });
  if ('refused' in result) {
    // Recorded (without who it was: there is no account) so administrators see officers turned away.
    await recordAudit(rootDb, {
      actorId: null,
      action: 'auth.sign_in_failed',
      subjectType: 'account',
      requestId: input.requestId,
      detail: { method: 'oidc', reason: result.refused },
    });
    throw new AppError('forbidden', { internal: 'no officer account for this OIDC identity' });
  }
  if ('disabled' in result) {
    await recordAudit(rootDb, {
      actorId: result.disabled,
      action: 'auth.sign_in_failed',
      subjectType: 'account',
      subjectId: result.disabled,
      requestId: input.requestId,
      detail: { method: 'oidc', reason: 'disabled' },
    });
    throw new AppError('forbidden', { internal: 'account disabled' });
  }
  return result.state === 'consent_required' ? result : { ...result, returnTo };
}

/** What the consent step shows: the data the new account would hold, and the notice's version. */
export async function pendingOidcRegistration(
  rootDb: RootDb,
  flowToken: string | undefined,
  now = new Date(),
): Promise<OidcProfile & { privacyVersion: string }> {
  if (flowToken === undefined) throw new AppError('bad_request', { internal: 'no OIDC flow cookie' });
  const row = await oidcDb(rootDb)
    .selectFrom('oidc_sign_in_flows')
    .select('profile')
    .where('token_hash', '=', store.sha256(flowToken))
    .where('step', '=', 'consent')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row?.profile) throw new AppError('bad_request', { internal: 'no OIDC registration pending' });
  return { ...row.profile, privacyVersion: PRIVACY_VERSION };
}

/** The person accepted the privacy notice: creates the citizen account, links the identity, signs in. */
export async function completeOidcRegistration(
  rootDb: RootDb,
  input: { flowToken: string | undefined; acceptPrivacyVersion: string | undefined; requestId: string },
  now = new Date(),
): Promise<{ token: string; returnTo: string }> {
  if (input.flowToken === undefined) throw new AppError('bad_request', { internal: 'no OIDC flow cookie' });
  // Checked before the flow is consumed, so the person can still accept.
  if (input.acceptPrivacyVersion !== PRIVACY_VERSION) throw new AppError('privacy_consent_required');
  const flowHash = store.sha256(input.flowToken);
  try {
    return await rootDb.transaction().execute(async (trx) => {
      const db = oidcDb(trx);
      const flow = await db
        .deleteFrom('oidc_sign_in_flows')
        .where('token_hash', '=', flowHash)
        .where('step', '=', 'consent')
        .where('expires_at', '>', now)
        .returning(['issuer', 'subject', 'profile', 'return_to'])
        .executeTakeFirst();
      if (!flow?.subject || !flow.profile)
        throw new AppError('bad_request', { internal: 'no OIDC registration pending' });
      const { displayName, email, phone } = flow.profile;
      const account = await db
        .insertInto('accounts')
        .values({
          kind: 'citizen',
          display_name: displayName,
          email,
          email_verified_at: email === null ? null : now,
          phone,
          phone_verified_at: phone === null ? null : now,
          privacy_version: PRIVACY_VERSION,
          privacy_accepted_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await linkIdentity(db, account.id, { issuer: flow.issuer, subject: flow.subject });
      const session = await store.createSession(
        store.authDb(trx),
        account.id,
        new Date(now.getTime() + SESSION_HOURS.citizen * 3_600_000),
        now,
      );
      await recordAudit(trx, {
        actorId: account.id,
        action: 'account.registered',
        subjectType: 'account',
        subjectId: account.id,
        requestId: input.requestId,
        detail: { privacyVersion: PRIVACY_VERSION, method: 'oidc', issuer: flow.issuer },
      });
      await recordAudit(trx, {
        actorId: account.id,
        action: 'auth.sign_in',
        subjectType: 'session',
        subjectId: session.id,
        requestId: input.requestId,
        detail: { method: 'oidc' },
      });
      return { token: session.token, returnTo: flow.return_to };
    });
  } catch (error) {
    // The same phone, e-mail or identity registered by another tab in the meantime.
    if ((error as { code?: unknown }).code === '23505')
      throw new AppError('conflict', {
        internal: 'account or identity registered concurrently',
        cause: error,
      });
    throw error;
  }
}

// ---- Signing in an account once found, and the SQL of identities ----

interface FoundAccount {
  id: string;
  kind: 'citizen' | 'officer';
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
}

/** Signs a found account in, first linking the identity to it when it was found another way. */
async function signInFound(
  trx: RootDb,
  account: FoundAccount,
  how: {
    requestId: string;
    link: { identity: Identity; matchedBy: 'verified_email' | 'verified_phone' } | null;
  },
  now: Date,
): Promise<{ state: SignInState; token: string; kind: 'citizen' | 'officer' } | { disabled: string }> {
  if (account.disabled_at !== null) return { disabled: account.id };
  if (how.link) await linkIdentity(oidcDb(trx), account.id, how.link.identity);
  const db = store.authDb(trx);
  // The provider is one factor, as a password is: an officer who uses TOTP, or whose role requires
  // it, still passes it here, whatever the provider did.
  let needsSecondFactor = false;
  if (account.kind === 'officer') {
    const positions = await store.currentPositions(db, account.id, localDate(now));
    needsSecondFactor =
      account.totp_enabled_at !== null || positions.some((p) => SECOND_FACTOR_REQUIRED.has(p.role));
  }
  const session = await store.createSession(
    db,
    account.id,
    new Date(now.getTime() + SESSION_HOURS[account.kind] * 3_600_000),
    needsSecondFactor ? null : now,
  );
  if (how.link)
    await recordAudit(trx, {
      actorId: account.id,
      action: 'account.identity_linked',
      subjectType: 'account',
      subjectId: account.id,
      requestId: how.requestId,
      detail: { method: 'oidc', issuer: how.link.identity.issuer, matchedBy: how.link.matchedBy },
    });
  await recordAudit(trx, {
    actorId: account.id,
    action: 'auth.sign_in',
    subjectType: 'session',
    subjectId: session.id,
    requestId: how.requestId,
    detail: { method: 'oidc' },
  });
  const state: SignInState = !needsSecondFactor
    ? 'signed_in'
    : account.totp_enabled_at !== null
      ? 'second_factor_required'
      : 'second_factor_setup_required';
  return { state, token: session.token, kind: account.kind };
}

const accountColumns = ['a.id', 'a.kind', 'a.disabled_at', 'a.totp_enabled_at'] as const;

/** The account an identity is linked to; a link to an erased account is dropped (the identity is free again). */
async function linkedAccount(db: OidcDb, identity: Identity): Promise<FoundAccount | undefined> {
  const row = await db
    .selectFrom('account_identities as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select([...accountColumns, 'a.deleted_at'])
    .where('i.issuer', '=', identity.issuer)
    .where('i.subject', '=', identity.subject)
    .executeTakeFirst();
  if (row?.deleted_at == null) return row;
  await db
    .deleteFrom('account_identities')
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .execute();
  return undefined;
}

/** The one officer with this e-mail; none when several share it (an ambiguous match links nobody). */
async function officerByEmail(db: OidcDb, email: string): Promise<FoundAccount | undefined> {
  const rows = await db
    .selectFrom('accounts as a')
    .select(accountColumns)
    .where((eb) => eb(eb.fn('lower', ['a.email']), '=', email.toLowerCase()))
    .where('a.kind', '=', 'officer')
    .where('a.deleted_at', 'is', null)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}

async function citizenBy(
  db: OidcDb,
  field: 'phone' | 'email',
  value: string,
): Promise<FoundAccount | undefined> {
  return db
    .selectFrom('accounts as a')
    .select(accountColumns)
    .where((eb) =>
      field === 'phone'
        ? eb('a.phone', '=', value)
        : eb(eb.fn('lower', ['a.email']), '=', value.toLowerCase()),
    )
    .where('a.kind', '=', 'citizen')
    .where('a.deleted_at', 'is', null)
    .executeTakeFirst();
}

async function linkIdentity(db: OidcDb, accountId: string, identity: Identity): Promise<void> {
  const inserted = await db
    .insertInto('account_identities')
    .values({ account_id: accountId, issuer: identity.issuer, subject: identity.subject })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .returning('account_id')
    .executeTakeFirst();
  if (!inserted) throw new AppError('conflict', { internal: 'OIDC identity linked concurrently' });
}
