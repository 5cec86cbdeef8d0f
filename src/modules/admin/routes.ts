// The administration API beyond the organisation's own routes: the working calendar's exceptions, reply
// templates (and the officers' read of them), officer accounts one at a time, and the guides and FAQ.
// Every route is thin: schema, then one service call that authorizes first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../platform/db/tables.js';
import { deleteGuide, guidesForEditing, moveGuide, saveGuide } from '../guides/edit.js';
import * as accounts from './accounts.js';
import { calendarYear, deleteCalendarException, setCalendarException } from './calendar.js';
import {
  allReplyTemplates,
  createReplyTemplate,
  deleteReplyTemplate,
  replyTemplatesFor,
  updateReplyTemplate,
} from './reply-templates.js';
import {
  AdminGuide,
  CalendarException,
  CalendarYear,
  DateOnly,
  GuideInput,
  Officer,
  OfficerCreate,
  OfficerList,
  OfficerQuery,
  PositionInput,
  ProfileInput,
  ReplyTemplate,
  ReplyTemplateCreate,
  ReplyTemplateUpdate,
  GuideSlug,
  Uuid,
} from './schemas.js';

const IdParams = Type.Object({ id: Uuid });
const NoContent = { 204: Type.Null({ description: 'Done' }) };

export const adminRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // ---- the working calendar ----

  app.get(
    '/api/v1/admin/calendar',
    {
      schema: {
        tags: ['admin'],
        summary: 'A year of the working calendar: the public holidays (computed) and the recorded exceptions',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2099 }) }),
        response: { 200: CalendarYear },
      },
    },
    async (request) => calendarYear(db, request.actor, request.query.year),
  );

  app.post(
    '/api/v1/admin/calendar/exceptions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Record a compensatory day off or a swapped working day (replaces that date’s exception)',
        body: CalendarException,
        response: { 200: CalendarException },
      },
    },
    async (request) => setCalendarException(db, request.actor, request.body),
  );

  app.delete(
    '/api/v1/admin/calendar/exceptions/:date',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove the exception of a date',
        params: Type.Object({ date: DateOnly }),
        response: NoContent,
      },
    },
    async (request, reply) => {
      await deleteCalendarException(db, request.actor, request.params.date);
      return reply.code(204).send(null);
    },
  );

  // ---- reply templates ----

  app.get(
    '/api/v1/reply-templates',
    {
      schema: {
        tags: ['reports'],
        summary: 'Reply templates an officer may start an answer from',
        description:
          'With categoryId: the category’s own templates, then those of the categories above it, then the general ones. Without: every template.',
        querystring: Type.Object({ categoryId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(ReplyTemplate) },
      },
    },
    async (request) => replyTemplatesFor(db, request.actor, request.query.categoryId),
  );

  app.get(
    '/api/v1/admin/reply-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every reply template, the general ones first',
        response: { 200: Type.Array(ReplyTemplate) },
      },
    },
    async (request) => allReplyTemplates(db, request.actor),
  );

  app.post(
    '/api/v1/admin/reply-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a reply template',
        body: ReplyTemplateCreate,
        response: { 201: ReplyTemplate },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createReplyTemplate(db, request.actor, request.body)),
  );

  app.patch(
    '/api/v1/admin/reply-templates/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a reply template (only the fields sent)',
        params: IdParams,
        body: ReplyTemplateUpdate,
        response: { 200: ReplyTemplate },
      },
    },
    async (request) => updateReplyTemplate(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/admin/reply-templates/:id',
    {
      schema: { tags: ['admin'], summary: 'Delete a reply template', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await deleteReplyTemplate(db, request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- officer accounts ----

  app.get(
    '/api/v1/admin/accounts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Officers with their current and coming positions, filtered and paged',
        description:
          'Disabling and enabling an account: POST /api/v1/admin/accounts/{id}/disable and /enable (auth module).',
        querystring: OfficerQuery,
        response: { 200: OfficerList },
      },
    },
    async (request) =>
      accounts.listOfficers(db, request.actor, {
        ...request.query,
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  app.post(
    '/api/v1/admin/accounts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an officer with a first position (no password: the officer sets one by a reset)',
        body: OfficerCreate,
        response: { 201: Officer },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await accounts.createOfficer(db, request.actor, request.body)),
  );

  app.get(
    '/api/v1/admin/accounts/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One officer with every position, ended ones included',
        params: IdParams,
        response: { 200: Officer },
      },
    },
    async (request) => accounts.getOfficer(db, request.actor, request.params.id),
  );

  app.patch(
    '/api/v1/admin/accounts/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change an officer’s name, e-mail or phone',
        params: IdParams,
        body: ProfileInput,
        response: { 200: Officer },
      },
    },
    async (request) => accounts.updateOfficer(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/accounts/:id/positions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Give an officer a position (a role in an agency or area) from a date',
        params: IdParams,
        body: PositionInput,
        response: { 200: Officer },
      },
    },
    async (request) => accounts.addPosition(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/accounts/:id/positions/:positionId/end',
    {
      schema: {
        tags: ['admin'],
        summary: 'End a position: from `on` the officer no longer holds it',
        params: Type.Object({ id: Uuid, positionId: Uuid }),
        body: Type.Object({ on: DateOnly }, { additionalProperties: false }),
        response: { 200: Officer },
      },
    },
    async (request) =>
      accounts.endPosition(db, request.actor, request.params.id, request.params.positionId, request.body.on),
  );

  // ---- guides and FAQ ----

  app.get(
    '/api/v1/admin/guides',
    {
      schema: {
        tags: ['admin'],
        summary: 'The guides and questions as stored, for editing (not cached)',
        response: { 200: Type.Array(AdminGuide) },
      },
    },
    async (request) => guidesForEditing(db, request.actor),
  );

  app.put(
    '/api/v1/admin/guides/:slug',
    {
      schema: {
        tags: ['admin'],
        summary: 'Write a guide or a question (a new slug is added at the end of its list)',
        description:
          'Bodies use the guides markup: paragraphs separated by a blank line, "1. " steps, "- " lists, and a paragraph that is only ![alt](/huong-dan/anh/name.png). HTML is refused.',
        params: Type.Object({ slug: GuideSlug }),
        body: GuideInput,
        response: { 200: AdminGuide, 201: AdminGuide },
      },
    },
    async (request, reply) => {
      const { guide, created } = await saveGuide(db, request.actor, request.params.slug, request.body);
      return reply.code(created ? 201 : 200).send(guide);
    },
  );

  app.delete(
    '/api/v1/admin/guides/:slug',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a guide or a question',
        params: Type.Object({ slug: GuideSlug }),
        response: NoContent,
      },
    },
    async (request, reply) => {
      await deleteGuide(db, request.actor, request.params.slug);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/admin/guides/:slug/move',
    {
      schema: {
        tags: ['admin'],
        summary: 'Move a guide or a question one place up or down its list; answers the whole list',
        params: Type.Object({ slug: GuideSlug }),
        body: Type.Object(
          { direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AdminGuide) },
      },
    },
    async (request) => moveGuide(db, request.actor, request.params.slug, request.body.direction),
  );
};
