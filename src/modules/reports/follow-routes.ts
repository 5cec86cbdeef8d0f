// Following reports over HTTP: the VAPID key browsers subscribe with, follow and unfollow with an account or
// a Web Push subscription. Replies carry only `{ following, supporters }`: never who follows.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import {
  followReport,
  followStateOfAccount,
  unfollowReport,
  unsubscribePush,
  type FollowOptions,
} from './follow.js';

export interface FollowRoutesOptions {
  db: Db;
  /** The VAPID public key browsers pass to `pushManager.subscribe`; undefined: Web Push is off. */
  vapidPublicKey: string | undefined;
  /** Accept http:// push endpoints on 127.0.0.1/localhost (tests only; never in production). */
  allowLoopbackPushEndpoints?: boolean;
  /** Push service hosts accepted (default: FCM, Mozilla, WNS, Apple). */
  pushServiceHosts?: readonly string[];
}

const CodeParams = Type.Object({
  code: Type.String({
    pattern: '^[Pp][Aa]-\\d{4}-\\d{6,}$',
    description: 'Tracking code, e.g. PA-2026-000123',
  }),
});

const Endpoint = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: "The push service URL of the browser's subscription (https)",
});

const PushSubscriptionSchema = Type.Object(
  {
    endpoint: Endpoint,
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object(
      {
        p256dh: Type.String({
          pattern: '^[A-Za-z0-9_-]{87}=?$',
          description: "The browser's P-256 public key (65 bytes, base64url)",
        }),
        auth: Type.String({
          pattern: '^[A-Za-z0-9_-]{22}(==)?$',
          description: 'The authentication secret (16 bytes, base64url)',
        }),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description: 'A Web Push subscription as `PushSubscription.toJSON()` gives it in the browser',
  },
);

const FollowState = Type.Object({
  following: Type.Boolean({ description: 'Whether this account or browser follows the report now' }),
  supporters: Type.Integer({
    description: 'How many people the report affects: the reporter plus everyone following it',
  }),
});

export const followRoutes: FastifyPluginAsyncTypebox<FollowRoutesOptions> = async (app, options) => {
  const { db } = options;
  const followOptions: FollowOptions = {
    pushEnabled: options.vapidPublicKey !== undefined,
    ...(options.allowLoopbackPushEndpoints !== undefined
      ? { allowLoopbackPushEndpoints: options.allowLoopbackPushEndpoints }
      : {}),
    ...(options.pushServiceHosts !== undefined ? { pushServiceHosts: options.pushServiceHosts } : {}),
  };
  // Follow state is per browser or account: never cached by a proxy.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.get(
    '/api/v1/public/push/key',
    {
      schema: {
        tags: ['public'],
        summary:
          "The server's VAPID public key, for the browser's pushManager.subscribe (404 when Web Push is off)",
        response: {
          200: Type.Object({ publicKey: Type.String({ description: 'base64url, 65 bytes' }) }),
        },
      },
    },
    async () => {
      if (options.vapidPublicKey === undefined)
        throw new AppError('not_found', { internal: 'Web Push is off (no VAPID keys)' });
      return { publicKey: options.vapidPublicKey };
    },
  );

  app.post(
    '/api/v1/public/reports/:code/followers',
    {
      schema: {
        tags: ['public'],
        summary:
          'Follow a report: with a Web Push subscription, or (body {}) as the signed-in citizen; idempotent',
        params: CodeParams,
        body: Type.Object(
          {
            subscription: Type.Optional(PushSubscriptionSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: FollowState },
      },
    },
    async (request) =>
      followReport(
        db,
        request.actor,
        request.params.code,
        { subscription: request.body.subscription },
        followOptions,
      ),
  );

  app.get(
    '/api/v1/public/reports/:code/followers/me',
    {
      schema: {
        tags: ['public'],
        summary: 'Whether the signed-in citizen follows the report',
        params: CodeParams,
        response: { 200: FollowState },
      },
    },
    async (request) => followStateOfAccount(db, request.actor, request.params.code),
  );

  app.delete(
    '/api/v1/public/reports/:code/followers/me',
    {
      schema: {
        tags: ['public'],
        summary: 'Stop following a report with the signed-in account (the reporter cannot)',
        params: CodeParams,
        response: { 200: FollowState },
      },
    },
    async (request) => unfollowReport(db, request.actor, request.params.code),
  );

  app.post(
    '/api/v1/public/reports/:code/followers/unsubscribe',
    {
      schema: {
        tags: ['public'],
        summary: "Stop a browser's Web Push follow of a report, by its subscription endpoint",
        params: CodeParams,
        body: Type.Object({ endpoint: Endpoint }, { additionalProperties: false }),
        response: { 200: FollowState },
      },
    },
    async (request) => unsubscribePush(db, request.params.code, request.body.endpoint),
  );
};
