// GET /api/v1/public/site — the deployment's name and province for the web app's header, and the background
// map its maps draw under the area outlines and the reports.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { MapTilesConfig } from '../../platform/config.js';

export const SiteInfo = Type.Object(
  {
    name: Type.String({ description: 'The system name in Vietnamese.' }),
    shortName: Type.String({ description: 'Short name for small screens.' }),
    province: Type.String({ description: 'The province running this deployment.' }),
    map: Type.Object(
      {
        tileUrl: Type.Union([Type.String(), Type.Null()], {
          description:
            'Tile URL template of the background map ({z}/{x}/{y}, maybe {s}, {r}); null: no background map, the maps show area outlines and reports only.',
        }),
        attribution: Type.String({ description: "The tile provider's attribution, plain text." }),
      },
      {
        additionalProperties: false,
        description: 'The background map (MAP_TILE_URL, MAP_TILE_ATTRIBUTION).',
      },
    ),
  },
  { $id: 'SiteInfo', additionalProperties: false },
);

export const siteRoutes: FastifyPluginAsyncTypebox<{
  name: string;
  shortName: string;
  province: string;
  mapTiles: MapTilesConfig | null;
}> = async (app, site) => {
  app.get(
    '/api/v1/public/site',
    {
      schema: {
        tags: ['public'],
        summary: 'The name and province of this deployment, and its background map',
        response: { 200: SiteInfo },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return {
        name: site.name,
        shortName: site.shortName,
        province: site.province,
        map: site.mapTiles
          ? { tileUrl: site.mapTiles.url, attribution: site.mapTiles.attribution }
          : { tileUrl: null, attribution: '' },
      };
    },
  );
};
