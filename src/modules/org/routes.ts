// The organisation over HTTP: the public category list, routing lookups for officers, restructuring plans for administrators.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { applyRestructuringAs, publicCategories, routeFor } from './admin.js';
import { RestructuringPlan } from './schemas.js';

const LocalText = Type.Object({ vi: Type.String(), en: Type.String() });
const LocalTextOrNull = Type.Object({
  vi: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
});

export const orgRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/public/categories',
    {
      schema: {
        tags: ['public'],
        summary: 'Report categories, with their extra questions',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              slug: Type.String(),
              parentId: Type.Union([Type.String(), Type.Null()]),
              name: LocalText,
              description: LocalTextOrNull,
              photoRequired: Type.Boolean(),
              questions: Type.Unknown(),
            }),
          ),
        },
      },
    },
    async () => publicCategories(db),
  );

  app.get(
    '/api/v1/org/route',
    {
      schema: {
        tags: ['org'],
        summary: 'Which agency handles a category in an area on a date (the routing rule)',
        querystring: Type.Object({
          categoryId: Type.String({ format: 'uuid' }),
          areaId: Type.String({ format: 'uuid' }),
          on: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: {
          200: Type.Object({
            route: Type.Union([
              Type.Null(),
              Type.Object({
                agencyId: Type.String(),
                agencySlug: Type.String(),
                agencyName: Type.String(),
                ruleId: Type.String(),
                areaId: Type.String(),
                ambiguous: Type.Boolean(),
              }),
            ]),
          }),
        },
      },
    },
    async (request) => {
      const { categoryId, areaId, on } = request.query;
      return {
        route: await routeFor(db, request.actor, {
          categoryId,
          areaId,
          on: on === undefined ? new Date() : new Date(on),
        }),
      };
    },
  );

  app.post(
    '/api/v1/admin/restructurings',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Apply a restructuring plan (merges, splits, renames of areas and agencies) in one transaction',
        body: RestructuringPlan,
        response: {
          200: Type.Object({
            effectiveOn: Type.String(),
            areasCreated: Type.Integer(),
            areasEnded: Type.Integer(),
            agenciesCreated: Type.Integer(),
            agenciesEnded: Type.Integer(),
            agenciesMoved: Type.Integer(),
            jurisdictionsEnded: Type.Integer(),
            jurisdictionsCreated: Type.Integer(),
          }),
        },
      },
    },
    async (request) => applyRestructuringAs(db, request.actor, request.body),
  );
};
