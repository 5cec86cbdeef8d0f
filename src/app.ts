// Composes the HTTP application: platform plugins, then each module's routes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { registerErrorHandling } from './platform/errors.js';
import { buildSerializer, buildValidator } from './platform/lazy-compilers.js';
import { WEB_DIR } from './platform/paths.js';
import type { JobQueue } from './platform/jobs/queue.js';
import { DevSmsProvider, type SmsProvider } from './platform/sms.js';
import { DevMailProvider, type MailProvider } from './platform/mail.js';
import { devMailPage, devSmsPage } from './modules/auth/dev-page.js';
import { healthRoutes } from './platform/health.js';
import { registerMetrics } from './platform/metrics.js';
import { authHook, authRoutes } from './modules/auth/routes.js';
import { statsRoutes } from './modules/stats/routes.js';
import { leaderStatsRoutes } from './modules/stats/leader-routes.js';
import { guideRoutes } from './modules/guides/routes.js';
import { orgRoutes } from './modules/org/routes.js';
import { accountAdminRoutes } from './modules/accounts/routes.js';
import { adminRoutes } from './modules/admin/routes.js';
import { siteRoutes } from './modules/site/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import type { ReportService } from './modules/reports/intake.js';
import { mediaRoutes } from './modules/reports/media.js';
import { followRoutes } from './modules/reports/follow-routes.js';
import { workflowRoutes } from './modules/workflow/routes.js';
import { inboxRoutes } from './modules/inbox/routes.js';
import type { WorkflowService } from './modules/workflow/service.js';
import type { VapidKeys } from './modules/reports/push.js';
import type { BlobStore } from './platform/storage.js';
import { registerHomePage } from './modules/site/home-page.js';
import { registerPwa } from './modules/site/pwa.js';
import { vi } from '../web/src/i18n/vi.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  jobs: JobQueue;
  sms: SmsProvider;
  mail: MailProvider;
  reports: ReportService;
  workflow: WorkflowService;
  /** Where uploaded photos and videos are kept. */
  store: BlobStore;
  /** Web Push keys; undefined: Web Push off. */
  vapid?: VapidKeys | undefined;
  /** Built web app; defaults to dist/web. */
  webDir?: string;
}

export async function buildApp({
  config,
  database,
  logger,
  jobs,
  sms,
  mail,
  reports,
  workflow,
  store,
  vapid,
  webDir = WEB_DIR,
}: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance is the plain FastifyInstance every plugin expects.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    // Our own ids: an incoming header is not trusted into log lines.
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // One line per request, written by the onResponse hook below (no URLs: they may carry codes or tokens).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  // Graceful shutdown: answers still in flight when closing starts tell the client to close the
  // connection, so a keep-alive client does not hold the server open until its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  registerErrorHandling(app);
  registerMetrics(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Swagger UI at /docs sets inline styles; no inline scripts anywhere.
        'style-src': ["'self'", "'unsafe-inline'"],
        // The maps' background tiles come from the configured tile server (MAP_TILE_URL), and only from it.
        'img-src': ["'self'", 'data:', ...(config.mapTiles ? [config.mapTiles.cspSource] : [])],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'manifest-src': ["'self'"],
        'worker-src': ["'self'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    // HSTS belongs to the TLS-terminating proxy; sending it over plain HTTP on a LAN would do harm.
    strictTransportSecurity: config.nodeEnv === 'production',
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `${config.siteName} — API`,
        version: '0.1.0',
        description:
          'PAKN API. Errors use one shape: `{ error: { code, message, messages: { vi, en }, requestId, details? } }`.',
      },
      tags: [
        { name: 'public', description: 'Open to everyone; never contains personal data' },
        { name: 'operations', description: 'Health and readiness for operators and load balancers' },
        { name: 'auth', description: 'Sign-in, two-factor authentication and sessions' },
        { name: 'admin', description: 'Administration; system administrators only' },
        { name: 'org', description: 'The organisation: areas, agencies, categories, routing rules' },
        { name: 'reports', description: 'Reports as officers see them; the public record is under `public`' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const authOptions = {
    db: database.db,
    jobs,
    publicUrl: config.publicUrl,
    secureCookies: config.nodeEnv === 'production',
    ssoAccountKind: config.oidc?.accountKind,
  };
  await app.register(authHook, authOptions);
  await app.register(healthRoutes, { db: database.db });
  await app.register(authRoutes, authOptions);
  if (config.oidc) {
    // Loaded only when single sign-on is configured.
    const { oidcRoutes } = await import('./modules/auth/oidc-routes.js');
    await app.register(oidcRoutes, {
      db: database.db,
      settings: config.oidc,
      secureCookies: authOptions.secureCookies,
    });
  }
  await app.register(orgRoutes, { db: database.db });
  await app.register(accountAdminRoutes, { db: database.db });
  await app.register(adminRoutes, { db: database.db });
  await app.register(statsRoutes, { db: database.db });
  await app.register(leaderStatsRoutes, {
    db: database.db,
    calendar: async (now) => (await reports.org(now)).calendar,
  });
  await app.register(guideRoutes, { db: database.db });
  await app.register(reportRoutes, {
    db: database.db,
    service: reports,
    duplicateRadiusMetres: config.duplicateRadiusMetres,
    reportsPerHour: config.reportsPerHour,
  });
  await app.register(workflowRoutes, { workflow });
  await app.register(inboxRoutes, { database, reports });
  await app.register(followRoutes, {
    db: database.db,
    jobs,
    publicUrl: config.publicUrl,
    vapidPublicKey: vapid?.publicKey,
    allowLoopbackPushEndpoints: config.nodeEnv === 'test',
  });
  await app.register(mediaRoutes, {
    db: database.db,
    store,
    limits: config.media,
    uploadsPerHour: config.uploadsPerHour,
  });
  await app.register(siteRoutes, {
    name: config.siteName,
    shortName: config.siteShortName,
    province: config.provinceName,
    mapTiles: config.mapTiles,
  });
  // Where a developer reads the codes the development SMS provider did not send; never in production.
  if (sms instanceof DevSmsProvider && config.nodeEnv !== 'production')
    await app.register(devSmsPage, { sms });
  if (mail instanceof DevMailProvider && config.nodeEnv !== 'production')
    await app.register(devMailPage, { mail });
  await registerPwa(app, {
    name: config.siteName,
    shortName: config.siteShortName,
    description: vi['home.intro'],
  });
  await registerHomePage(app, database.db, {
    name: config.siteName,
    shortName: config.siteShortName,
    province: config.provinceName,
    webDir,
  });
  if (fs.existsSync(webDir)) {
    await app.register(fastifyStatic, {
      root: webDir,
      index: false,
      wildcard: true,
      // The build writes .br and .gz copies of the scripts and styles (web/vite.config.ts): sent when accepted.
      preCompressed: true,
      // Hashed asset names never change content: cache them for a year.
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          void res.header('cache-control', 'public, max-age=31536000, immutable');
        // The service worker is checked for updates on every visit; it controls the whole site.
        if (path.basename(filePath) === 'sw.js')
          void res.header('cache-control', 'no-cache').header('service-worker-allowed', '/');
      },
    });
  }

  return app;
}
