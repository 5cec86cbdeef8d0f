// GET /api/v1/public/site — the deployment's name and province, for the web app's header.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

export const SiteInfo = Type.Object(
  {
    name: Type.String({ description: 'The system name in Vietnamese.' }),
    shortName: Type.String({ description: 'Short name for small screens.' }),
    province: Type.String({ description: 'The province running this deployment.' }),
  },
  { $id: 'SiteInfo', additionalProperties: false },
);

export const siteRoutes: FastifyPluginAsyncTypebox<{
  name: string;
  shortName: string;
  province: string;
}> = async (app, site) => {
  app.get(
    '/api/v1/public/site',
    {
      schema: {
        tags: ['public'],
        summary: 'The name and province of this deployment',
        response: { 200: SiteInfo },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { name: site.name, shortName: site.shortName, province: site.province };
    },
  );
};
