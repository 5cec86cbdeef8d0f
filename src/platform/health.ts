// /healthz (the process is alive) and /readyz (the database answers and all migrations are applied).
import type { Db } from './db/tables.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { readMigrations } from './db/migrate.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Optional(Type.Object({ database: Type.Boolean(), migrations: Type.Boolean() })),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // Counted once: the files do not change while the process runs.
  const expectedMigrations = readMigrations().length;

  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Readiness', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      let database = false;
      let migrations = false;
      try {
        const result = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(db);
        database = true;
        migrations = (result.rows[0]?.n ?? 0) >= expectedMigrations;
      } catch (error) {
        app.log.warn({ err: error }, 'readiness check failed');
      }
      const ready = database && migrations;
      void reply.status(ready ? 200 : 503).header('cache-control', 'no-store');
      return {
        status: ready ? ('ready' as const) : ('not_ready' as const),
        checks: { database, migrations },
      };
    },
  );
};
