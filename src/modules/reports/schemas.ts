// HTTP schemas of the reports module. Public shapes never carry a reporter's identity or contact details.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { WORKFLOW_STATES } from '../workflow/table.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A string from a fixed list, typed as the union of its values. */
const OneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const ChannelSchema = OneOf(['web', 'app', 'zalo', 'chatbot', 'hotline', 'open311', 'email'] as const);
export const ReportTypeSchema = Type.Union([
  Type.Literal('field'),
  Type.Literal('procedure'),
  Type.Literal('business'),
]);
export const StatusSchema = OneOf(WORKFLOW_STATES);

const AnswerValue = Type.Union([
  Type.String({ maxLength: 4000 }),
  Type.Number(),
  Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
]);

export const SubmitReportBody = Type.Object(
  {
    categoryId: Uuid,
    reportType: Type.Optional(ReportTypeSchema),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    answers: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), AnswerValue)),
    location: Type.Object(
      {
        latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        /** How the point was obtained; default `map` when a point is given, `area` otherwise. */
        source: Type.Optional(OneOf(['device', 'photo', 'map', 'area', 'address'] as const)),
        areaId: Type.Optional(Uuid),
        address: Type.Optional(Type.String({ maxLength: 300 })),
      },
      { additionalProperties: false },
    ),
    /** Ids returned by POST /api/v1/public/uploads, in display order. */
    mediaIds: Type.Optional(Type.Array(Uuid, { maxItems: 6, uniqueItems: true })),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 120 })),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Never publish this report (the reporter's request). */
    confidential: Type.Optional(Type.Boolean()),
    /** Set by the app shell: `app` for the installed app; other channels have their own entry points. */
    channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('app')])),
  },
  { additionalProperties: false },
);
export type SubmitReportBody = Static<typeof SubmitReportBody>;

export const SubmitReportReply = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Tracking code, e.g. PA-2026-000123' }),
  status: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  /** Where the report can be followed on the web. */
  trackUrl: Type.String(),
});
export type SubmitReportReply = Static<typeof SubmitReportReply>;

export const UploadReply = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('photo'), Type.Literal('video')]),
  mime: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  bytes: Type.Integer(),
  /** The place read from the photo before its metadata was removed, to suggest the report's location. */
  suggestedLocation: Nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
  thumbUrl: Nullable(Type.String()),
});

const PublicMedia = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  url: Type.String(),
  thumbUrl: Nullable(Type.String()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});

const NamedRef = Type.Object({ id: Type.String(), name: Type.String() });
const CategoryRef = Type.Object({ id: Type.String(), nameVi: Type.String(), nameEn: Type.String() });

export const PublicReportSummary = Type.Object({
  code: Type.String(),
  status: StatusSchema,
  reportType: ReportTypeSchema,
  category: Nullable(CategoryRef),
  area: Nullable(NamedRef),
  agency: Nullable(NamedRef),
  /** The public version of the text (contact details masked). */
  description: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  submittedAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  supporters: Type.Integer(),
  thumbUrl: Nullable(Type.String()),
});
export type PublicReportSummary = Static<typeof PublicReportSummary>;

export const PublicReportList = Type.Object({
  items: Type.Array(PublicReportSummary),
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: Nullable(Type.String()),
});

