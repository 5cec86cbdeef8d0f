// Sign-in over HTTP: the session cookie, the hook that turns it into `request.actor`, and the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import { rolesOf } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import {
  AccountParams,
  Accepted,
  EmailBody,
  EmailLinkSentReply,
  LinkBody,
  LoginBody,
  ResetBody,
  CodeBody,
  CodeSentReply,
  MeReply,
  PhoneBody,
  PhoneCodeBody,
  PhoneSignInReply,
  ProfileBody,
  ProfileReply,
  SignInBody,
  SignInMethodsReply,
  SignInReply,
  TotpSetupReply,
} from './schemas.js';
import { requestSignInCode, signInWithCode } from './citizen.js';
import {
  confirmPasswordReset,
  requestEmailLink,
  requestPasswordReset,
  signInWithEmailLink,
} from './email.js';
import { deleteMyAccount, exportMyData, getProfile, updateProfile } from './self.js';
import * as auth from './service.js';

export const SESSION_COOKIE = 'pakn_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, also when it still waits for its second factor. */
    session: auth.SessionView | null;
  }
}

export interface AuthOptions {
  db: Db;
  jobs: JobQueue;
  /** Base of links sent by e-mail. */
  publicUrl: string;
  /** Secure cookies (HTTPS only) in production. */
  secureCookies: boolean;
  /** Who signs in by single sign-on, when it is configured (`OIDC_ACCOUNT_KIND`); the sign-in page offers it. */
  ssoAccountKind?: 'citizen' | 'officer' | undefined;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the cookie on every request, and refuses state changes sent from another site. */
export const authHook = fp<AuthOptions>(async (app, { db }) => {
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (unsafeMethods.has(request.method) && origin !== undefined && new URL(origin).host !== request.host) {
      throw new AppError('forbidden', { internal: `cross-site ${request.method} from ${origin}` });
    }
    const session = await auth.resolveSession(db, request.cookies[SESSION_COOKIE], request.id);
    request.session = session;
    request.actor = session.state === 'signed_in' ? session.actor : null;
  });
});

function pending(request: FastifyRequest): { sessionId: string; accountId: string } {
  const s = request.session ?? { state: 'none' };
  if (s.state === 'signed_in') return { sessionId: s.actor.sessionId, accountId: s.actor.accountId };
  if (s.state === 'none') throw new AppError('unauthenticated');
  return { sessionId: s.sessionId, accountId: s.accountId };
}

/** Ends the session this browser had, if any (a new one starts at every sign-in, and at sign-out). */
export async function endBrowserSession(db: Db, request: FastifyRequest): Promise<void> {
  if (request.session && request.session.state !== 'none') {
    const { sessionId, accountId } = pending(request);
    await auth.signOut(db, sessionId, accountId, request.id);
  }
}

