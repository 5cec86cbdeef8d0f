// Following reports over HTTP: the VAPID key browsers subscribe with, follow and unfollow with an account, a
// Web Push subscription or an e-mail address (double opt-in), and a browser linked to a citizen's account for
// all their reports. Replies carry only `{ following, supporters }` (and the code a mailed link is for): never
// who follows, never an address.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { WindowLimiter } from '../../platform/rate-limit.js';
import { confirmEmailFollow, requestEmailFollow, unsubscribeByToken } from './email-follow.js';
import {
  deviceState,
  followReport,
  followStateOfAccount,
  followStateOfDevice,
  linkDevice,
  unfollowReport,
  unlinkDevice,
  unsubscribePush,
  type FollowOptions,
} from './follow.js';

export interface FollowRoutesOptions {
  db: Db;
  /** Where confirmation mails are enqueued. */
  jobs: JobQueue;
  /** The deployment's address, for the links in mails. */
  publicUrl: string;
  /** Requests to follow by e-mail one client address may make per hour (0: no limit); default 10. */
  emailFollowsPerHour?: number;
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

const EndpointBody = Type.Object({ endpoint: Endpoint }, { additionalProperties: false });

const Token = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'The secret of a link sent by e-mail (64 hexadecimal digits)',
});

const DeviceState = Type.Object({
  enabled: Type.Boolean({
    description: 'Whether this browser is told about every report the signed-in citizen sent or follows',
  }),
});

const FollowState = Type.Object({
  following: Type.Boolean({ description: 'Whether this account or browser follows the report now' }),
  supporters: Type.Integer({
    description: 'How many people the report affects: the reporter plus everyone following it',
  }),
});

const EmailFollowState = Type.Object({
  code: Type.String({ description: 'The report the link is for' }),
  following: Type.Boolean({ description: 'Whether the address follows the report now' }),
  supporters: Type.Integer({
    description: 'How many people the report affects: the reporter plus everyone following it',
  }),
});

export const followRoutes: FastifyPluginAsyncTypebox<FollowRoutesOptions> = async (app, options) => {
  const { db } = options;
  const emailRequests = new WindowLimiter(options.emailFollowsPerHour ?? 10, 3_600_000);
  // A link's secret cannot be guessed; this only keeps a client from hammering the lookups.
  const linkOpens = new WindowLimiter(60, 3_600_000);
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
        body: EndpointBody,
        response: { 200: FollowState },
      },
    },
    async (request) => unsubscribePush(db, request.params.code, request.body.endpoint),
  );

  app.post(
    '/api/v1/public/reports/:code/followers/device',
    {
      schema: {
        tags: ['public'],
        summary: 'Whether a browser follows the report with Web Push, by its subscription endpoint',
        params: CodeParams,
        body: EndpointBody,
        response: { 200: FollowState },
      },
    },
    async (request) => followStateOfDevice(db, request.params.code, request.body.endpoint),
  );

  app.post(
    '/api/v1/public/reports/:code/email-followers',
    {
      schema: {
        tags: ['public'],
        summary:
          'Ask to follow a public report by e-mail, without an account: a confirmation mail is sent, and the follow exists once its link is opened (rate limited)',
        params: CodeParams,
        body: Type.Object(
          { email: Type.String({ maxLength: 320, description: 'The address to be told at' }) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            confirmationSent: Type.Literal(true, {
              description: 'Always true: the reply does not say whether the address already follows',
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      emailRequests.hit(request.ip);
      await requestEmailFollow(
        { db, jobs: options.jobs, publicUrl: options.publicUrl },
        request.params.code,
        request.body.email,
      );
      return reply.code(202).send({ confirmationSent: true as const });
    },
  );

  app.post(
    '/api/v1/public/email-follows/confirm',
    {
      schema: {
        tags: ['public'],
        summary: 'Open the link of a confirmation mail: the address follows the report from now on (once)',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: EmailFollowState },
      },
    },
    async (request) => {
      linkOpens.hit(request.ip);
      return confirmEmailFollow(db, request.body.token);
    },
  );

  app.post(
    '/api/v1/public/email-follows/unsubscribe',
    {
      schema: {
        tags: ['public'],
        summary: 'Stop following a report from the link in one of its update mails, without signing in',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: EmailFollowState },
      },
    },
    async (request) => {
      linkOpens.hit(request.ip);
      return unsubscribeByToken(db, request.body.token);
    },
  );

  app.post(
    '/api/v1/me/push-subscriptions',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Tell this browser about every report I sent or follow (signed-in citizens): links its Web Push subscription to my account',
        body: Type.Object({ subscription: PushSubscriptionSchema }, { additionalProperties: false }),
        response: { 200: DeviceState },
      },
    },
    async (request) => linkDevice(db, request.actor, request.body.subscription, followOptions),
  );

  app.post(
    '/api/v1/me/push-subscriptions/state',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether this browser (by its subscription endpoint) is told about all my reports',
        body: EndpointBody,
        response: { 200: DeviceState },
      },
    },
    async (request) => deviceState(db, request.actor, request.body.endpoint),
  );

  app.post(
    '/api/v1/me/push-subscriptions/remove',
    {
      schema: {
        tags: ['auth'],
        summary: 'Stop telling this browser about all my reports (its follows of single reports stay)',
        body: EndpointBody,
        response: { 200: DeviceState },
      },
    },
    async (request) => unlinkDevice(db, request.actor, request.body.endpoint),
  );
};
