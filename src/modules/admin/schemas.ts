// Schemas of the administration API (routes.ts): every field of what comes in and what goes out.
import { Type } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });
/** A date of the working calendar's range (2000–2099), `YYYY-MM-DD`. */
export const DateOnly = Type.String({ pattern: '^20\\d{2}-\\d{2}-\\d{2}$', format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const Pair = (max: number) => Type.Object({ vi: Text(max), en: Text(max) }, { additionalProperties: false });

// ---- the working calendar ----

export const CalendarException = Type.Object(
  {
    date: DateOnly,
    kind: Type.Union([Type.Literal('day_off'), Type.Literal('working_day')], {
      description:
        'day_off: no work on a day that would be worked; working_day: work on a weekend or holiday',
    }),
    note: Nullable(Type.String({ maxLength: 500, description: 'Why, e.g. the decision that announced it' })),
  },
  { additionalProperties: false },
);

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  holidays: Type.Array(
    Type.Object({ date: Type.String(), name: Type.Object({ vi: Type.String(), en: Type.String() }) }),
    { description: 'The public holidays of the Labour Code 2019, art. 112, computed for the year' },
  ),
  exceptions: Type.Array(CalendarException),
});

// ---- reply templates ----

export const ReplyTemplate = Type.Object({
  id: Type.String(),
  categoryId: Nullable(Type.String({ description: 'null: offered for every category' })),
  categoryName: Nullable(Type.Object({ vi: Type.String(), en: Type.String() })),
  title: Type.String(),
  body: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const templateFields = {
  categoryId: Nullable(Uuid),
  title: Text(200, 'What officers pick from the list (Vietnamese)'),
  body: Text(5000, 'The answer text, plain Vietnamese; the officer edits it before sending'),
};
export const ReplyTemplateCreate = Type.Object(templateFields, { additionalProperties: false });
export const ReplyTemplateUpdate = Type.Partial(Type.Object(templateFields), { additionalProperties: false });

// ---- officer accounts ----

export const OfficerRole = Type.Union([
  Type.Literal('receiver'),
  Type.Literal('handler'),
  Type.Literal('agency_leader'),
  Type.Literal('provincial_leader'),
  Type.Literal('auditor'),
  Type.Literal('admin'),
]);

export const OfficerQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the username or the name' })),
  role: Type.Optional(OfficerRole),
  agencyId: Type.Optional(Uuid),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});

const Unit = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));
export const Officer = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'E.164' })),
  disabled: Type.Boolean(),
  hasPassword: Type.Boolean({ description: 'False until the officer sets a password' }),
  secondFactor: Type.Boolean({ description: 'Whether the officer has enrolled TOTP' }),
  createdAt: Type.String({ format: 'date-time' }),
  positions: Type.Array(
    Type.Object({
      id: Type.String(),
      role: OfficerRole,
      agency: Unit,
      area: Unit,
      validFrom: Type.String(),
      validTo: Nullable(Type.String({ description: 'Exclusive: the first day without the position' })),
    }),
  ),
});

export const OfficerList = Type.Object({
  total: Type.Integer({ description: 'Officers matching the filters (all pages)' }),
  items: Type.Array(Officer),
});

const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
const Phone = Type.String({ maxLength: 30, description: 'A Vietnamese number in any usual form' });

export const ProfileInput = Type.Object(
  {
    displayName: Type.Optional(Text(200)),
    email: Type.Optional(Nullable(Type.Union([Email, Type.Literal('')]))),
    phone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false },
);

export const PositionInput = Type.Object(
  {
    role: OfficerRole,
    agencyId: Nullable(Uuid),
    areaId: Nullable(Uuid),
    validFrom: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);

export const OfficerCreate = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
    displayName: Text(200),
    email: Type.Optional(Nullable(Type.Union([Email, Type.Literal('')]))),
    phone: Type.Optional(Nullable(Phone)),
    position: PositionInput,
  },
  { additionalProperties: false },
);

// ---- guides and FAQ ----

export const GuideSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' });

export const GuideInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('guide'), Type.Literal('faq')]),
    title: Pair(200),
    body: Pair(20000),
  },
  { additionalProperties: false },
);

export const AdminGuide = Type.Object({
  slug: Type.String(),
  kind: Type.Union([Type.Literal('guide'), Type.Literal('faq')]),
  title: Type.Object({ vi: Type.String(), en: Type.String() }),
  body: Type.Object({ vi: Type.String(), en: Type.String() }),
  updatedAt: Type.String({ format: 'date-time' }),
});