export const PublicListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Array(StatusSchema, { maxItems: 10 })),
    categoryId: Type.Optional(Uuid),
    areaId: Type.Optional(Uuid),
    agencyId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    sort: Type.Optional(
      Type.Union([Type.Literal('submitted'), Type.Literal('answered')], {
        default: 'submitted',
        description:
          '`submitted`: newest first (default); `answered`: most recently answered first, only answered reports',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PublicListQuery = Static<typeof PublicListQuery>;

export const MapQuery = Type.Object(
  {
    bbox: Type.String({
      pattern: '^-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?$',
      description: 'west,south,east,north in degrees (WGS 84)',
    }),
    zoom: Type.Integer({ minimum: 0, maximum: 22 }),
    categoryId: Type.Optional(Uuid),
    answered: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MapQuery = Static<typeof MapQuery>;

export const MapReply = Type.Object({
  /** clusters at low zoom (pre-computed, refreshed every minute), points when zoomed in. */
  mode: Type.Union([Type.Literal('clusters'), Type.Literal('points')]),
  clusters: Type.Array(
    Type.Object({ latitude: Type.Number(), longitude: Type.Number(), count: Type.Integer() }),
  ),
  points: Type.Array(
    Type.Object({
      code: Type.String(),
      latitude: Type.Number(),
      longitude: Type.Number(),
      status: StatusSchema,
      categoryId: Nullable(Type.String()),
    }),
  ),
  /** True when there were more points than returned (zoom in to see them all). */
  truncated: Type.Boolean(),
});

export const TimelineEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const PublicReportDetail = Type.Composite([
  PublicReportSummary,
  Type.Object({
    answers: Type.Array(
      Type.Object({
        code: Type.String(),
        questionVi: Type.String(),
        questionEn: Type.String(),
        value: Type.Unknown(),
      }),
    ),
    media: Type.Array(PublicMedia),
    timeline: Type.Array(TimelineEntry),
    mergedInto: Nullable(Type.String({ description: 'Code of the report this one was merged into' })),
    place: Type.Object(
      {
        address: Nullable(
          Type.String({
            description:
              'Where it is, as the reporter wrote it (e.g. "Đầu ngõ 12, phố Thanh Xuân"), contact details masked; public reports only',
          }),
        ),
        areaName: Nullable(
          Type.String({
            description:
              'The area’s full name with its parents, e.g. "Xã Chũ, huyện Lục Ngạn, tỉnh Bắc Giang"',
          }),
        ),
      },
      { description: 'The place in words, next to latitude/longitude; null parts are unknown or not public' },
    ),
    answer: Nullable(
      Type.Object(
        {
          text: Type.String({
            description: 'The published answer, personal details removed by the receivers',
          }),
          publishedAt: Type.String({ format: 'date-time' }),
          media: Type.Array(PublicMedia, { description: 'Photos and documents published with the answer' }),
        },
        { description: 'The agency’s answer once published' },
      ),
    ),
  }),
]);
export type PublicReportDetail = Static<typeof PublicReportDetail>;

export const FiguresQuery = Type.Object(
  {
    groupBy: Type.Optional(
      Type.Union([
        Type.Literal('agency'),
        Type.Literal('area'),
        Type.Literal('category'),
        Type.Literal('month'),
      ]),
    ),
    from: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'first month, YYYY-MM' }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'last month, YYYY-MM' }),
    ),
    categoryId: Type.Optional(Uuid),
    areaId: Type.Optional(Uuid),
    agencyId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

const Figures = {
  received: Type.Integer(),
  handled: Type.Integer(),
  rejected: Type.Integer(),
  /** Share of the reports that came due which were answered by their deadline, 0–1; null when none came due. */
  onTimeRate: Nullable(Type.Number()),
  /** Share of rated answers rated "satisfied", 0–1; null when none was rated. */
  satisfactionRate: Nullable(Type.Number()),
  cameDue: Type.Integer({
    minimum: 0,
    description:
      'Reports that came due — answered, or still open past their deadline: what onTimeRate is a share of (a rate over a handful says little).',
  }),
  late: Type.Integer({
    minimum: 0,
    description:
      'Of those, the ones not answered by their first due date: answered after it (within an approved extension too) or still open past it — cameDue minus the on-time ones.',
  }),
  rated: Type.Integer({
    minimum: 0,
    description: 'Answers the reporter rated: what satisfactionRate is a share of.',
  }),
};
export const FiguresReply = Type.Object({
  total: Type.Object(Figures),
  groups: Type.Array(
    Type.Object({ key: Nullable(Type.String()), nameVi: Type.String(), nameEn: Type.String(), ...Figures }),
  ),
  /** When the pre-computed figures were last refreshed. */
  asOf: Nullable(Type.String({ format: 'date-time' })),
});
export type FiguresReply = Static<typeof FiguresReply>;

export const DuplicatesQuery = Type.Object(
  {
    categoryId: Uuid,
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type DuplicatesQuery = Static<typeof DuplicatesQuery>;

export const DuplicatesReply = Type.Object({
  items: Type.Array(
    Type.Composite([
      PublicReportSummary,
      Type.Object({ distanceMetres: Type.Integer(), similarity: Type.Number() }),
    ]),
  ),
});
