// Schemas of the organisation data files an administrator imports (areas, agencies, categories, accounts, calendar).
import { Type, type Static } from '@sinclair/typebox';

const Slug = Type.String({ pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*$', maxLength: 200 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AreaRecord = Type.Object(
  {
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
    validFrom: DateOnly,
    validTo: Type.Union([DateOnly, Type.Null()]),
  },
  { additionalProperties: false },
);

export const AgencyRecord = Type.Object(
  {
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
    validFrom: DateOnly,
    validTo: Type.Union([DateOnly, Type.Null()]),
  },
  { additionalProperties: false },
);

export const CategoryRecord = Type.Object(
  {
    slug: Slug,
    parent: Type.Union([Slug, Type.Null()]),
    nameVi: Text(200),
    nameEn: Text(200),
    descriptionVi: Type.Union([Text(1000), Type.Null()]),
    descriptionEn: Type.Union([Text(1000), Type.Null()]),
    defaultPriority: Type.Union([Type.Literal('urgent'), Type.Literal('normal'), Type.Literal('complex')]),
    photoRequired: Type.Boolean(),
    publicByDefault: Type.Boolean(),
    sortOrder: Type.Integer(),
  },
  { additionalProperties: false },
);

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
export type AgencyRecord = Static<typeof AgencyRecord>;
export type CategoryRecord = Static<typeof CategoryRecord>;
export type AccountRecord = Static<typeof AccountRecord>;
export type CalendarExceptionRecord = Static<typeof CalendarExceptionRecord>;
