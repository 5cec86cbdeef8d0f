// Submitting a report, from any channel: validation against the category (extra questions, photo rule),
// the place (inside the province, which area), routing by the jurisdiction rules, the intake deadline, and
// one transaction that writes the report, the reporter's identity (apart), media, timeline and followers and
// enqueues the receipt — idempotent per Idempotency-Key.
import crypto from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { OfficePeriod, WorkCalendar } from '../../platform/calendar/calendar.js';
import { localDate, localDateParts } from '../../platform/calendar/calendar.js';
import { loadWorkCalendar } from '../../platform/calendar/store.js';
import type { Db } from '../../platform/db/tables.js';
import type { PlatformTables } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { Batcher, type ItemOutcome } from '../../platform/batcher.js';
import {
  checkIdempotencyKey,
  idempotent,
  idempotentBatch,
  requestHash,
  type IdempotentResult,
  type KeyedRequest,
} from '../../platform/idempotency.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { cleanText, normalizePhoneVN } from '../../platform/text.js';
import { addDuration, clocksFor } from '../org/deadlines.js';
import { loadRouter, type Router } from '../org/jurisdiction.js';
import type { Question } from '../org/schemas.js';
import { loadAreaLocator, type AreaLocator } from './geo.js';
import { maskContactDetails } from './public-text.js';
import type { SubmitReportBody, SubmitReportReply } from './schemas.js';
import type { Channel, Priority, ReportTables } from './tables.js';
import { NOTIFY_JOB } from './notify.js';

export type ReportsDb = Kysely<ReportTables & PlatformTables>;
export const reportsDb = (db: Db): ReportsDb => db.withTables<ReportTables>();

export interface IntakeInput extends Omit<SubmitReportBody, 'channel'> {
  channel: Channel;
  /** Zalo user id of a reporter who wrote through the official account (personal data). */
  zaloUserId?: string;
}

export interface ReportServiceOptions {
  db: Db;
  jobs: JobQueue;
  officeHours: readonly OfficePeriod[];
  publicUrl: string;
  /** How long organisation data (categories, areas, calendar) is reused before it is read again. */
  cacheMs?: number;
}

export interface CategoryInfo {
  id: string;
  active: boolean;
  photoRequired: boolean;
  publicByDefault: boolean;
  defaultPriority: Priority;
  deadlinePolicy: unknown;
  questions: Question[];
}

export interface OrgSnapshot {
  loadedAt: number;
  date: string;
  categories: Map<string, CategoryInfo>;
  locator: AreaLocator;
  calendar: WorkCalendar;
  router: Router;
}

