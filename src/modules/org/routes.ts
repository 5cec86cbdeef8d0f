// The organisation over HTTP: the public category list, routing lookups and lists for officers, edits,
// spreadsheets and restructuring plans for administrators.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { applyRestructuringAs, publicCategories, routeFor } from './admin.js';
import * as edits from './edits.js';
import { exportOrgFile, importOrgFile } from './org-files.js';
import { areaOutlines } from './outlines.js';
import {
  AreaOutlines,
  CategoryIconSchema,
  DeadlinePolicy,
  EmergencyStop,
  Question,
  RestructuringPlan,
} from './schemas.js';
import type { OrgFileFormat, OrgFileTable } from './spreadsheets.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMAT_OF: Record<string, OrgFileFormat> = { [XLSX]: 'xlsx', 'text/csv': 'csv' };
const FILE_TABLES: readonly OrgFileTable[] = ['areas', 'agencies', 'categories', 'jurisdictions'];

const Uuid = Type.String({ format: 'uuid' });
const Slug = Type.String({ pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*$', maxLength: 200 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const OnQuery = Type.Object({
  on: Type.Optional(DateOnly),
});
const IdParams = Type.Object({ id: Uuid });
const AgencyKind = Type.Union(
  [
    'provincial_committee',
    'department',
    'district_committee',
    'commune_committee',
    'public_service_company',
    'central_agency',
  ].map((k) => Type.Literal(k)),
);
const PriorityType = Type.Union([Type.Literal('urgent'), Type.Literal('normal'), Type.Literal('complex')]);

const AreaOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  parentId: Nullable(Type.String()),
  level: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  codes: Type.Record(Type.String(), Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});
const AgencyOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  parentId: Nullable(Type.String()),
  kind: Type.String(),
  name: Type.String(),
  areaId: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});
const JurisdictionOut = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencySlug: Type.String(),
  categoryId: Nullable(Type.String()),
  categorySlug: Nullable(Type.String()),
  areaId: Type.String(),
  areaSlug: Type.String(),
  includeSubareas: Type.Boolean(),
  priority: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
const CategoryOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  parentId: Nullable(Type.String()),
  name: Type.Object({ vi: Type.String(), en: Type.String() }),
  description: Type.Object({ vi: Nullable(Type.String()), en: Nullable(Type.String()) }),
  defaultPriority: PriorityType,
  photoRequired: Type.Boolean(),
  publicByDefault: Type.Boolean(),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  deadlines: Type.Unknown(),
  questions: Type.Unknown(),
  icon: Nullable(Type.String()),
  emergency: Nullable(EmergencyStop),
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const CategoryFields = {
  parentId: Type.Optional(Nullable(Uuid)),
  nameVi: Type.Optional(Text(200)),
  nameEn: Type.Optional(Text(200)),
  descriptionVi: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  descriptionEn: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  defaultPriority: Type.Optional(PriorityType),
  photoRequired: Type.Optional(Type.Boolean()),
  publicByDefault: Type.Optional(Type.Boolean()),
  sortOrder: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  active: Type.Optional(Type.Boolean()),
  deadlines: Type.Optional(DeadlinePolicy),
  questions: Type.Optional(Type.Array(Question, { maxItems: 30 })),
  icon: Type.Optional(Nullable(CategoryIconSchema)),
  emergency: Type.Optional(Nullable(EmergencyStop)),
};
const OrgImportResult = Type.Object({
  dryRun: Type.Boolean(),
  /** Data rows read (blank rows are skipped). */
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
});

const LocalText = Type.Object({ vi: Type.String(), en: Type.String() });
const LocalTextOrNull = Type.Object({
  vi: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
});

