// What officers see of a report and the first decisions at intake: the full content with the routing
// suggestion, the reporter's identity on request (with a reason, audited), and changing the suggested agency.
import { sql } from 'kysely';
import { authorize, can, type Actor } from '../../platform/auth/policy.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { cleanText } from '../../platform/text.js';
import { reportsDb } from './intake.js';
import { mediaUrl } from './public.js';

async function scopeOf(db: Db, id: string) {
  const row = await reportsDb(db)
    .selectFrom('reports')
    .select(['id', 'agency_id', 'area_id', 'coordinating_agency_ids'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  // The handling agency's officers see a report once it is assigned to them, not while it is only suggested.
  return { agencyId: row.agency_id, areaId: row.area_id, coordinating: row.coordinating_agency_ids };
}

/** The officer's view: the lead agency's officers, a coordinating agency's, or anyone the policy lets read all. */
async function authorizeRead(db: Db, actor: Actor | null, id: string): Promise<void> {
  if (actor === null) throw new AppError('unauthenticated');
  const scope = await scopeOf(db, id);
  const agencies = [scope.agencyId, ...scope.coordinating];
  if (!agencies.some((agencyId) => can(actor, 'report.read', { agencyId, areaId: scope.areaId })))
    throw new AppError('forbidden', { internal: 'report.read' });
}

export async function officerReport(db: Db, actor: Actor | null, id: string) {
  await authorizeRead(db, actor, id);
  const rdb = reportsDb(db);
  const r = await rdb
    .selectFrom('reports as r')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .leftJoin('areas as a', 'a.id', 'r.area_id')
    .leftJoin('agencies as s', 's.id', 'r.suggested_agency_id')
    .leftJoin('agencies as g', 'g.id', 'r.agency_id')
    .select([
      'r.id',
      'r.code',
      'r.status',
      'r.channel',
      'r.report_type',
      'r.priority',
      'r.description',
      'r.public_description',
      'r.answers',
      'r.latitude',
      'r.longitude',
      'r.location_source',
      'r.address',
      'r.confidential',
      'r.is_public',
      'r.listed',
      'r.route',
      'r.submitted_at',
      'r.intake_due_at',
      'r.due_at',
      'r.supporters',
      'r.category_id',
      'c.name_vi as category_name',
      'r.area_id',
      'a.name as area_name',
      'r.suggested_agency_id',
      's.name as suggested_agency_name',
      'r.agency_id',
      'g.name as agency_name',
    ])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
  const media = await rdb
    .selectFrom('report_media')
    .select(['id', 'kind', 'mime', 'width', 'height', 'gps_lat', 'gps_lon', 'hidden', 'thumb_key'])
    .where('report_id', '=', id)
    .orderBy('position')
    .execute();
  const events = await rdb
    .selectFrom('report_events')
    .select(['at', 'kind', 'public', 'data', 'actor_account_id'])
    .where('report_id', '=', id)
    .orderBy('id')
    .execute();
  const hasIdentity = await rdb
    .selectFrom('report_reporters')
    .select('report_id')
    .where('report_id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    channel: r.channel,
    reportType: r.report_type,
    priority: r.priority,
    description: r.description,
    publicDescription: r.public_description,
    answers: r.answers,
    latitude: r.latitude,
    longitude: r.longitude,
    locationSource: r.location_source,
    address: r.address,
    confidential: r.confidential,
    isPublic: r.is_public,
    listed: r.listed,
    category: r.category_id ? { id: r.category_id, name: r.category_name ?? '' } : null,
    area: r.area_id ? { id: r.area_id, name: r.area_name ?? '' } : null,
    suggestedAgency: r.suggested_agency_id
      ? { id: r.suggested_agency_id, name: r.suggested_agency_name ?? '' }
      : null,
    agency: r.agency_id ? { id: r.agency_id, name: r.agency_name ?? '' } : null,
    route: r.route as Record<string, unknown> | null,
    submittedAt: r.submitted_at.toISOString(),
    intakeDueAt: r.intake_due_at?.toISOString() ?? null,
    dueAt: r.due_at?.toISOString() ?? null,
    supporters: r.supporters,
    hasReporterIdentity: hasIdentity !== undefined,
    media: media.map((m) => ({
      id: m.id,
      kind: m.kind,
      mime: m.mime,
      width: m.width,
      height: m.height,
      hidden: m.hidden,
      originalUrl: mediaUrl(m.id, 'original'),
      thumbUrl: m.thumb_key ? mediaUrl(m.id, 'thumb') : null,
      photoLocation:
        m.gps_lat !== null && m.gps_lon !== null ? { latitude: m.gps_lat, longitude: m.gps_lon } : null,
    })),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      public: e.public,
      data: e.data,
      actorId: e.actor_account_id,
    })),
  };
}

/** The reporter's identity, for an officer allowed to see it, with the reason recorded in the audit log. */
function reasonOf(reason: string, messages: { vi: string; en: string }): string {
  const why = cleanText(reason);
  if (why.length < 5)
    throw new AppError('validation_failed', {
      details: [
        { field: '/body/reason', problem: 'a reason of at least 5 characters is required', messages },
      ],
    });
  return why;
}

/**
 * Receivers see who reported (Huế's model); a handling agency's officers only for a report a receiver has
 * granted to their agency (report_identity_grants), while the report is with that agency.
 */