/** Channels where the reporter has a camera in hand; the category's photo rule applies there. */
const PHOTO_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['web', 'app']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class ReportService {
  private snapshot: OrgSnapshot | null = null;
  private loading: { date: string; snapshot: Promise<OrgSnapshot> } | null = null;
  private readonly batcher: Batcher<PreparedReport, IdempotentResult<SubmitReportReply>>;

  constructor(readonly options: ReportServiceOptions) {
    // Two batches at a time: one being written while the next fills; at most 200 reports in one.
    this.batcher = new Batcher((items) => this.writeBatch(items), { maxSize: 200, maxConcurrent: 2 });
  }

  /**
   * Categories, areas in force, routing rules and the calendar, read at most once per cacheMs (default 30 s);
   * requests that arrive while it is being read wait for that one reading.
   */
  async org(now: Date): Promise<OrgSnapshot> {
    const date = localDate(now);
    const cacheMs = this.options.cacheMs ?? 30_000;
    const current = this.snapshot;
    if (current && current.date === date && Date.now() - current.loadedAt < cacheMs) return current;
    const loading = this.loading;
    if (loading?.date === date) return loading.snapshot;
    const snapshot = this.loadOrg(now, date);
    this.loading = { date, snapshot };
    try {
      this.snapshot = await snapshot;
      return this.snapshot;
    } finally {
      this.doneLoading(snapshot);
    }
  }

  /** Forgets a finished reading, unless another one started meanwhile (after `invalidate`). */
  private doneLoading(snapshot: Promise<OrgSnapshot>): void {
    if (this.loading?.snapshot === snapshot) this.loading = null;
  }

  private async loadOrg(now: Date, date: string): Promise<OrgSnapshot> {
    const db = reportsDb(this.options.db);
    const rows = await db
      .selectFrom('categories')
      .select([
        'id',
        'active',
        'photo_required',
        'public_by_default',
        'default_priority',
        'deadline_policy',
        'questions',
      ])
      .execute();
    const locator = await loadAreaLocator(this.options.db, now);
    const snapshot: OrgSnapshot = {
      loadedAt: Date.now(),
      date,
      categories: new Map(
        rows.map((r) => [
          r.id,
          {
            id: r.id,
            active: r.active,
            photoRequired: r.photo_required,
            publicByDefault: r.public_by_default,
            defaultPriority: r.default_priority as Priority,
            deadlinePolicy: r.deadline_policy,
            questions: Array.isArray(r.questions) ? (r.questions as Question[]) : [],
          },
        ]),
      ),
      locator,
      calendar: await loadWorkCalendar(this.options.db, this.options.officeHours),
      router: await loadRouter(this.options.db, date),
    };
    return snapshot;
  }

  /** Forget cached organisation data (after an administrator's edit, or in tests). */
  invalidate(): void {
    this.snapshot = null;
    this.loading = null;
  }

  async submit(
    actor: Actor | null,
    input: IntakeInput,
    options: { idempotencyKey?: string; now?: Date } = {},
  ): Promise<IdempotentResult<SubmitReportReply>> {
    const now = options.now ?? new Date();
    const key = options.idempotencyKey;
    if (key !== undefined) checkIdempotencyKey(key);
    const org = await this.org(now);
    const checked = checkInput(org, input);
    return this.batcher.add(this.prepare(actor, input, checked, org, now, key));
  }

  /** A receiver enters a report taken by telephone or in person; the caller's contact goes in `contact`. */
  async enterByOfficer(
    actor: Actor | null,
    input: Omit<SubmitReportBody, 'channel'>,
    options: { idempotencyKey?: string; now?: Date } = {},
  ): Promise<IdempotentResult<SubmitReportReply>> {
    authorize(actor, 'report.enter');
    return this.submit(actor, { ...input, channel: 'hotline' }, options);
  }

  /** Everything about a new report that needs no database: its row, reporter, follower and first event. */
  private prepare(
    actor: Actor | null,
    input: IntakeInput,
    checked: CheckedInput,
    org: OrgSnapshot,
    now: Date,
    key: string | undefined,
  ): PreparedReport {
    // Routing: the most specific rule in force for the category in the area (when the area is known).
    const route = checked.areaId ? org.router.route(checked.category.id, checked.areaId) : null;
    const routeRecord = route
      ? { ruleId: route.ruleId, agencyId: route.agencyId, areaId: route.areaId, ambiguous: route.ambiguous }
      : { ruleId: null, reason: checked.areaId ? 'no_rule' : 'no_area' };
    const priority = checked.category.defaultPriority;
    const contact = checked.contact;
    const accountId = actor?.kind === 'citizen' ? actor.accountId : null;
    const id = crypto.randomUUID();
    return {
      scope: `report.submit:${actor?.accountId ?? 'anonymous'}`,
      key,
      hash: requestHash({ ...input, channel: input.channel }),
      year: localDateParts(now).year,
      mediaIds: input.mediaIds ?? [],
      row: {
        id,
        status: 'submitted',
        category_id: checked.category.id,
        area_id: checked.areaId,
        agency_id: null,
        submitted_at: now,
        due_at: null,
        resolved_at: null,
        channel: input.channel,
        report_type: input.reportType ?? 'field',
        priority,
        description: checked.description,
        public_description: maskContactDetails(checked.description),
        answers: JSON.stringify(checked.answers),
        latitude: checked.point?.lat ?? null,
        longitude: checked.point?.lon ?? null,
        location_source: checked.locationSource,
        address: checked.address,
        confidential: input.confidential ?? false,
        is_public: checked.category.publicByDefault && !input.confidential,
        suggested_agency_id: route?.agencyId ?? null,
        route: JSON.stringify({ ...routeRecord, locatedBy: checked.locatedBy }),
        intake_due_at: addDuration(
          org.calendar,
          now,
          clocksFor(checked.category.deadlinePolicy, priority).intake,
        ),
        merged_into: null,
        rating: null,
        rated_at: null,
        reporter_account_id: accountId,
      },
      reporter:
        accountId || contact.name || contact.phone || contact.email || input.zaloUserId
          ? {
              report_id: id,
              account_id: accountId,
              name: contact.name,
              phone: contact.phone,
              email: contact.email,
              zalo_user_id: input.zaloUserId ?? null,
              erased_at: null,
            }
          : null,
      follower:
        accountId || contact.phone || contact.email
          ? {
              report_id: id,
              account_id: accountId,
              push_subscription_id: null,
              role: 'reporter',
              // With an account, messages go to its verified contacts; otherwise to what the reporter gave.
              email: accountId ? null : contact.email,
              phone: accountId ? null : contact.phone,
            }
          : null,
      event: {
        report_id: id,
        kind: 'submitted',
        actor_account_id: actor?.accountId ?? null,
        public: true,
        data: JSON.stringify({ channel: input.channel }),
        at: now,
      },
    };
  }

  /**
   * Group commit of submissions (see platform/batcher.ts): one transaction claims the batch's keys and writes
   * all its reports. If that transaction fails, each report is tried again alone, so that one bad report
   * (say, a photo already used elsewhere) fails alone; a key already taken gets its stored answer.
   */
  private async writeBatch(
    items: PreparedReport[],
  ): Promise<ItemOutcome<IdempotentResult<SubmitReportReply>>[]> {
    const { db } = this.options;
    type Outcome = IdempotentResult<SubmitReportReply> | { error: unknown } | 'taken' | 'alone';
    let outcomes: Outcome[] = items.map(() => 'alone');
    if (items.length > 1)
      try {
        outcomes = await idempotentBatch<SubmitReportReply>(db, items, async (trx, indexes) => {
          const batch = indexes.map((i) => items[i] as PreparedReport);
          const refusals = await this.claimMedia(trx, batch);
          const accepted = batch.filter((_, n) => refusals[n] === null);
          const replies = await this.write(trx, accepted);
          let next = 0;
          return refusals.map((error) => {
            if (error !== null) return { error };
            const body = replies[next++];
            if (!body) throw new Error('no reply for a written report');
            return { status: 201, body };
          });
        });
      } catch {
        // Each report is tried again alone below, and fails with its own error if it has one.
      }
    return Promise.all(
      items.map(async (item, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined || outcome === 'taken' || outcome === 'alone')
          try {
            return { value: await this.writeAlone(item) };
          } catch (error) {
            return { error };
          }
        return 'error' in outcome ? { error: outcome.error } : { value: outcome };
      }),
    );
  }

  /** One report in its own transaction, through `idempotent` (which also answers a retry of a taken key). */
  private writeAlone(item: PreparedReport): Promise<IdempotentResult<SubmitReportReply>> {
    return idempotent(this.options.db, { ...item, body: null }, async (trx) => {
      const [refusal] = await this.claimMedia(trx, [item]);
      if (refusal) throw refusal;
      const [body] = await this.write(trx, [item]);
      if (!body) throw new Error('no reply for a written report');
      return { status: 201, body };
    });
  }

  /**
   * Locks the uploads the reports name (until the transaction ends) and says, per report, why it cannot have
   * them (null when it can): an upload that does not exist, is already in a report, or is named twice.
   */
  private async claimMedia(trx: Db, items: readonly PreparedReport[]): Promise<(AppError | null)[]> {
    const wanted = items.flatMap((item) => item.mediaIds);
    if (wanted.length === 0) return items.map(() => null);
    const free = await sql<{ id: string }>`
      select id from report_media where id = any(${wanted}::uuid[]) and report_id is null
       order by id for update`.execute(trx);
    const available = new Set(free.rows.map((r) => r.id));
    return items.map((item) => {
      const ok = item.mediaIds.every((id) => available.delete(id));
      return ok ? null : invalid([MEDIA_UNAVAILABLE]);
    });
  }

  /** Writes prepared reports in a transaction, the same few statements for any number of them; replies in order. */
  private async write(trx: Db, items: readonly PreparedReport[]): Promise<SubmitReportReply[]> {
    const db = reportsDb(trx);
    // One statement for the reports, their reporters, followers and first events (data-modifying CTEs: the
    // foreign keys are checked at the end of the statement, when every row is there).
    const reporters = items.flatMap((item) => (item.reporter ? [item.reporter] : []));
    const followers = items.flatMap((item) => (item.follower ? [item.follower] : []));
    const rows = items.map((item) => ({
      ...item.row,
      // At least six digits, more once the sequence passes 999,999 (lpad alone would cut them off).
      code: sql<string>`(select 'PA-' || ${String(item.year)} || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
                           from (select nextval('report_code_seq') as n) as s)`,
    }));
    const base = db
      .with('r', (qb) => qb.insertInto('reports').values(rows).returning(['id', 'code']))
      .with('e', (qb) =>
        qb
          .insertInto('report_events')
          .values(items.map((item) => item.event))
          .returning(['id', 'report_id']),
      );
    type Base = typeof base;
    const withReporters: Base =
      reporters.length > 0
        ? base.with('p', (qb) => qb.insertInto('report_reporters').values(reporters).returning('report_id'))
        : base;
    const withFollowers: Base =
      followers.length > 0
        ? withReporters.with('f', (qb) =>
            qb.insertInto('report_followers').values(followers).returning('report_id'),
          )
        : withReporters;
    const inserted = await withFollowers
      .selectFrom('r')
      .innerJoin('e', 'e.report_id', 'r.id')
      .select(['r.id', 'r.code', 'e.id as event_id'])
      .execute();
    const codeOf = new Map(inserted.map((r) => [r.id, r.code]));

    // Media after the report rows (the foreign key); claimMedia has locked them for these reports.
    const media = items.flatMap((item) =>
      item.mediaIds.map((mediaId, position) => ({ mediaId, reportId: item.row.id, position: position + 1 })),
    );
    if (media.length > 0)
      await sql`
        update report_media m set report_id = v.report_id, position = v.position
          from unnest(${media.map((m) => m.mediaId)}::uuid[], ${media.map((m) => m.reportId)}::uuid[],
                      ${media.map((m) => m.position)}::int[]) as v(media_id, report_id, position)
         where m.id = v.media_id`.execute(trx);
    await this.options.jobs.enqueueMany(
      NOTIFY_JOB,
      inserted.map((r) => ({ data: { reportId: r.id, eventId: r.event_id }, key: `event:${r.event_id}` })),
      trx,
    );
    return items.map((item) => {
      const code = codeOf.get(item.row.id);
      if (code === undefined) throw new Error('a report row was not written');
      return {
        id: item.row.id,
        code,
        status: 'submitted',
        submittedAt: item.row.submitted_at.toISOString(),
        trackUrl: `${this.options.publicUrl}/#/theo-doi/${code}`,
      };
    });
  }
}

