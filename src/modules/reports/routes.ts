// Reports over HTTP: submission (idempotent), the public record (list, search, map, one report, figures,
// nearby duplicates), and the officer's view of a report (identity on request, routing suggestion).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { WindowLimiter } from '../../platform/rate-limit.js';
import { myReport, myReports } from './mine.js';
import { changeSuggestedAgency, grantIdentity, officerReport, reporterIdentity } from './officer.js';
import { figures, listReports, mapReports, nearbyOpenReports, reportByCode } from './public.js';
import type { ReportService } from './intake.js';
import {
  type SubmitReportBody as SubmitReportInput,
  type PublicListQuery as PublicListQueryInput,
  DuplicatesQuery,
  DuplicatesReply,
  FiguresQuery,
  FiguresReply,
  MapQuery,
  MapReply,
  PublicListQuery,
  PublicReportDetail,
  PublicReportList,
  SubmitReportBody,
  SubmitReportReply,
  TimelineEntry,
} from './schemas.js';

export interface ReportRoutesOptions {
  db: Db;
  service: ReportService;
  /** Radius (metres) within which open reports of the same category are offered as possible duplicates. */
  duplicateRadiusMetres: number;
  /** Reports one client address may send per hour (0: no limit). */
  reportsPerHour: number;
}

