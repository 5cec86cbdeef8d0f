// GET /api/v1/public/guides — the guides and the FAQ, in both languages (the portal's #/huong-dan, the chatbot).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { Guide, listGuides } from './service.js';

const GuideList = Type.Object({ guides: Type.Array(Guide) }, { additionalProperties: false });

export const guideRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/public/guides',
    {
      schema: {
        tags: ['public'],
        summary: 'The guides and frequently asked questions, in Vietnamese and English',
        description:
          'Bodies use a small markup: paragraphs separated by a blank line, lines starting "1. " (numbered steps) or "- " (a list), and a paragraph that is only ![alt](/huong-dan/anh/name.png) (a screenshot).',
        response: { 200: GuideList },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { guides: await listGuides(db) };
    },
  );
};