/** A submission ready to be written: its key, and its rows as they go into each table. */
interface PreparedReport extends KeyedRequest {
  year: number;
  mediaIds: readonly string[];
  row: Omit<Insertable<ReportTables['reports']>, 'code'> & { id: string; submitted_at: Date };
  reporter: Insertable<ReportTables['report_reporters']> | null;
  follower: Insertable<ReportTables['report_followers']> | null;
  event: Insertable<ReportTables['report_events']>;
}

interface CheckedInput {
  category: CategoryInfo;
  description: string;
  answers: Record<string, unknown>;
  point: { lat: number; lon: number } | null;
  areaId: string | null;
  address: string | null;
  locationSource: 'device' | 'photo' | 'map' | 'area' | 'address' | null;
  locatedBy: 'given' | 'boundary' | 'nearest_centre' | null;
  contact: { name: string | null; phone: string | null; email: string | null };
}

const MEDIA_UNAVAILABLE: ErrorDetail = {
  field: '/body/mediaIds',
  problem: 'unknown or already used upload',
  messages: {
    vi: 'Có ảnh/video chưa tải lên xong hoặc đã được dùng cho phản ánh khác. Vui lòng tải lại.',
    en: 'A photo or video was not uploaded or was already used in another report. Please upload it again.',
  },
};