/** Replaces the browser's session with a new one: the old one ends, the cookie carries the new token. */
export async function startBrowserSession(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; hours: number; secure: boolean },
): Promise<void> {
  await endBrowserSession(db, request);
  void reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: session.secure,
    path: '/',
    maxAge: session.hours * 3600,
  });
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthOptions> = async (
  app,
  { db, jobs, publicUrl, secureCookies, ssoAccountKind },
) => {
  const links = { jobs, publicUrl };
  const replaceSession = (request: FastifyRequest, reply: FastifyReply, token: string, hours: number) =>
    startBrowserSession(db, request, reply, { token, hours, secure: secureCookies });
  const endSessionOf = (request: FastifyRequest) => endBrowserSession(db, request);
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags,
        summary: 'Officer sign-in with username and password',
        body: SignInBody,
        response: { 200: SignInReply },
      },
    },
    async (request, reply) => {
      const result = await auth.signInWithPassword(db, {
        ...request.body,
        client: request.ip,
        requestId: request.id,
      });
      await replaceSession(request, reply, result.token, auth.SESSION_HOURS.officer);
      return { state: result.state };
    },
  );

  app.post(
    '/api/v1/auth/code',
    {
      schema: {
        tags,
        summary: 'Send a sign-in code by SMS (citizens)',
        body: PhoneBody,
        response: { 202: CodeSentReply },
      },
    },
    async (request, reply) => {
      const sent = await requestSignInCode(db, jobs, {
        phone: request.body.phone,
        client: request.ip,
        requestId: request.id,
      });
      return reply.status(202).send(sent);
    },
  );

  app.post(
    '/api/v1/auth/code/verify',
    {
      schema: {
        tags,
        summary: 'Sign in with the code; the first sign-in creates the account',
        body: PhoneCodeBody,
        response: { 200: PhoneSignInReply },
      },
    },
    async (request, reply) => {
      const result = await signInWithCode(db, {
        ...request.body,
        code: request.body.code.trim(),
        requestId: request.id,
      });
      await replaceSession(request, reply, result.token, auth.SESSION_HOURS.citizen);
      return { state: 'signed_in' as const, created: result.created };
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'E-mail an officer a password-reset link',
        body: LoginBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, links, { login: request.body.login, client: request.ip });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password from the link',
        body: ResetBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(db, { ...request.body, requestId: request.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/methods',
    {
      schema: {
        tags,
        summary: 'The ways to sign in this deployment offers besides phone, e-mail and password',
        response: { 200: SignInMethodsReply },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { sso: ssoAccountKind === undefined ? null : { accountKind: ssoAccountKind } };
    },
  );

  app.post(
    '/api/v1/auth/email-link',
    {
      schema: {
        tags,
        summary: 'E-mail a citizen a sign-in link (429 with Retry-After when asked again too soon)',
        body: EmailBody,
        response: { 202: EmailLinkSentReply },
      },
    },
    async (request, reply) => {
      const sent = await requestEmailLink(db, links, {
        email: request.body.email,
        returnTo: request.body.returnTo,
        client: request.ip,
      });
      return reply.status(202).send({ accepted: true as const, ...sent });
    },
  );

  app.post(
    '/api/v1/auth/email-link/verify',
    {
      schema: {
        tags,
        summary: 'Sign in with the e-mailed link',
        body: LinkBody,
        response: { 200: PhoneSignInReply },
      },
    },
    async (request, reply) => {
      const result = await signInWithEmailLink(db, { ...request.body, requestId: request.id });
      await replaceSession(request, reply, result.token, auth.SESSION_HOURS.citizen);
      return { state: 'signed_in' as const, created: result.created };
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    { schema: { tags, summary: 'Start two-factor enrolment', response: { 200: TotpSetupReply } } },
    async (request, reply) => {
      const { accountId } = pending(request);
      void reply.header('cache-control', 'no-store');
      return auth.startTotpSetup(db, accountId);
    },
  );

  app.post(
    '/api/v1/auth/totp/verify',
    {
      schema: {
        tags,
        summary: 'Confirm enrolment or pass the second factor',
        body: CodeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await auth.verifyTotp(db, {
        ...pending(request),
        code: request.body.code.trim(),
        requestId: request.id,
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    { schema: { tags, summary: 'Sign out of this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await endSessionOf(request);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/sign-out-everywhere',
    {
      schema: {
        tags,
        summary: 'End every session of this account',
        response: { 200: Type.Object({ sessions: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      if (!request.actor) throw new AppError('unauthenticated');
      const sessions = await auth.signOutEverywhere(db, request.actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { sessions };
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'Who is signed in', response: { 200: MeReply } } },
    async (request, reply) => {
      const actor = request.actor;
      if (!actor) throw new AppError('unauthenticated');
      void reply.header('cache-control', 'no-store');
      return { accountId: actor.accountId, kind: actor.kind, roles: rolesOf(actor) };
    },
  );

  app.get(
    '/api/v1/me/profile',
    { schema: { tags, summary: 'My profile', response: { 200: ProfileReply } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return getProfile(db, request.actor);
    },
  );

  app.patch(
    '/api/v1/me/profile',
    {
      schema: { tags, summary: 'Change my display name', body: ProfileBody, response: { 200: ProfileReply } },
    },
    async (request) => updateProfile(db, request.actor, request.body),
  );

  app.get(
    '/api/v1/me/data',
    { schema: { tags, summary: 'Download everything the system holds about me (JSON)' } },
    async (request, reply) => {
      const data = await exportMyData(db, request.actor);
      void reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="pakn-du-lieu-cua-toi.json"');
      return data;
    },
  );

  app.delete(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'Delete my account: personal data erased, reports kept anonymised',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteMyAccount(db, request.actor);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null);
    },
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/v1/admin/accounts/:id/${path}`,
      {
        schema: {
          tags: ['admin'],
          summary: `${path === 'disable' ? 'Disable' : 'Re-enable'} an account`,
          params: AccountParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await auth.setAccountDisabled(db, request.actor, request.params.id, disabled);
        return reply.status(204).send(null);
      },
    );
  }
};
