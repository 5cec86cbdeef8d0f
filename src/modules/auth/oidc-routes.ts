// Single sign-on over HTTP: start (redirect to the provider), callback, and the consent step of a new
// citizen. Registered only when OIDC_ISSUER is set; needs the auth hook (cookies, `request.session`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import {
  completeOidcRegistration,
  finishOidcSignIn,
  oidcProvider,
  pendingOidcRegistration,
  startOidcSignIn,
  type OidcSettings,
} from './oidc.js';
import { startBrowserSession } from './routes.js';
import * as auth from './service.js';

/** Binds a sign-in in progress to the browser that started it; sent only to the routes below. */
export const OIDC_COOKIE = 'pakn_oidc';
const OIDC_PATH = '/api/v1/auth/oidc';
/** Where the web app asks a new citizen to accept the privacy notice (then POSTs the registration). */
export const OIDC_CONSENT_PAGE = '/#/dang-nhap/dong-y';

export interface OidcRouteOptions {
  db: Db;
  settings: OidcSettings;
  /** Secure cookies (HTTPS only) in production. */
  secureCookies: boolean;
}

const StartQuery = Type.Object({
  returnTo: Type.Optional(
    Type.String({
      maxLength: 500,
      description: 'A path on this site to go to once signed in, e.g. `/#/gui-phan-anh`; default `/`',
    }),
  ),
});
const CallbackQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ description: 'Must match the sign-in this browser started' })),
    code: Type.Optional(Type.String()),
    iss: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    error_description: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const RegistrationReply = Type.Object({
  displayName: Type.String({ description: 'Name from the provider; may be empty' }),
  email: Type.Union([Type.String(), Type.Null()], { description: 'Only if the provider verified it' }),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'Only if the provider verified it' }),
  privacyVersion: Type.String({ description: 'The privacy notice to accept' }),
});
const RegistrationBody = Type.Object(
  {
    acceptPrivacyVersion: Type.String({
      maxLength: 20,
      description: 'The version of the privacy notice the person accepted',
    }),
  },
  { additionalProperties: false },
);
const RegisteredReply = Type.Object({
  state: Type.Literal('signed_in'),
  created: Type.Literal(true),
  returnTo: Type.String({ description: 'Where the person was going when they signed in' }),
});

export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRouteOptions> = async (
  app,
  { db, settings, secureCookies },
) => {
  const provider = oidcProvider(settings);
  const tags = ['auth'];
  const setFlowCookie = (reply: FastifyReply, token: string, seconds: number) =>
    reply.setCookie(OIDC_COOKIE, token, {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET from its own site.
      sameSite: 'lax',
      secure: secureCookies,
      path: OIDC_PATH,
      maxAge: seconds,
    });
  const clearFlowCookie = (reply: FastifyReply) => reply.clearCookie(OIDC_COOKIE, { path: OIDC_PATH });
  app.get(
    `${OIDC_PATH}/start`,
    {
      schema: {
        tags,
        summary: 'Single sign-on: go to the identity provider',
        querystring: StartQuery,
        response: { 303: Type.Null() },
      },
    },
    async (request, reply) => {
      const started = await startOidcSignIn(db, provider, {
        returnTo: request.query.returnTo,
        client: request.ip,
      });
      setFlowCookie(reply, started.flowToken, 10 * 60);
      return reply.header('cache-control', 'no-store').redirect(started.url, 303);
    },
  );

  app.get(
    `${OIDC_PATH}/callback`,
    {
      schema: {
        tags,
        summary: 'Single sign-on: where the identity provider sends the browser back',
        querystring: CallbackQuery,
        response: { 303: Type.Null() },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      // The parameters exactly as the provider sent them (a repeated one is refused, not merged).
      const params = new URL(request.url, 'http://callback.invalid').searchParams;
      const outcome = await finishOidcSignIn(db, provider, {
        flowToken: request.cookies[OIDC_COOKIE],
        params,
        requestId: request.id,
      });
      if (outcome.state === 'consent_required') {
        setFlowCookie(reply, outcome.flowToken, 15 * 60);
        return reply.redirect(OIDC_CONSENT_PAGE, 303);
      }
      clearFlowCookie(reply);
      await startBrowserSession(db, request, reply, {
        token: outcome.token,
        hours: auth.SESSION_HOURS[outcome.kind],
        secure: secureCookies,
      });
      return reply.redirect(outcome.returnTo, 303);
    },
  );

  app.get(
    `${OIDC_PATH}/registration`,
    {
      schema: {
        tags,
        summary: 'Single sign-on: what a new account would hold, before the person accepts',
        response: { 200: RegistrationReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return pendingOidcRegistration(db, request.cookies[OIDC_COOKIE]);
    },
  );

  app.post(
    `${OIDC_PATH}/registration`,
    {
      schema: {
        tags,
        summary: 'Single sign-on: accept the privacy notice; creates the citizen account and signs in',
        body: RegistrationBody,
        response: { 200: RegisteredReply },
      },
    },
    async (request, reply) => {
      const done = await completeOidcRegistration(db, {
        flowToken: request.cookies[OIDC_COOKIE],
        acceptPrivacyVersion: request.body.acceptPrivacyVersion,
        requestId: request.id,
      });
      clearFlowCookie(reply);
      await startBrowserSession(db, request, reply, {
        token: done.token,
        hours: auth.SESSION_HOURS.citizen,
        secure: secureCookies,
      });
      return { state: 'signed_in' as const, created: true as const, returnTo: done.returnTo };
    },
  );
};