function invalid(details: ErrorDetail[]): AppError {
  return new AppError('report_invalid', { details });
}

/** Everything that can be checked before the transaction; all problems are listed at once. */
function checkInput(org: OrgSnapshot, input: IntakeInput): CheckedInput {
  const problems: ErrorDetail[] = [];
  const category = org.categories.get(input.categoryId);
  if (!category || !category.active)
    throw invalid([
      {
        field: '/body/categoryId',
        problem: 'unknown or inactive category',
        messages: {
          vi: 'Lĩnh vực không tồn tại hoặc đã ngừng sử dụng.',
          en: 'This category does not exist or is no longer used.',
        },
      },
    ]);
  const description = cleanText(input.description);
  if (description.length === 0)
    problems.push({
      field: '/body/description',
      problem: 'empty',
      messages: { vi: 'Vui lòng mô tả nội dung phản ánh.', en: 'Please describe the problem.' },
    });
  const answers = checkAnswers(category.questions, input.answers ?? {}, problems);
  if (category.photoRequired && PHOTO_CHANNELS.has(input.channel) && (input.mediaIds ?? []).length === 0)
    problems.push({
      field: '/body/mediaIds',
      problem: 'this category requires a photo or video',
      messages: {
        vi: 'Lĩnh vực này cần ít nhất một ảnh hoặc video chụp tại hiện trường.',
        en: 'This category needs at least one photo or video of the scene.',
      },
    });

  const { latitude, longitude } = input.location;
  let point: { lat: number; lon: number } | null = null;
  if ((latitude === undefined) !== (longitude === undefined))
    problems.push({ field: '/body/location', problem: 'latitude and longitude go together' });
  else if (latitude !== undefined && longitude !== undefined) point = { lat: latitude, lon: longitude };
  let areaId = input.location.areaId ?? null;
  if (areaId !== null && !org.locator.has(areaId))
    problems.push({
      field: '/body/location/areaId',
      problem: 'unknown area or not in force',
      messages: {
        vi: 'Địa bàn đã chọn không còn tồn tại. Vui lòng chọn lại.',
        en: 'The chosen area no longer exists. Please choose again.',
      },
    });
  if (point === null && areaId === null)
    problems.push({
      field: '/body/location',
      problem: 'a point or an area is required',
      messages: {
        vi: 'Vui lòng cho biết vị trí: bật định vị, chọn trên bản đồ hoặc chọn xã/phường.',
        en: 'Please give the place: use your location, pick it on the map, or choose the commune.',
      },
    });
  let locatedBy: CheckedInput['locatedBy'] = areaId ? 'given' : null;
  if (point) {
    if (!org.locator.inProvince(point.lat, point.lon)) throw new AppError('outside_province');
    if (areaId === null) {
      const located = org.locator.locate(point.lat, point.lon);
      if (located) {
        areaId = located.areaId;
        locatedBy = located.by;
      }
    }
  }
  const contact = checkContact(input.contact ?? {}, problems);
  if (problems.length > 0) throw invalid(problems);
  const address = input.location.address ? cleanText(input.location.address) || null : null;
  return {
    category,
    description,
    answers,
    point,
    areaId,
    address,
    locationSource: input.location.source ?? (point ? 'map' : address ? 'address' : 'area'),
    locatedBy,
    contact,
  };
}