async function mayReadIdentity(db: Db, actor: Actor, id: string): Promise<boolean> {
  const scope = await scopeOf(db, id);
  if (can(actor, 'report.read_identity', scope)) return true;
  const granted = await sql<{ agency_id: string }>`
    select g.agency_id from report_identity_grants g join reports r on r.id = g.report_id
     where g.report_id = ${id}::uuid
       and (g.agency_id = r.agency_id or g.agency_id = any(r.coordinating_agency_ids))`.execute(db);
  return granted.rows.some((g) =>
    actor.positions.some(
      (p) => (p.role === 'handler' || p.role === 'agency_leader') && p.agencyIds?.has(g.agency_id) === true,
    ),
  );
}

export async function reporterIdentity(db: Db, actor: Actor | null, id: string, reason: string) {
  if (actor === null) throw new AppError('unauthenticated');
  if (!(await mayReadIdentity(db, actor, id)))
    throw new AppError('forbidden', { internal: 'report.read_identity' });
  const why = reasonOf(reason, {
    vi: 'Vui lòng nêu lý do cần xem thông tin người phản ánh.',
    en: 'Please give the reason for viewing the reporter.',
  });
  return db.transaction().execute(async (trx) => {
    const row = await reportsDb(trx)
      .selectFrom('report_reporters')
      .select(['name', 'phone', 'email', 'zalo_user_id', 'account_id', 'erased_at'])
      .where('report_id', '=', id)
      .executeTakeFirst();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'report.identity_viewed',
      subjectType: 'report',
      subjectId: id,
      requestId: actor.requestId,
      // The reason is the officer's own words about the case, not the reporter's data.
      detail: { reason: why.slice(0, 300) },
    });
    return {
      anonymous: row === undefined,
      erased: row?.erased_at != null,
      name: row?.name ?? null,
      phone: row?.phone ?? null,
      email: row?.email ?? null,
      zaloUserId: row?.zalo_user_id ?? null,
      hasAccount: row?.account_id != null,
    };
  });
}

/**
 * A receiver lets the agency handling the report see who reported it, with the reason; recorded on the
 * report's internal timeline and in the audit log. Granting again replaces the reason.
 */
export async function grantIdentity(
  db: Db,
  actor: Actor | null,
  id: string,
  input: { agencyId: string; reason: string },
): Promise<void> {
  if (actor === null) throw new AppError('unauthenticated');
  authorize(actor, 'report.grant_identity', await scopeOf(db, id));
  const why = reasonOf(input.reason, {
    vi: 'Vui lòng nêu lý do cho phép cơ quan xử lý xem thông tin người phản ánh.',
    en: 'Please give the reason for letting the agency see the reporter.',
  });
  await db.transaction().execute(async (trx) => {
    const report = await reportsDb(trx)
      .selectFrom('reports')
      .select(['agency_id', 'coordinating_agency_ids'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (report.agency_id !== input.agencyId && !report.coordinating_agency_ids.includes(input.agencyId))
      throw new AppError('validation_failed', {
        details: [
          {
            field: '/body/agencyId',
            problem: 'not an agency handling this report',
            messages: {
              vi: 'Chỉ cho phép cơ quan đang xử lý phản ánh này.',
              en: 'Only an agency handling this report can be allowed.',
            },
          },
        ],
      });
    await sql`
      insert into report_identity_grants (report_id, agency_id, granted_by, reason)
      values (${id}::uuid, ${input.agencyId}::uuid, ${actor.accountId}::uuid, ${why.slice(0, 2000)})
      on conflict (report_id, agency_id) do update
        set granted_by = excluded.granted_by, reason = excluded.reason, granted_at = now()`.execute(trx);
    await reportsDb(trx)
      .insertInto('report_events')
      .values({
        report_id: id,
        kind: 'identity_granted',
        actor_account_id: actor.accountId,
        public: false,
        data: JSON.stringify({ agencyId: input.agencyId, reason: why.slice(0, 300) }),
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'report.identity_granted',
      subjectType: 'report',
      subjectId: id,
      requestId: actor.requestId,
      detail: { agencyId: input.agencyId, reason: why.slice(0, 300) },
    });
  });
}

/** A receiver replaces the suggested agency (the rules were wrong or incomplete); recorded and audited. */
export async function changeSuggestedAgency(
  db: Db,
  actor: Actor | null,
  id: string,
  input: { agencyId: string; reason: string },
): Promise<void> {
  if (actor === null) throw new AppError('unauthenticated');
  authorize(actor, 'report.route', await scopeOf(db, id));
  await db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    const agency = await sql<{ id: string }>`select id from agencies where id = ${input.agencyId}
        and valid_from <= current_date and (valid_to is null or valid_to > current_date)`.execute(trx);
    if (agency.rows.length === 0)
      throw new AppError('validation_failed', {
        details: [{ field: '/body/agencyId', problem: 'unknown agency or not in force' }],
      });
    const before = await rdb
      .selectFrom('reports')
      .select(['suggested_agency_id', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.status !== 'submitted' && before.status !== 'accepted')
      throw new AppError('conflict', { internal: `routing suggestion is fixed once ${before.status}` });
    await rdb
      .updateTable('reports')
      .set({ suggested_agency_id: input.agencyId, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await rdb
      .insertInto('report_events')
      .values({
        report_id: id,
        kind: 'routing_changed',
        actor_account_id: actor.accountId,
        public: false,
        data: JSON.stringify({
          from: before.suggested_agency_id,
          to: input.agencyId,
          reason: cleanText(input.reason),
        }),
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'report.routing_changed',
      subjectType: 'report',
      subjectId: id,
      requestId: actor.requestId,
      detail: { from: before.suggested_agency_id, to: input.agencyId },
    });
  });
}
