// GET /api/v1/stats/leader (and /export.xlsx, /export.csv, /agencies): the officers' statistics over HTTP.
// The JSON and both files come from one call of `leaderStatistics` with the same query, so they cannot differ.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { WorkCalendar } from '../../platform/calendar/calendar.js';
import type { Db } from '../../platform/db/tables.js';
import { exportFileName, leaderCsv, leaderXlsx } from './leader-export.js';
import { leaderAgencies, leaderStatistics } from './leader.js';

const Month = (description: string) =>
  Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: `${description}, YYYY-MM (Vietnam time)` });
const Grouping = (options: { description?: string } = {}) =>
  Type.Union(
    [
      Type.Literal('agency'),
      Type.Literal('category'),
      Type.Literal('area'),
      Type.Literal('status'),
      Type.Literal('month'),
    ],
    options,
  );
const Column = Type.Union([
  Type.Literal('received'),
  Type.Literal('rejected'),
  Type.Literal('inProgress'),
  Type.Literal('handled'),
  Type.Literal('onTime'),
  Type.Literal('late'),
  Type.Literal('overdue'),
  Type.Literal('onTimePercent'),
  Type.Literal('avgHandlingDays'),
  Type.Literal('returns'),
  Type.Literal('rated'),
  Type.Literal('satisfied'),
  Type.Literal('satisfactionPercent'),
]);
const Uuid = (description: string) => Type.String({ format: 'uuid', description });

const queryFields = {
  groupBy: Type.Optional(
    Grouping({
      description:
        'One row per agency (the lead agency now), category, area (units under areaId or the province), status or month; default agency.',
    }),
  ),
  from: Type.Optional(Month('First month of submission, included')),
  to: Type.Optional(Month('Last month of submission, included')),
  agencyId: Type.Optional(Uuid('Only this agency and the agencies under it (within your scope, else 403)')),
  categoryId: Type.Optional(Uuid('Only this category and its subcategories')),
  areaId: Type.Optional(Uuid('Only this area and the areas under it; by area, its units are the rows')),
};
export const LeaderQuery = Type.Object(queryFields, { additionalProperties: false });
const ExportQuery = Type.Object(
  {
    ...queryFields,
    lang: Type.Optional(
      Type.Union([Type.Literal('vi'), Type.Literal('en')], {
        description: 'Language of headers and names; default vi',
      }),
    ),
  },
  { additionalProperties: false },
);

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const OneDecimal = (description: string) =>
  Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description });
const Figures = {
  received: Count('Reports submitted in the period (merged duplicates count in their original).'),
  rejected: Count('Of those, rejected at intake.'),
  inProgress: Count('Of those, without an approved answer yet (awaiting intake included).'),
  handled: Count('Of those, with an approved answer.'),
  onTime: Count('Answers approved by the first due date.'),
  late: Count('Answered after the first due date (an extension does not help), or open past it.'),
  overdue: Count('Open now, past the due date in force.'),
  onTimePercent: OneDecimal('onTime / cameDue × 100, one decimal; null when none came due.'),
  avgHandlingDays: OneDecimal(
    'Mean working days (office hours on the working calendar) from submission to the approved answer, one decimal; null when none was handled.',
  ),
  returns: Count(
    'Times an agency returned one of these reports as not its remit (by agency: the agency that returned).',
  ),
  rated: Count('Answers the reporter rated.'),
  satisfied: Count('Of those, rated satisfied.'),
  satisfactionPercent: OneDecimal('satisfied / rated × 100, one decimal; null when none was rated.'),
  cameDue: Count('onTime + late: what onTimePercent is a share of.'),
};
const Named = Type.Object({ id: Type.String(), nameVi: Type.String(), nameEn: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.Object>>(t: T) => Type.Union([t, Type.Null()]);

export const LeaderReply = Type.Object(
  {
    groupBy: Grouping(),
    from: Type.Union([Type.String(), Type.Null()]),
    to: Type.Union([Type.String(), Type.Null()]),
    filters: Type.Object({ agency: Nullable(Named), category: Nullable(Named), area: Nullable(Named) }),
    scope: Type.Object({
      everything: Type.Boolean({ description: 'True for the whole province.' }),
      units: Type.Array(Named, {
        description: 'Otherwise the agencies or areas whose subtrees are counted.',
      }),
    }),
    columns: Type.Array(Column, {
      description: 'The figures in the order of the table and of the files.',
    }),
    rows: Type.Array(
      Type.Object({
        key: Type.Union([Type.String(), Type.Null()], {
          description:
            'Agency, category or area id, status code or month YYYY-MM; null: not assigned / not determined.',
        }),
        nameVi: Type.String(),
        nameEn: Type.String(),
        ...Figures,
      }),
    ),
    total: Type.Object(Figures),
    asOf: Type.String({ format: 'date-time', description: 'When the figures were computed (live).' }),
  },
  { $id: 'LeaderStatistics' },
);

const AgencyList = Type.Object({
  agencies: Type.Array(
    Type.Object({
      id: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      depth: Type.Integer({ minimum: 0 }),
    }),
  ),
});

export interface LeaderRoutesOptions {
  db: Db;
  /** The working calendar in force (holidays, the administrators' exceptions, office hours). */
  calendar: (now: Date) => Promise<WorkCalendar>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const leaderStatsRoutes: FastifyPluginAsyncTypebox<LeaderRoutesOptions> = async (
  app,
  { db, calendar },
) => {
  const compute = async (
    actor: Parameters<typeof leaderStatistics>[1],
    query: Static<typeof LeaderQuery>,
  ) => {
    const now = new Date();
    return leaderStatistics(db, actor, query, { calendar: await calendar(now), now });
  };

  app.get(
    '/api/v1/stats/leader',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Statistics for officers: received, handled, on time, overdue, handling time, returns, satisfaction',
        description:
          'Officers with the statistics permission only; an agency leader sees their agency and the units under it. Live figures.',
        querystring: LeaderQuery,
        response: { 200: LeaderReply },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return compute(request.actor, request.query);
    },
  );

  for (const format of ['xlsx', 'csv'] as const)
    app.get(
      `/api/v1/stats/leader/export.${format}`,
      {
        schema: {
          tags: ['reports'],
          summary: `The same statistics as a ${format.toUpperCase()} file: the same rows and numbers as the JSON`,
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const { lang = 'vi', ...query } = request.query;
        const stats = await compute(request.actor, query);
        const file = format === 'xlsx' ? await leaderXlsx(stats, lang) : leaderCsv(stats, lang);
        return reply
          .header('content-type', format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${exportFileName(stats, format)}"`)
          .header('cache-control', 'no-store')
          .send(file);
      },
    );

  app.get(
    '/api/v1/stats/leader/agencies',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The agencies in force an officer may see statistics of, in tree order (for the agency filter)',
        response: { 200: AgencyList },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { agencies: await leaderAgencies(db, request.actor) };
    },
  );
};
