// GET /api/v1/public/stats — public figures, no personal data.
import type { Db } from '../../platform/db/tables.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PublicStats } from './schemas.js';
import { getPublicStats } from './service.js';

export const statsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/public/stats',
    {
      schema: {
        tags: ['public'],
        summary: 'Public figures: reports received, handled, the on-time rate and the satisfaction rate',
        response: { 200: PublicStats },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=30');
      return getPublicStats(db);
    },
  );
};
