// The officers' inboxes over HTTP: the tabs with their counts, one page of a tab, and the live stream of changes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import type { ReportService } from '../reports/intake.js';
import { InboxPageQuery, InboxPageReply, InboxTabsReply } from './schemas.js';
import { InboxService } from './service.js';
import { InboxStreams, type InboxStreamOptions } from './stream.js';

export interface InboxRoutesOptions {
  database: Database;
  reports: ReportService;
  /** Stream settings (tests shorten them). */
  streams?: Omit<InboxStreamOptions, 'database' | 'logger'>;
}

export const inboxRoutes: FastifyPluginAsyncTypebox<InboxRoutesOptions> = async (app, options) => {
  const { cacheMs } = options.reports.options;
  const inbox = new InboxService({
    db: options.database.db,
    officeHours: options.reports.options.officeHours,
    // The same freshness as the organisation data the workflow reads (tests: none kept).
    ...(cacheMs !== undefined ? { calendarMs: cacheMs } : {}),
  });
  const streams = new InboxStreams({ database: options.database, logger: app.log, ...options.streams });
  // Open streams would keep the server's close waiting for ever: they end first, then the listening stops.
  app.addHook('preClose', async () => {
    streams.endAll();
  });
  app.addHook('onClose', async () => {
    await streams.close();
  });

  app.get(
    '/api/v1/inbox/tabs',
    {
      schema: {
        tags: ['reports'],
        summary: 'The inbox tabs of the signed-in officer’s positions, with how many reports each holds',
        response: { 200: InboxTabsReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { tabs: await inbox.tabs(request.actor) };
    },
  );

  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags: ['reports'],
        summary: 'One page of an inbox tab, most urgent first (running clock’s due date, then oldest)',
        description:
          'Items never carry the reporter’s identity. 403 `inbox_tab_forbidden` for a tab the officer’s positions do not give.',
        querystring: InboxPageQuery,
        response: { 200: InboxPageReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      // The provider types enum strings as unknown; the schema has checked them.
      return inbox.page(request.actor, request.query as InboxPageQuery);
    },
  );

  app.get(
    '/api/v1/inbox/stream',
    {
      schema: {
        tags: ['reports'],
        summary: 'Live inbox changes (Server-Sent Events) for the signed-in officer',
        description:
          'A `text/event-stream`: `event: inbox` with `data: {"reportId", "status", "kind": "created" | "changed"}` ' +
          'when a report that concerns the officer is submitted or changes (state, version, agencies), and a ' +
          '`: keepalive` comment every 25 s. Ended after 15 minutes (the browser reconnects by itself) and when the ' +
          'server stops. At most 4 streams per session in a process (429 `too_many_streams`).',
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const body = await streams.open(request.actor);
      void reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        // Neither kept nor transformed (compressed, buffered) on the way: events must arrive as they are written.
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        // One response per connection: when the stream ends, the connection closes with it rather than idle as
        // keep-alive (a stopping server would wait for it).
        .header('connection', 'close');
      // A stream goes out as written (the schema above only describes it for the OpenAPI document).
      return reply.send(body as unknown as string);
    },
  );
};
