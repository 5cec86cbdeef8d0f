// Schemas of the organisation data files an administrator imports (areas, agencies, categories, jurisdictions,
// accounts, calendar) and of a restructuring plan.
import { Type, type Static } from '@sinclair/typebox';

const Slug = Type.String({ pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*$', maxLength: 200 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

const areaProperties = {
  slug: Slug,
  parent: Type.Union([Slug, Type.Null()]),
  level: Type.Union([
    Type.Literal('province'),
    Type.Literal('legacy_district'),
    Type.Literal('commune'),
    Type.Literal('hamlet'),
  ]),
  kind: Text(40),
  name: Text(200),
  codes: Type.Record(
    Type.String({ pattern: '^[A-Z0-9_]+$' }),
    Type.String({ pattern: '^[0-9A-Za-z]+$', maxLength: 20 }),
  ),
};
export const AreaRecord = Type.Object(
  { ...areaProperties, validFrom: DateOnly, validTo: Type.Union([DateOnly, Type.Null()]) },
  { additionalProperties: false },
);

const Position = Type.Tuple([
  Type.Number({ minimum: -180, maximum: 180 }),
  Type.Number({ minimum: -90, maximum: 90 }),
]);
const LinearRing = Type.Array(Position, { minItems: 4, maxItems: 100_000 });
/** An area's outline and/or representative point (`area-geometry.json`), GeoJSON in [longitude, latitude]. */
export const AreaGeometryRecord = Type.Object(
  {
    slug: Slug,
    boundary: Type.Union([
      Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(LinearRing, { minItems: 1 }) }),
      Type.Object({
        type: Type.Literal('MultiPolygon'),
        coordinates: Type.Array(Type.Array(LinearRing, { minItems: 1 }), { minItems: 1 }),
      }),
      Type.Null(),
    ]),
    center: Type.Union([
      Type.Object(
        {
          latitude: Type.Number({ minimum: -90, maximum: 90 }),
          longitude: Type.Number({ minimum: -180, maximum: 180 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    /** Where the geometry comes from (and its licence), for whoever replaces it. */
    source: Text(300),
  },
  { additionalProperties: false },
);

const agencyProperties = {
  slug: Slug,
  parent: Type.Union([Slug, Type.Null()]),
  kind: Type.Union([
    Type.Literal('provincial_committee'),
    Type.Literal('department'),
    Type.Literal('district_committee'),
    Type.Literal('commune_committee'),
    Type.Literal('public_service_company'),
    Type.Literal('central_agency'),
  ]),
  name: Text(300),
  area: Type.Union([Slug, Type.Null()]),
};
export const AgencyRecord = Type.Object(
  { ...agencyProperties, validFrom: DateOnly, validTo: Type.Union([DateOnly, Type.Null()]) },
  { additionalProperties: false },
);

/**
 * The portal's category icons (drawn in web/src/report/category-icons.ts; a unit test keeps both lists equal).
 * A category names one of them, or none for the generic icon.
 */
export const CATEGORY_ICONS = [
  'urban-order',
  'road',
  'traffic-light',
  'traffic-safety',
  'street-light',
  'tree',
  'water-supply',
  'drainage',
  'waste',
  'pollution',
  'construction',
  'land',
  'power',
  'telecom',
  'bus',
  'security',
  'health',
  'consumer',
  'education',
  'paperwork',
  'business',
  'disaster',
  'other',
] as const;
export type CategoryIcon = (typeof CATEGORY_ICONS)[number];
export const CategoryIconSchema = Type.Union(CATEGORY_ICONS.map((name) => Type.Literal(name)));

export const HOTLINE_PATTERN = '^[0-9]{3,11}$';
/** A category's stop before reporting: call this number first; its own notice, or the portal's standard text. */
export const EmergencyStop = Type.Object(
  {
    hotline: Type.String({ pattern: HOTLINE_PATTERN, description: 'The number to call, e.g. 114' }),
    notice: Type.Union([
      Type.Object({ vi: Text(1000), en: Text(1000) }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type EmergencyStop = Static<typeof EmergencyStop>;

/** The table's columns of a category's stop, from the API's shape (null: no stop). */
export function stopColumns(stop: EmergencyStop | null) {
  return {
    emergency_hotline: stop?.hotline ?? null,
    emergency_notice_vi: stop?.notice?.vi.trim() ?? null,
    emergency_notice_en: stop?.notice?.en.trim() ?? null,
  };
}

/** The API's shape of a category's stop, from the table's columns. */
export function emergencyOf(row: {
  emergency_hotline: string | null;
  emergency_notice_vi: string | null;
  emergency_notice_en: string | null;
}): EmergencyStop | null {
  if (row.emergency_hotline === null) return null;
  return {
    hotline: row.emergency_hotline,
    notice:
      row.emergency_notice_vi !== null && row.emergency_notice_en !== null
        ? { vi: row.emergency_notice_vi, en: row.emergency_notice_en }
        : null,
  };
}

export const Priority = Type.Union([Type.Literal('urgent'), Type.Literal('normal'), Type.Literal('complex')]);
export type Priority = Static<typeof Priority>;

/**
 * A deadline: an amount of working time on the province's working calendar. Minutes exist for the intake
 * clock (HCM City forwards within 5 minutes); hours and days for the agencies' clocks.
 */
export const Duration = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unit: Type.Union([
      Type.Literal('working_minutes'),
      Type.Literal('working_hours'),
      Type.Literal('working_days'),
    ]),
  },
  { additionalProperties: false },
);
export type Duration = Static<typeof Duration>;

/** The three clocks of one priority: intake (submitted → assigned), acknowledge (assigned → accepted), resolve (assigned → answered). */
export const PriorityClocks = Type.Object(
  { intake: Duration, acknowledge: Duration, resolve: Duration },
  { additionalProperties: false },
);
export type PriorityClocks = Static<typeof PriorityClocks>;

export const DeadlinePolicy = Type.Object(
  { urgent: PriorityClocks, normal: PriorityClocks, complex: PriorityClocks },
  { additionalProperties: false },
);
export type DeadlinePolicy = Static<typeof DeadlinePolicy>;

const QuestionCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

/** An extra question of a category's report form, after Open311's service attributes. */
export const Question = Type.Object(
  {
    code: QuestionCode,
    datatype: Type.Union([
      Type.Literal('string'),
      Type.Literal('number'),
      Type.Literal('datetime'),
      Type.Literal('text'),
      Type.Literal('singlevaluelist'),
      Type.Literal('multivaluelist'),
    ]),
    required: Type.Boolean(),
    /** Position in the form, unique within the category (Open311: positive integer). */
    order: Type.Integer({ minimum: 1, maximum: 1000 }),
    descriptionVi: Text(500),
    descriptionEn: Text(500),
    /** The choices of a list question (required for the list types, absent otherwise). */
    values: Type.Optional(
      Type.Array(
        Type.Object(
          { key: QuestionCode, nameVi: Text(200), nameEn: Text(200) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof Question>;

export const CategoryRecord = Type.Object(
  {
    slug: Slug,
    parent: Type.Union([Slug, Type.Null()]),
    nameVi: Text(200),
    nameEn: Text(200),
    descriptionVi: Type.Union([Text(1000), Type.Null()]),
    descriptionEn: Type.Union([Text(1000), Type.Null()]),
    defaultPriority: Priority,
    photoRequired: Type.Boolean(),
    publicByDefault: Type.Boolean(),
    sortOrder: Type.Integer(),
    /** Omitted: the deployment's defaults (DEFAULT_DEADLINE_POLICY), stored on the category at import. */
    deadlines: Type.Optional(DeadlinePolicy),
    questions: Type.Optional(Type.Array(Question, { maxItems: 30 })),
    icon: Type.Optional(Type.Union([CategoryIconSchema, Type.Null()])),
    emergency: Type.Optional(Type.Union([EmergencyStop, Type.Null()])),
  },
  { additionalProperties: false },
);

const jurisdictionProperties = {
  agency: Slug,
  /** Null: every category. */
  category: Type.Union([Slug, Type.Null()]),
  area: Slug,
  includeSubareas: Type.Boolean(),
  priority: Type.Integer({ minimum: -1000, maximum: 1000 }),
  note: Type.Union([Text(500), Type.Null()]),
};
/** A routing rule of `jurisdictions.json`: which agency handles a category in an area, for a period. */
export const JurisdictionRecord = Type.Object(
  { ...jurisdictionProperties, validFrom: DateOnly, validTo: Type.Union([DateOnly, Type.Null()]) },
  { additionalProperties: false },
);

export const LineageKind = Type.Union([
  Type.Literal('merge'),
  Type.Literal('split'),
  Type.Literal('rename'),
  Type.Literal('transfer'),
  Type.Literal('abolish'),
]);
export type LineageKind = Static<typeof LineageKind>;

/**
 * One event of a restructuring, by slugs. merge: from ≥ 1 → one to (new, or an existing unit that absorbs
 * them); split: one from → to ≥ 2, with optional shares; rename, transfer: one from → one new unit (same
 * territory, new name or new parent); abolish: from ≥ 1 → the higher unit that takes them over.
 */
export const LineageEvent = Type.Object(
  {
    kind: LineageKind,
    from: Type.Array(Slug, { minItems: 1, maxItems: 1000 }),
    to: Type.Array(Slug, { minItems: 1, maxItems: 100 }),
    /** Split only: the fraction of `from` that goes to each `to` slug; missing ones share the rest equally. */
    shares: Type.Optional(Type.Record(Slug, Type.Number({ exclusiveMinimum: 0, maximum: 1 }))),
    note: Type.Union([Text(1000), Type.Null()]),
  },
  { additionalProperties: false },
);
export type LineageEvent = Static<typeof LineageEvent>;

/**
 * A restructuring applied in one transaction (applyRestructuring): units in `from` end on `effectiveOn`,
 * the new `areas` and `agencies` start on it, the events are recorded as lineage, `agencyMoves` re-home
 * agencies that continue (companies, central agencies), and `jurisdictions` are the new routing rules.
 */
export const RestructuringPlan = Type.Object(
  {
    effectiveOn: DateOnly,
    note: Text(2000),
    areas: Type.Array(Type.Object(areaProperties, { additionalProperties: false })),
    agencies: Type.Array(Type.Object(agencyProperties, { additionalProperties: false })),
    areaEvents: Type.Array(LineageEvent),
    agencyEvents: Type.Array(LineageEvent),
    agencyMoves: Type.Array(
      Type.Object(
        { agency: Slug, parent: Type.Union([Slug, Type.Null()]), area: Type.Union([Slug, Type.Null()]) },
        { additionalProperties: false },
      ),
    ),
    jurisdictions: Type.Array(Type.Object(jurisdictionProperties, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type RestructuringPlan = Static<typeof RestructuringPlan>;

export const Role = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('receiver'),
  Type.Literal('handler'),
  Type.Literal('agency_leader'),
  Type.Literal('provincial_leader'),
  Type.Literal('auditor'),
  Type.Literal('admin'),
]);
export type Role = Static<typeof Role>;

export const AccountRecord = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
    displayName: Text(200),
    role: Role,
    agency: Type.Union([Slug, Type.Null()]),
    email: Type.Union([
      Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 }),
      Type.Null(),
    ]),
    phone: Type.Union([Type.String({ maxLength: 30 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const CalendarExceptionRecord = Type.Object(
  {
    date: DateOnly,
    kind: Type.Union([Type.Literal('day_off'), Type.Literal('working_day')]),
    note: Type.Union([Text(500), Type.Null()]),
  },
  { additionalProperties: false },
);

export type AreaRecord = Static<typeof AreaRecord>;
export type AreaGeometryRecord = Static<typeof AreaGeometryRecord>;
export type AgencyRecord = Static<typeof AgencyRecord>;
export type CategoryRecord = Static<typeof CategoryRecord>;
export type JurisdictionRecord = Static<typeof JurisdictionRecord>;
export type AccountRecord = Static<typeof AccountRecord>;
export type CalendarExceptionRecord = Static<typeof CalendarExceptionRecord>;

// ---- GET /api/v1/public/areas/outlines ----

const OutlinePosition = Type.Tuple([Type.Number(), Type.Number()], {
  description: '[longitude, latitude], WGS 84, 5 decimals',
});
const OutlineRing = Type.Array(OutlinePosition);
/** The outlines of the areas in force today, simplified for drawing on a map: a GeoJSON FeatureCollection. */
export const AreaOutlines = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object(
        {
          type: Type.Literal('Feature'),
          properties: Type.Object(
            {
              id: Type.String({ description: 'The area’s id (as in GET /api/v1/public/areas)' }),
              name: Type.String({ description: 'The area’s name, without its kind word' }),
              level: Type.String({ description: 'province, legacy_district, commune…' }),
            },
            { additionalProperties: false },
          ),
          geometry: Type.Union([
            Type.Object(
              { type: Type.Literal('Polygon'), coordinates: Type.Array(OutlineRing) },
              { additionalProperties: false },
            ),
            Type.Object(
              { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(OutlineRing)) },
              { additionalProperties: false },
            ),
          ]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Outlines simplified to about 100 m (Douglas–Peucker, 0.001°), coarsest level first; areas without an outline are left out.',
  },
);
export type AreaOutlines = Static<typeof AreaOutlines>;
