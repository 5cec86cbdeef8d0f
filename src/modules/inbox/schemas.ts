// HTTP schemas of the inboxes (they are also the OpenAPI description). No shape here carries a reporter's identity.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ChannelSchema, StatusSchema } from '../reports/schemas.js';
import { TAB_IDS } from './tabs.js';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const OneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Label = Type.Object({ vi: Type.String(), en: Type.String() });
const Named = Type.Object({ id: Uuid, name: Type.String() });
const PRIORITIES = ['urgent', 'normal', 'complex'] as const;

export const TabIdSchema = OneOf(
  TAB_IDS,
  'receiver: new, returned, extensions, reopen, hotline; agency: assigned, in_progress, due_soon, overdue, ' +
    'sent_back; leader: approval, agency_overdue; provincial: escalated',
);

export const InboxTabsReply = Type.Object({
  tabs: Type.Array(
    Type.Object({
      id: TabIdSchema,
      role: OneOf(['receiver', 'agency', 'leader', 'provincial'] as const, 'Whose inbox the tab belongs to'),
      count: Type.Integer({ minimum: 0, description: 'Reports in the tab now' }),
      label: Label,
    }),
    { description: 'Only the tabs the signed-in officer’s current positions give, in display order' },
  ),
});

export const InboxPageQuery = Type.Object({
  tab: TabIdSchema,
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Search: a tracking code (exact), or words of the report’s public text, any case, with or without diacritics (the last word may be unfinished)',
    }),
  ),
  categoryId: Type.Optional(Uuid),
  areaId: Type.Optional(Type.String({ format: 'uuid', description: 'The area and every area under it' })),
  agencyId: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'The lead agency, or the suggested one while none is assigned',
    }),
  ),
  priority: Type.Optional(OneOf(PRIORITIES)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
});
export type InboxPageQuery = Static<typeof InboxPageQuery>;

export const InboxItem = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: StatusSchema,
  priority: OneOf(PRIORITIES),
  channel: ChannelSchema,
  description: Type.String({
    description: 'The first 200 characters of the reporter’s text, phone numbers and e-mail addresses masked',
  }),
  category: Nullable(Type.Object({ id: Uuid, name: Label })),
  area: Nullable(Named),
  agency: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { description: 'The lead agency' })),
  suggestedAgency: Nullable(
    Type.Object({ id: Uuid, name: Type.String() }, { description: 'Routing suggestion' }),
  ),
  involvement: Nullable(
    OneOf(
      ['lead', 'coordinating'] as const,
      'How the officer’s agency handles it (agency tabs); null otherwise',
    ),
  ),
  submittedAt: Instant,
  due: Nullable(
    Type.Object(
      {
        clock: OneOf(['intake', 'acknowledge', 'resolve'] as const),
        dueAt: Instant,
        flag: OneOf(['on_time', 'due_soon', 'overdue', 'late_with_extension'] as const),
        originalDueAt: Nullable(Instant),
      },
      { description: 'The clock that runs in this state, on the working calendar; null when none runs' },
    ),
  ),
  photoCount: Type.Integer({ minimum: 0 }),
  returns: Type.Integer({ minimum: 0, description: 'Times an agency returned it as not its remit' }),
  version: Type.Integer({
    description: 'Send it back with an action: a report changed meanwhile is not acted on',
  }),
  pendingExtension: Nullable(Type.Object({ proposedDueAt: Instant, requestedAt: Instant })),
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxPageReply = Type.Object({
  tab: TabIdSchema,
  items: Type.Array(InboxItem),
  total: Type.Integer({ minimum: 0 }),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
});