export const orgRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // Spreadsheet imports: the file itself is the body (as for officer lists); scoped to this plugin.
  app.addContentTypeParser(
    [XLSX, 'text/csv'],
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get(
    '/api/v1/org/areas',
    {
      schema: {
        tags: ['org'],
        summary: 'Areas in force on a date (default today), as a flat list with parentId',
        querystring: OnQuery,
        response: { 200: Type.Array(AreaOut) },
      },
    },
    async (request) => edits.areasOn(db, request.actor, request.query.on),
  );

  app.get(
    '/api/v1/public/areas',
    {
      schema: {
        tags: ['public'],
        summary: 'Areas in force today (province, districts, communes), for choosing the place of a report',
        response: {
          200: Type.Array(
            Type.Object(
              {
                id: Type.String(),
                parentId: Nullable(Type.String()),
                level: Type.String(),
                kind: Type.String(),
                name: Type.String(),
              },
              { additionalProperties: false },
            ),
          ),
        },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return edits.publicAreas(db);
    },
  );

  app.get(
    '/api/v1/public/areas/outlines',
    {
      schema: {
        tags: ['public'],
        summary: 'Outlines of the areas in force today (GeoJSON), simplified, for drawing on a map',
        response: { 200: AreaOutlines, 304: Type.Null({ description: 'Not modified (If-None-Match)' }) },
      },
    },
    async (request, reply) => {
      const { outlines, etag } = await areaOutlines(db);
      // Cached by browsers for 10 minutes, then revalidated by entity tag: outlines rarely change.
      void reply.header('cache-control', 'public, max-age=600').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return outlines;
    },
  );

  app.get(
    '/api/v1/org/agencies',
    {
      schema: {
        tags: ['org'],
        summary: 'Agencies in force on a date (default today)',
        querystring: OnQuery,
        response: { 200: Type.Array(AgencyOut) },
      },
    },
    async (request) => edits.agenciesOn(db, request.actor, request.query.on),
  );

  app.get(
    '/api/v1/org/jurisdictions',
    {
      schema: {
        tags: ['org'],
        summary: 'Routing rules in force on a date (default today)',
        querystring: OnQuery,
        response: { 200: Type.Array(JurisdictionOut) },
      },
    },
    async (request) => edits.jurisdictionsOn(db, request.actor, request.query.on),
  );

  app.get(
    '/api/v1/org/categories',
    {
      schema: {
        tags: ['org'],
        summary: 'Every category, inactive ones included, with deadlines and questions',
        response: { 200: Type.Array(CategoryOut) },
      },
    },
    async (request) => edits.allCategories(db, request.actor),
  );

  app.post(
    '/api/v1/admin/org/agencies',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an agency (from validFrom, default today)',
        body: Type.Object(
          {
            slug: Slug,
            parentId: Nullable(Uuid),
            kind: AgencyKind,
            name: Text(300),
            areaId: Nullable(Uuid),
            validFrom: Type.Optional(DateOnly),
          },
          { additionalProperties: false },
        ),
        response: { 201: AgencyOut },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await edits.createAgency(db, request.actor, request.body as edits.AgencyCreate)),
  );

  app.patch(
    '/api/v1/admin/org/agencies/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename an agency in place or correct its kind (moves are restructurings)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(300)),
            kind: Type.Optional(AgencyKind),
            parentId: Type.Optional(Nullable(Uuid)),
            areaId: Type.Optional(Nullable(Uuid)),
          },
          { additionalProperties: false },
        ),
        response: { 200: AgencyOut },
      },
    },
    async (request) =>
      edits.updateAgency(db, request.actor, request.params.id, request.body as edits.AgencyUpdate),
  );

  app.post(
    '/api/v1/admin/org/categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a report category',
        body: Type.Object(
          { ...CategoryFields, slug: Slug, nameVi: Text(200), nameEn: Text(200) },
          { additionalProperties: false },
        ),
        response: { 201: CategoryOut },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await edits.createCategory(db, request.actor, request.body)),
  );

  app.patch(
    '/api/v1/admin/org/categories/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a category (only the fields sent)',
        params: IdParams,
        body: Type.Object(CategoryFields, { additionalProperties: false }),
        response: { 200: CategoryOut },
      },
    },
    async (request) => edits.updateCategory(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/org/jurisdictions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a routing rule',
        body: Type.Object(
          {
            agencyId: Uuid,
            categoryId: Nullable(Uuid),
            areaId: Uuid,
            includeSubareas: Type.Boolean(),
            priority: Type.Integer({ minimum: -1000, maximum: 1000 }),
            validFrom: DateOnly,
            validTo: Type.Optional(Nullable(DateOnly)),
            note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: JurisdictionOut },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await edits.createJurisdiction(db, request.actor, request.body)),
  );

  app.patch(
    '/api/v1/admin/org/jurisdictions/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a routing rule (its units, category and start are fixed: end it and create another)',
        params: IdParams,
        body: Type.Object(
          {
            includeSubareas: Type.Optional(Type.Boolean()),
            priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
            note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
            validTo: Type.Optional(Nullable(DateOnly)),
          },
          { additionalProperties: false },
        ),
        response: { 200: JurisdictionOut },
      },
    },
    async (request) => edits.updateJurisdiction(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/org/jurisdictions/:id/end',
    {
      schema: {
        tags: ['admin'],
        summary: 'End a routing rule: it no longer applies from `on`',
        params: IdParams,
        body: Type.Object({ on: DateOnly }, { additionalProperties: false }),
        response: { 200: JurisdictionOut },
      },
    },
    async (request) => edits.endJurisdiction(db, request.actor, request.params.id, request.body.on),
  );

  for (const table of FILE_TABLES) {
    app.get(
      `/api/v1/admin/org/${table}/export`,
      {
        schema: {
          tags: ['admin'],
          summary: `Download every row of ${table} (ended ones too) as XLSX or CSV, in the import layout`,
          querystring: Type.Object({
            format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')])),
            lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
          }),
        },
      },
      async (request, reply) => {
        const file = await exportOrgFile(db, {
          table,
          format: request.query.format ?? 'xlsx',
          lang: request.query.lang ?? 'vi',
          actor: request.actor,
        });
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.data);
      },
    );

    app.post(
      `/api/v1/admin/org/${table}/import`,
      {
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          tags: ['admin'],
          summary: `Import ${table} from an XLSX or CSV file (the whole file or nothing)`,
          description: `Send the file as the body with Content-Type ${XLSX} or text/csv. A refused file answers 400 with one detail per problem, naming its row.`,
          querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
          response: { 200: OrgImportResult },
        },
      },
      async (request) => {
        const mediaType = (request.headers['content-type'] ?? '').split(';', 1).join('').trim().toLowerCase();
        const format = FORMAT_OF[mediaType];
        if (format === undefined || !Buffer.isBuffer(request.body))
          throw new AppError('unsupported_media_type');
        return importOrgFile(db, {
          table,
          data: request.body,
          format,
          actor: request.actor,
          dryRun: request.query.dryRun === true,
        });
      },
    );
  }

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
              icon: Type.Union([Type.String(), Type.Null()], {
                description: 'Name of the portal icon; null: the generic one',
              }),
              emergency: Type.Union([EmergencyStop, Type.Null()], {
                description: 'Call this number before reporting (an emergency category); null: none',
              }),
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
            positionsMoved: Type.Integer(),
            positionsEnded: Type.Integer(),
          }),
        },
      },
    },
    async (request) => applyRestructuringAs(db, request.actor, request.body),
  );
};