/** An agency chosen by a receiver, with the reason (kept on the timeline and in the audit log). */
const AgencyWithReason = Type.Object(
  {
    agencyId: Type.String({ format: 'uuid' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description:
        'A new random value (e.g. a UUID) per report: a retry with the same key returns the first answer.',
    }),
  ),
});

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, options) => {
  const { db, service } = options;
  const perClient = new WindowLimiter(options.reportsPerHour, 3_600_000);

  app.post(
    '/api/v1/public/reports',
    {
      schema: {
        tags: ['public'],
        summary:
          'Send a report (field report, administrative procedure or business); idempotent with Idempotency-Key',
        headers: IdempotencyHeaders,
        body: SubmitReportBody,
        response: { 201: SubmitReportReply },
      },
    },
    async (request, reply) => {
      perClient.hit(request.ip);
      // The type provider reads enum schemas as unknown; Ajv has checked them against the same schema.
      const { channel, ...rest } = request.body as SubmitReportInput;
      const result = await service.submit(
        request.actor,
        { ...rest, channel: channel ?? 'web' },
        {
          ...(request.headers['idempotency-key'] !== undefined
            ? { idempotencyKey: request.headers['idempotency-key'] }
            : {}),
        },
      );
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(result.body);
    },
  );

  app.get(
    '/api/v1/public/reports',
    {
      schema: {
        tags: ['public'],
        summary: 'Public reports, newest first: filters and diacritics-insensitive search, keyset pages',
        querystring: PublicListQuery,
        response: { 200: PublicReportList },
      },
    },
    async (request) => listReports(db, request.query as PublicListQueryInput),
  );

  app.get(
    '/api/v1/public/reports/map',
    {
      schema: {
        tags: ['public'],
        summary: 'Public reports in a bounding box: clusters at low zoom, points when zoomed in',
        querystring: MapQuery,
        response: { 200: MapReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=30');
      return mapReports(db, request.query);
    },
  );

  app.get(
    '/api/v1/public/reports/nearby',
    {
      schema: {
        tags: ['public'],
        summary: 'Open reports of the same category near a point: "is it one of these?" before sending',
        querystring: DuplicatesQuery,
        response: { 200: DuplicatesReply },
      },
    },
    async (request) => ({ items: await nearbyOpenReports(db, request.query, options.duplicateRadiusMetres) }),
  );

  app.get(
    '/api/v1/public/reports/:code',
    {
      schema: {
        tags: ['public'],
        summary:
          'One report by its tracking code: everything public, or only its status while it is not public',
        params: Type.Object({ code: Type.String({ pattern: '^[Pp][Aa]-\\d{4}-\\d{6,}$' }) }),
        response: {
          200: Type.Composite([
            PublicReportDetail,
            Type.Object({ visibility: Type.Union([Type.Literal('public'), Type.Literal('tracking_only')]) }),
          ]),
        },
      },
    },
    async (request) => reportByCode(db, request.params.code),
  );

  app.get(
    '/api/v1/public/figures',
    {
      schema: {
        tags: ['public'],
        summary: 'Figures (received, handled, on-time %, satisfaction %) by agency, area, category or month',
        querystring: FiguresQuery,
        response: { 200: FiguresReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=60');
      return figures(db, request.query);
    },
  );

  app.get(
    '/api/v1/me/reports',
    {
      schema: {
        tags: ['auth'],
        summary: 'The reports I sent or follow (signed-in citizens)',
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              status: Type.String(),
              submittedAt: Type.String({ format: 'date-time' }),
              description: Type.String(),
              category: Type.Union([
                Type.Object({ nameVi: Type.String(), nameEn: Type.String() }),
                Type.Null(),
              ]),
              role: Type.Union([Type.Literal('reporter'), Type.Literal('follower')]),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return myReports(db, request.actor);
    },
  );

  app.get(
    '/api/v1/me/reports/:code',
    {
      schema: {
        tags: ['auth'],
        summary:
          'One of my reports as its reporter sees it: my text, what is public or addressed to me, the answer, the open question',
        params: Type.Object({ code: Type.String({ pattern: '^[Pp][Aa]-\\d{4}-\\d{6,}$' }) }),
        response: {
          200: Type.Object({
            code: Type.String(),
            status: Type.String(),
            submittedAt: Type.String({ format: 'date-time' }),
            description: Type.String(),
            category: Type.Union([
              Type.Object({ nameVi: Type.String(), nameEn: Type.String() }),
              Type.Null(),
            ]),
            rating: Type.Union([Type.String(), Type.Null()]),
            timeline: Type.Array(TimelineEntry),
            answer: Type.Union([
              Type.Object({ text: Type.String(), approvedAt: Type.String({ format: 'date-time' }) }),
              Type.Null(),
            ]),
            openQuestion: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return myReport(db, request.actor, request.params.code);
    },
  );

  // Officers.
  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: "An officer's view of a report (without the reporter's identity)",
        params: IdParams,
      },
    },
    async (request) => officerReport(db, request.actor, request.params.id),
  );

  app.post(
    '/api/v1/reports/:id/identity-grants',
    {
      schema: {
        tags: ['reports'],
        summary:
          "Let an agency handling the report see the reporter's identity (receivers); a reason is required, audited",
        params: IdParams,
        body: AgencyWithReason,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await grantIdentity(db, request.actor, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/reports/:id/reporter',
    {
      schema: {
        tags: ['reports'],
        summary: "Show the reporter's identity: a reason is required and the view is audited",
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            anonymous: Type.Boolean(),
            erased: Type.Boolean(),
            name: Type.Union([Type.String(), Type.Null()]),
            phone: Type.Union([Type.String(), Type.Null()]),
            email: Type.Union([Type.String(), Type.Null()]),
            zaloUserId: Type.Union([Type.String(), Type.Null()]),
            hasAccount: Type.Boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return reporterIdentity(db, request.actor, request.params.id, request.body.reason);
    },
  );

  app.put(
    '/api/v1/reports/:id/suggested-agency',
    {
      schema: {
        tags: ['reports'],
        summary: 'Change the agency the routing rules suggested (receivers)',
        params: IdParams,
        body: AgencyWithReason,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await changeSuggestedAgency(db, request.actor, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/reports/hotline',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Enter a report received by telephone or in person (receivers); idempotent with Idempotency-Key',
        headers: IdempotencyHeaders,
        body: Type.Omit(SubmitReportBody, ['channel']),
        response: { 201: SubmitReportReply },
      },
    },
    async (request, reply) => {
      const result = await service.enterByOfficer(
        request.actor,
        request.body as Omit<SubmitReportInput, 'channel'>,
        {
          ...(request.headers['idempotency-key'] !== undefined
            ? { idempotencyKey: request.headers['idempotency-key'] }
            : {}),
        },
      );
      return reply.code(201).send(result.body);
    },
  );
};