function checkContact(
  contact: NonNullable<SubmitReportBody['contact']>,
  problems: ErrorDetail[],
): CheckedInput['contact'] {
  const name = contact.name ? cleanText(contact.name) || null : null;
  let phone: string | null = null;
  if (contact.phone?.trim()) {
    phone = normalizePhoneVN(contact.phone);
    if (!phone)
      problems.push({
        field: '/body/contact/phone',
        problem: 'not a Vietnamese phone number',
        messages: {
          vi: 'Số điện thoại không đúng (ví dụ: 0912 345 678).',
          en: 'The phone number is not valid (e.g. 0912 345 678).',
        },
      });
  }
  let email: string | null = null;
  if (contact.email?.trim()) {
    email = contact.email.trim().toLowerCase();
    if (!EMAIL.test(email)) {
      problems.push({
        field: '/body/contact/email',
        problem: 'not an e-mail address',
        messages: { vi: 'Địa chỉ thư điện tử không đúng.', en: 'The e-mail address is not valid.' },
      });
      email = null;
    }
  }
  return { name, phone, email };
}

/** The category's extra questions: required ones present, each value of its type, no unknown codes. */
export function checkAnswers(
  questions: readonly Question[],
  given: Record<string, unknown>,
  problems: ErrorDetail[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byCode = new Map(questions.map((q) => [q.code, q]));
  for (const code of Object.keys(given))
    if (!byCode.has(code))
      problems.push({ field: `/body/answers/${code}`, problem: 'not a question of this category' });
  for (const q of questions) {
    const value = given[q.code];
    const field = `/body/answers/${q.code}`;
    const missing = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (missing) {
      if (q.required)
        problems.push({
          field,
          problem: 'required',
          messages: { vi: `Vui lòng trả lời: ${q.descriptionVi}`, en: `Please answer: ${q.descriptionEn}` },
        });
      continue;
    }
    const keys = new Set((q.values ?? []).map((v) => v.key));
    const wrong = (problem: string) =>
      problems.push({
        field,
        problem,
        messages: {
          vi: `Câu trả lời không hợp lệ: ${q.descriptionVi}`,
          en: `Invalid answer: ${q.descriptionEn}`,
        },
      });
    switch (q.datatype) {
      case 'string':
      case 'text': {
        if (typeof value !== 'string') wrong('must be text');
        else if (q.datatype === 'string' && value.length > 500) wrong('at most 500 characters');
        else out[q.code] = cleanText(value);
        break;
      }
      case 'number': {
        const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
        if (!Number.isFinite(n)) wrong('must be a number');
        else out[q.code] = n;
        break;
      }
      case 'datetime': {
        const ok =
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value) &&
          !Number.isNaN(Date.parse(value));
        if (!ok) wrong('must be a date or date-time (ISO 8601)');
        else out[q.code] = value;
        break;
      }
      case 'singlevaluelist': {
        if (typeof value !== 'string' || !keys.has(value)) wrong('must be one of the listed values');
        else out[q.code] = value;
        break;
      }
      case 'multivaluelist': {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((v) => typeof v === 'string' && keys.has(v))) wrong('must be values from the list');
        else out[q.code] = [...new Set(list as string[])];
        break;
      }
    }
  }
  return out;
}
