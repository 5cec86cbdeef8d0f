// Officer accounts in bulk over HTTP: upload an XLSX or CSV file as the request body; download the list.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { exportOfficers, importOfficers } from './officer-import.js';
import { OfficerImportResult, type OfficerFileFormat } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMAT_OF: Record<string, OfficerFileFormat> = { [XLSX]: 'xlsx', 'text/csv': 'csv' };

export const accountAdminRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // The file itself is the body: no multipart needed. 10 MB holds far more than 20,000 rows.
  app.addContentTypeParser(
    [XLSX, 'text/csv'],
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/v1/admin/officers/import',
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['admin'],
        summary: 'Import officer accounts from an XLSX or CSV file (the whole file or nothing)',
        description: `Send the file as the body with Content-Type ${XLSX} or text/csv. A refused file answers 400 with one detail per problem, naming its row.`,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
        response: { 200: OfficerImportResult },
      },
    },
    async (request) => {
      const mediaType = (request.headers['content-type'] ?? '').split(';', 1).join('').trim().toLowerCase();
      const format = FORMAT_OF[mediaType];
      if (format === undefined || !Buffer.isBuffer(request.body))
        throw new AppError('unsupported_media_type');
      return importOfficers(db, {
        data: request.body,
        format,
        actor: request.actor,
        dryRun: request.query.dryRun === true,
      });
    },
  );

  app.get(
    '/api/v1/admin/officers/export',
    {
      schema: {
        tags: ['admin'],
        summary: 'Download every officer with their positions, in the import layout',
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')])),
          lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
        }),
      },
    },
    async (request, reply) => {
      const file = await exportOfficers(db, request.query.format ?? 'xlsx', {
        actor: request.actor,
        lang: request.query.lang ?? 'vi',
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
};
