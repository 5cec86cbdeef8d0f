// The public record: list, search, map, one report, figures, and nearby open reports (duplicates). Reads
// only what may be published — never report_reporters, never the original text or contacts; a listed report's
// address (where the problem is) only with contact details masked, as its text is.
import { sql, type Expression, type SqlBool } from 'kysely';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { foldSearchKey } from '../../platform/text.js';
import { isValidOn, loadAreaLineage } from '../org/lineage.js';
import type { Question } from '../org/schemas.js';
import { distanceMetres } from './geo.js';
import { maskContactDetails } from './public-text.js';
import { reportsDb } from './intake.js';
import type {
  DuplicatesQuery,
  FiguresQuery,
  FiguresReply,
  MapQuery,
  PublicListQuery,
  PublicReportDetail,
  PublicReportSummary,
} from './schemas.js';
import { WORKFLOW_STATES } from '../workflow/table.js';
import type { ReportStatus } from './tables.js';

/** States in which a public report is shown: all after an intake officer has accepted it (as `listed`, 0010). */
export const LISTED_STATES: readonly ReportStatus[] = WORKFLOW_STATES.filter(
  (s) => s !== 'submitted' && s !== 'rejected' && s !== 'merged',
);
/** Open states: a new report nearby in the same category may be the same problem. */
export const OPEN_STATES: readonly ReportStatus[] = [
  'submitted',
  'accepted',
  'assigned',
  'returned',
  'in_progress',
  'escalated',
];
/** States in which the agency's answer has been approved and sent ("đã xử lý"). */
export const ANSWERED_STATES: readonly ReportStatus[] = [
  'approved',
  'published',
  'reopen_requested',
  'closed',
];

const CODE = /^PA-\d{4}-\d{6,}$/i;

export const mediaUrl = (id: string, variant: 'large' | 'thumb' | 'original') => `/media/${id}/${variant}`;

/** Words of a search, folded; the last one matches as a prefix (people type as they search). */
export function tsQuery(q: string, options: { prefix?: boolean } = {}): string | null {
  const words = foldSearchKey(q)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  const prefix = options.prefix ?? true;
  return words.map((w, i) => (prefix && i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/**
 * How a search matches its last word, fixed on the first page and carried by the cursor: `exact` when the
 * words as typed fill a page (a Vietnamese syllable typed whole is a word; a prefix adds next to nothing
 * then, and costs a GIN partial-match scan), `prefix` otherwise (a syllable still being typed).
 */
type SearchMode = 'exact' | 'prefix';

interface Cursor {
  at: Date;
  id: string;
  mode: SearchMode | null;
}

function encodeCursor(at: Date, id: string, mode: SearchMode | null): string {
  return Buffer.from(`${at.toISOString()}|${id}${mode ? `|${mode}` : ''}`).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  const [at, id, mode] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (
    !id ||
    !/^[0-9a-f-]{36}$/.test(id) ||
    Number.isNaN(date.getTime()) ||
    (mode !== undefined && mode !== 'exact' && mode !== 'prefix')
  )
    throw new AppError('validation_failed', {
      details: [{ field: '/query/cursor', problem: 'not a cursor returned by this API' }],
    });
  return { at: date, id, mode: mode ?? null };
}

interface SummaryRow {
  id: string;
  code: string;
  status: ReportStatus;
  report_type: 'field' | 'procedure' | 'business';
  category_id: string | null;
  category_vi: string | null;
  category_en: string | null;
  area_id: string | null;
  area_name: string | null;
  agency_id: string | null;
  agency_name: string | null;
  public_description: string | null;
  latitude: number | null;
  longitude: number | null;
  submitted_at: Date;
  resolved_at: Date | null;
  supporters: number;
  thumb_id: string | null;
}

/** The public columns of a report, with the names of its category, area and agency and its first photo. */
function summarySelect(db: Db) {
  return reportsDb(db)
    .selectFrom('reports as r')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .leftJoin('areas as a', 'a.id', 'r.area_id')
    .leftJoin('agencies as g', 'g.id', 'r.agency_id')
    .select([
      'r.id',
      'r.code',
      'r.status',
      'r.report_type',
      'r.category_id',
      'c.name_vi as category_vi',
      'c.name_en as category_en',
      'r.area_id',
      'a.name as area_name',
      'r.agency_id',
      'g.name as agency_name',
      'r.public_description',
      'r.latitude',
      'r.longitude',
      'r.submitted_at',
      'r.resolved_at',
      'r.supporters',
      sql<string | null>`(select m.id from report_media m where m.report_id = r.id and not m.hidden
         and m.kind = 'photo' order by m.position limit 1)`.as('thumb_id'),
    ]);
}

function toSummary(r: SummaryRow): PublicReportSummary {
  return {
    code: r.code,
    status: r.status,
    reportType: r.report_type,
    category:
      r.category_id && r.category_vi && r.category_en
        ? { id: r.category_id, nameVi: r.category_vi, nameEn: r.category_en }
        : null,
    area: r.area_id && r.area_name ? { id: r.area_id, name: r.area_name } : null,
    agency: r.agency_id && r.agency_name ? { id: r.agency_id, name: r.agency_name } : null,
    description: r.public_description ?? '',
    latitude: r.latitude,
    longitude: r.longitude,
    submittedAt: r.submitted_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    supporters: r.supporters,
    thumbUrl: r.thumb_id ? mediaUrl(r.thumb_id, 'thumb') : null,
  };
}

/** Children of each area (any date), read at most once a minute per database: areas change rarely. */
const areaTrees = new WeakMap<Db, { at: number; children: Promise<Map<string, string[]>> }>();
const AREA_TREE_MS = 60_000;

/**
 * Area ids of `areaId` and everything below it (any depth, any date), as an array the query takes as one
 * parameter: planning a recursive subquery on every request cost ≈ 2 ms at 1M reports, more than running it.
 */
async function subtree(db: Db, areaId: string): Promise<string[]> {
  let tree = areaTrees.get(db);
  if (!tree || Date.now() - tree.at > AREA_TREE_MS) {
    const children = sql<{ id: string; parent_id: string | null }>`select id, parent_id from areas`
      .execute(db)
      .then(({ rows }) => {
        const map = new Map<string, string[]>();
        for (const r of rows)
          if (r.parent_id !== null) map.set(r.parent_id, [...(map.get(r.parent_id) ?? []), r.id]);
        return map;
      });
    tree = { at: Date.now(), children };
    areaTrees.set(db, tree);
    children.catch(() => areaTrees.delete(db));
  }
  const children = await tree.children;
  const ids: string[] = [];
  for (const queue = [areaId]; queue.length > 0;) {
    const id = queue.pop() as string;
    if (ids.includes(id)) continue;
    ids.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return ids;
}

export async function listReports(
  db: Db,
  query: PublicListQuery,
): Promise<{ items: PublicReportSummary[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const text = query.q?.trim() ?? '';
  const byCode = text !== '' && CODE.test(text);
  const words = byCode || text === '' ? null : tsQuery(text, { prefix: false });
  const areaIds = query.areaId ? await subtree(db, query.areaId) : null;
  // Either column is a timestamp paired with the id for the keyset (its own partial index each, 0010 and 0015).
  const byAnswer = query.sort === 'answered';
  const at = byAnswer ? 'r.resolved_at' : 'r.submitted_at';

  const page = async (search: { ts: string; mode: SearchMode } | null) => {
    let q = summarySelect(db).where('r.listed', '=', true);
    if (byCode) q = q.where('r.code', '=', text.toUpperCase());
    if (search) q = q.where(sql<SqlBool>`r.search_doc @@ to_tsquery('simple', ${search.ts})`);
    if (query.status?.length) q = q.where('r.status', 'in', query.status);
    if (query.categoryId) q = q.where('r.category_id', '=', query.categoryId);
    if (query.agencyId) q = q.where('r.agency_id', '=', query.agencyId);
    if (areaIds) q = q.where(sql<SqlBool>`r.area_id = any(${areaIds}::uuid[])`);
    if (query.from)
      q = q.where(
        sql<SqlBool>`r.submitted_at >= (${query.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`,
      );
    if (query.to)
      q = q.where(
        sql<SqlBool>`r.submitted_at < (${query.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`,
      );
    if (byAnswer) q = q.where('r.resolved_at', 'is not', null);
    if (cursor) q = q.where(sql<SqlBool>`(${sql.ref(at)}, r.id) < (${cursor.at}, ${cursor.id}::uuid)`);
    const rows = (await q
      .orderBy(at, 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit + 1)
      .execute()) as SummaryRow[];
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      full: rows.length > limit,
      items: items.map(toSummary),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(
              (byAnswer ? last.resolved_at : null) ?? last.submitted_at,
              last.id,
              search?.mode ?? null,
            )
          : null,
    };
  };

  if (words === null) {
    const { items, nextCursor } = await page(null);
    return { items, nextCursor };
  }
  const prefixed = tsQuery(text) ?? words;
  const mode = cursor?.mode ?? null;
  if (mode === 'prefix') {
    const { items, nextCursor } = await page({ ts: prefixed, mode: 'prefix' });
    return { items, nextCursor };
  }
  const exact = await page({ ts: words, mode: 'exact' });
  if (mode === 'exact' || exact.full) return { items: exact.items, nextCursor: exact.nextCursor };
  const { items, nextCursor } = await page({ ts: prefixed, mode: 'prefix' });
  return { items, nextCursor };
}

/** Grid size (degrees) of the pre-computed clusters for a map zoom; null: zoomed in enough for points. */
export function cellSizeFor(zoom: number): number | null {
  if (zoom >= 14) return null;
  if (zoom >= 12) return 0.01;
  if (zoom >= 9) return 0.05;
  return 0.25;
}

const MAX_POINTS = 1000;

/** How many public points the finest pre-computed cells count in a box (as of the last refresh). */
async function pointsInCells(db: Db, [west, south, east, north]: number[], query: MapQuery): Promise<number> {
  const size = 0.01;
  let q = reportsDb(db)
    .selectFrom('report_map_cells')
    .select(sql<number>`coalesce(sum(n), 0)::int`.as('n'))
    .where('size', '=', size)
    .where('cx', '>=', Math.floor((west ?? 0) / size))
    .where('cx', '<=', Math.floor((east ?? 0) / size))
    .where('cy', '>=', Math.floor((south ?? 0) / size))
    .where('cy', '<=', Math.floor((north ?? 0) / size));
  if (query.categoryId) q = q.where('category_id', '=', query.categoryId);
  if (query.answered !== undefined) q = q.where('answered', '=', query.answered);
  return (await q.executeTakeFirstOrThrow()).n;
}

export async function mapReports(db: Db, query: MapQuery) {
  const [west = 0, south = 0, east = 0, north = 0] = query.bbox.split(',').map(Number);
  if (!(west < east && south < north))
    throw new AppError('validation_failed', {
      details: [
        { field: '/query/bbox', problem: 'must be west,south,east,north with west < east and south < north' },
      ],
    });
  const rdb = reportsDb(db);
  let size = cellSizeFor(query.zoom);
  // Zoomed in on a dense place (a city centre with years of reports): more points than a map can show
  // would cost a scan of all of them, so the finest clusters are given instead.
  if (size === null && (await pointsInCells(db, [west, south, east, north], query)) > MAX_POINTS) size = 0.01;
  if (size !== null) {
    let q = rdb
      .selectFrom('report_map_cells')
      .select([
        'cx',
        'cy',
        sql<number>`sum(n)::int`.as('count'),
        sql<number>`sum(lat * n) / sum(n)`.as('lat'),
        sql<number>`sum(lon * n) / sum(n)`.as('lon'),
      ])
      .where('size', '=', size)
      .where('cx', '>=', Math.floor(west / size))
      .where('cx', '<=', Math.floor(east / size))
      .where('cy', '>=', Math.floor(south / size))
      .where('cy', '<=', Math.floor(north / size));
    if (query.categoryId) q = q.where('category_id', '=', query.categoryId);
    if (query.answered !== undefined) q = q.where('answered', '=', query.answered);
    const cells = await q.groupBy(['cx', 'cy']).execute();
    return {
      mode: 'clusters' as const,
      clusters: cells.map((c) => ({ latitude: c.lat, longitude: c.lon, count: c.count })),
      points: [],
      truncated: false,
    };
  }
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`r.listed`,
    sql<SqlBool>`r.latitude is not null`,
    sql<SqlBool>`point(r.longitude, r.latitude) <@ box(point(${west}, ${south}), point(${east}, ${north}))`,
  ];
  if (query.categoryId) conditions.push(sql<SqlBool>`r.category_id = ${query.categoryId}`);
  if (query.answered !== undefined)
    conditions.push(sql<SqlBool>`(r.status in (${sql.join(ANSWERED_STATES)})) = ${query.answered}`);
  const rows = await sql<{
    code: string;
    latitude: number;
    longitude: number;
    status: ReportStatus;
    category_id: string | null;
  }>`select r.code, r.latitude, r.longitude, r.status, r.category_id from reports r
      where ${sql.join(conditions, sql` and `)}
      order by r.submitted_at desc limit ${MAX_POINTS + 1}`.execute(db);
  return {
    mode: 'points' as const,
    clusters: [],
    points: rows.rows.slice(0, MAX_POINTS).map((r) => ({
      code: r.code,
      latitude: r.latitude,
      longitude: r.longitude,
      status: r.status,
      categoryId: r.category_id,
    })),
    truncated: rows.rows.length > MAX_POINTS,
  };
}

/**
 * One report by its tracking code. A published report shows everything public; any other (not yet
 * accepted, confidential, rejected) shows only its status and public timeline, so that whoever holds the
 * code can follow it without the text or the place being published.
 */
export async function reportByCode(
  db: Db,
  code: string,
): Promise<PublicReportDetail & { visibility: 'public' | 'tracking_only' }> {
  const row = await summarySelect(db)
    .select(['r.listed', 'r.answers', 'r.merged_into', 'c.questions', 'r.address'])
    .where('r.code', '=', code.toUpperCase())
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const rdb = reportsDb(db);
  const timeline = await rdb
    .selectFrom('report_events')
    .select(['at', 'kind', 'data'])
    .where('report_id', '=', row.id)
    .where('public', '=', true)
    .orderBy('id')
    .execute();
  const mergedInto = row.merged_into
    ? ((await rdb.selectFrom('reports').select('code').where('id', '=', row.merged_into).executeTakeFirst())
        ?.code ?? null)
    : null;
  const summary = toSummary(row);
  // Event data holds officers' and reporters' words: only fields known to be public leave, and none at all
  // for a report that is not listed (its code is all that is needed to follow it).
  const base = {
    timeline: timeline.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      data: row.listed ? publicEventData(e.kind, e.data) : {},
    })),
    mergedInto,
    answer: null,
  };
  if (!row.listed)
    return {
      ...summary,
      place: { address: null, areaName: null },
      description: '',
      latitude: null,
      longitude: null,
      area: null,
      thumbUrl: null,
      answers: [],
      media: [],
      ...base,
      visibility: 'tracking_only',
    };
  const media = await rdb
    .selectFrom('report_media')
    .select(['id', 'kind', 'width', 'height', 'large_key', 'thumb_key'])
    .where('report_id', '=', row.id)
    .where('hidden', '=', false)
    .orderBy('position')
    .execute();
  const questions = Array.isArray(row.questions) ? (row.questions as Question[]) : [];
  const answers = await rdb
    .selectFrom('report_answers')
    .select(['public_text', 'published_at', 'attachment_ids'])
    .where('report_id', '=', row.id)
    .orderBy('id', 'desc')
    .execute();
  const published = answers.find((a) => a.published_at !== null);
  // The agencies' files go with the published answer, not among the reporter's photos.
  const answerFiles = new Set(answers.flatMap((a) => a.attachment_ids));
  const shown = published ? new Set(published.attachment_ids) : new Set<string>();
  const view = (m: (typeof media)[number]) => ({
    id: m.id,
    kind: m.kind,
    url: mediaUrl(m.id, m.large_key ? 'large' : 'original'),
    thumbUrl: m.thumb_key ? mediaUrl(m.id, 'thumb') : null,
    width: m.width,
    height: m.height,
  });
  return {
    ...summary,
    place: {
      address: row.address ? maskContactDetails(row.address) : null,
      areaName: row.area_id ? await areaFullName(db, row.area_id) : null,
    },
    answers: questions
      .filter((q) => row.answers[q.code] !== undefined)
      .map((q) => {
        const value = row.answers[q.code];
        return {
          code: q.code,
          questionVi: q.descriptionVi,
          questionEn: q.descriptionEn,
          value: typeof value === 'string' ? maskContactDetails(value) : value,
        };
      }),
    media: media.filter((m) => !answerFiles.has(m.id)).map(view),
    ...base,
    answer:
      row.status === 'published' || row.status === 'closed' || row.status === 'reopen_requested'
        ? published?.public_text && published.published_at
          ? {
              text: published.public_text,
              publishedAt: published.published_at.toISOString(),
              media: media.filter((m) => shown.has(m.id)).map(view),
            }
          : null
        : null,
    visibility: 'public',
  };
}

/**
 * An area's name with its parents', as Vietnamese addresses are written, nearest first and the first word
 * capitalised: "Xã Chũ, huyện Lục Ngạn, tỉnh Bắc Giang".
 */
export async function areaFullName(db: Db, areaId: string): Promise<string | null> {
  const { rows } = await sql<{ kind: string; name: string }>`
    with recursive chain (id, parent_id, kind, name, depth) as (
      select id, parent_id, kind, name, 0 from areas where id = ${areaId}::uuid
      union all
      select a.id, a.parent_id, a.kind, a.name, c.depth + 1 from areas a join chain c on a.id = c.parent_id
       where c.depth < 10)
    select kind, name from chain order by depth`.execute(db);
  if (rows.length === 0) return null;
  const text = rows.map((r) => `${r.kind} ${r.name}`.trim()).join(', ');
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** The fields of a public event's data that may be shown to anyone, per kind; everything else stays inside. */
const PUBLIC_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  submitted: ['channel'],
  extension_approved: ['dueAt'],
  rated: ['rating'],
};

function publicEventData(kind: string, data: Record<string, unknown>): Record<string, unknown> {
  const fields = PUBLIC_EVENT_FIELDS[kind] ?? [];
  return Object.fromEntries(fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));
}

/** How close a text is to another, 0–1: the share of the shorter one's distinct words found in the other. */
export function wordOverlap(a: string, b: string): number {
  const words = (s: string) =>
    new Set(
      foldSearchKey(s)
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 1),
    );
  const wa = words(a);
  const wb = words(b);
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared += 1;
  return shared / small.size;
}

/**
 * Open public reports of the same category near a point, nearest and most similar first: offered before a
 * new report is sent ("is it one of these?"). Confidential and non-public reports are never offered.
 */
export async function nearbyOpenReports(db: Db, query: DuplicatesQuery, radiusMetres: number) {
  const dLat = radiusMetres / 111_320;
  const dLon = radiusMetres / (111_320 * Math.cos((query.latitude * Math.PI) / 180));
  const rows = (await summarySelect(db)
    .where('r.category_id', '=', query.categoryId)
    .where('r.status', 'in', [...OPEN_STATES])
    .where('r.merged_into', 'is', null)
    .where('r.confidential', '=', false)
    .where('r.is_public', '=', true)
    .where('r.latitude', '>=', query.latitude - dLat)
    .where('r.latitude', '<=', query.latitude + dLat)
    .where('r.longitude', '>=', query.longitude - dLon)
    .where('r.longitude', '<=', query.longitude + dLon)
    .orderBy('r.submitted_at', 'desc')
    .limit(200)
    .execute()) as SummaryRow[];
  return (
    rows
      .map((r) => ({
        summary: toSummary(r),
        distance: distanceMetres(query.latitude, query.longitude, r.latitude ?? 0, r.longitude ?? 0),
        similarity: query.description ? wordOverlap(query.description, r.public_description ?? '') : 0,
      }))
      .filter((r) => r.distance <= radiusMetres)
      // Near and alike first: distance counts against, shared words for.
      .sort((a, b) => a.distance / radiusMetres - a.similarity - (b.distance / radiusMetres - b.similarity))
      .slice(0, 10)
      .map((r) => ({
        ...r.summary,
        // Not yet checked by an officer: the text is not shown, only what and where.
        description: LISTED_STATES.includes(r.summary.status) ? r.summary.description : '',
        distanceMetres: Math.round(r.distance),
        similarity: Math.round(r.similarity * 100) / 100,
      }))
  );
}

interface FigureSums {
  received: number;
  handled: number;
  rejected: number;
  came_due: number;
  on_time: number;
  rated: number;
  satisfied: number;
}

const ZERO: FigureSums = {
  received: 0,
  handled: 0,
  rejected: 0,
  came_due: 0,
  on_time: 0,
  rated: 0,
  satisfied: 0,
};

function addInto(target: FigureSums, source: FigureSums, share = 1): void {
  for (const k of Object.keys(ZERO) as (keyof FigureSums)[]) target[k] += source[k] * share;
}

function rates(f: FigureSums) {
  return {
    received: Math.round(f.received),
    handled: Math.round(f.handled),
    rejected: Math.round(f.rejected),
    onTimeRate: f.came_due > 0 ? Math.round((f.on_time / f.came_due) * 1000) / 1000 : null,
    satisfactionRate: f.rated > 0 ? Math.round((f.satisfied / f.rated) * 1000) / 1000 : null,
    cameDue: Math.round(f.came_due),
    late: Math.round(f.came_due - f.on_time),
    rated: Math.round(f.rated),
  };
}

/**
 * Figures from the pre-computed monthly table: the whole period, and groups by agency, category, month or
 * area. Areas are counted in today's structure: a report filed in a unit that has since merged counts in
 * the unit it lies in now (split shares divide it), at the level just below the area asked for (or below
 * the province).
 */
type FiguresCache = Map<string, { asOf: string | null; day: string; reply: FiguresReply }>;
/** Per database handle, so two apps in one process (tests, benchmarks) never share replies. */
const figuresCaches = new WeakMap<Db, FiguresCache>();

/**
 * The figures change only when the views are refreshed (every minute): a reply is kept per query until the
 * next refresh, so a dashboard polled by many people costs one aggregation a minute.
 */
export async function figures(db: Db, query: FiguresQuery, now = new Date()): Promise<FiguresReply> {
  // An empty period is a mistake in the link or the form, not "no reports": say so rather than show zeros.
  if (query.from !== undefined && query.to !== undefined && query.from > query.to)
    throw new AppError('validation_failed', {
      details: [
        {
          field: '/querystring/to',
          problem: 'must not be before from',
          messages: {
            vi: 'Tháng kết thúc không được trước tháng bắt đầu.',
            en: 'The last month must not be before the first month.',
          },
        },
      ],
    });
  const asOf = await lastRefresh(db);
  const key = JSON.stringify(query);
  const day = localDate(now);
  let cache = figuresCaches.get(db);
  if (!cache) figuresCaches.set(db, (cache = new Map() as FiguresCache));
  const cached = cache.get(key);
  if (cached && cached.asOf === (asOf?.toISOString() ?? null) && cached.day === day) return cached.reply;
  const reply = await computeFigures(db, query, now, asOf);
  if (cache.size > 1000) cache.clear();
  cache.set(key, { asOf: reply.asOf, day, reply });
  return reply;
}

async function lastRefresh(db: Db): Promise<Date | null> {
  const r = await sql<{ at: Date | null }>`select max(at) as at from report_view_refreshes`.execute(db);
  return r.rows[0]?.at ?? null;
}

async function computeFigures(
  db: Db,
  query: FiguresQuery,
  now: Date,
  asOf: Date | null,
): Promise<FiguresReply> {
  const groupBy = query.groupBy;
  const keyColumn =
    groupBy === 'agency'
      ? 'agency_id'
      : groupBy === 'category'
        ? 'category_id'
        : groupBy === 'area'
          ? 'area_id'
          : 'month';
  let q = reportsDb(db)
    .selectFrom('report_figures_monthly')
    .select([
      sql<string | null>`${sql.ref(keyColumn)}::text`.as('key'),
      ...(['received', 'handled', 'rejected', 'came_due', 'on_time', 'rated', 'satisfied'] as const).map(
        (c) => sql<number>`coalesce(sum(${sql.ref(c)}), 0)::int`.as(c),
      ),
    ]);
  if (query.from) q = q.where('month', '>=', `${query.from}-01`);
  if (query.to) q = q.where('month', '<=', `${query.to}-01`);
  if (query.categoryId) q = q.where('category_id', '=', query.categoryId);
  if (query.agencyId) q = q.where('agency_id', '=', query.agencyId);
  if (query.areaId) q = q.where(sql<SqlBool>`area_id = any(${await subtree(db, query.areaId)}::uuid[])`);
  const rows = await q.groupBy(sql.ref(keyColumn)).execute();
  const total = { ...ZERO };
  for (const r of rows) addInto(total, r);

  const groups = new Map<string | null, FigureSums>();
  const add = (key: string | null, f: FigureSums, share = 1) => {
    const g = groups.get(key) ?? { ...ZERO };
    addInto(g, f, share);
    groups.set(key, g);
  };
  if (groupBy === 'area') {
    const lineage = await loadAreaLineage(db);
    const today = localDate(now);
    // The units to count in: children (in force today) of the asked area, or of the province.
    const top =
      query.areaId ?? [...lineage.areas.values()].find((a) => a.parentId === null && isValidOn(a, today))?.id;
    const unitOf = (areaId: string): string | null => {
      const chain = lineage.chain(areaId);
      const index = chain.findIndex((a) => a.id === top);
      if (index <= 0) return index === 0 ? areaId : null;
      return chain[index - 1]?.id ?? null;
    };
    for (const r of rows) {
      const shares = r.key ? lineage.successorsOn(r.key, today).filter((s) => s.share !== null) : [];
      if (shares.length === 0) add(null, r);
      for (const s of shares) add(unitOf(s.areaId), r, s.share ?? 1);
    }
  } else for (const r of rows) add(r.key, r);

  const names = await groupNames(
    db,
    groupBy,
    [...groups.keys()].filter((k): k is string => k !== null),
  );
  return {
    total: rates(total),
    groups: groupBy
      ? [...groups]
          .map(([key, f]) => ({
            key,
            nameVi: key === null ? 'Chưa xác định' : (names.get(key)?.vi ?? key),
            nameEn: key === null ? 'Not determined' : (names.get(key)?.en ?? key),
            ...rates(f),
          }))
          .sort((a, b) => b.received - a.received)
      : [],
    asOf: asOf?.toISOString() ?? null,
  };
}

async function groupNames(
  db: Db,
  groupBy: FiguresQuery['groupBy'],
  keys: string[],
): Promise<Map<string, { vi: string; en: string }>> {
  const names = new Map<string, { vi: string; en: string }>();
  if (keys.length === 0 || groupBy === undefined) return names;
  const rdb = reportsDb(db);
  if (groupBy === 'month')
    for (const k of keys) names.set(k, { vi: `Tháng ${k.slice(5, 7)}/${k.slice(0, 4)}`, en: k.slice(0, 7) });
  else if (groupBy === 'category')
    for (const c of await rdb
      .selectFrom('categories')
      .select(['id', 'name_vi', 'name_en'])
      .where('id', 'in', keys)
      .execute())
      names.set(c.id, { vi: c.name_vi, en: c.name_en });
  else {
    const table = groupBy === 'agency' ? 'agencies' : 'areas';
    for (const a of await rdb.selectFrom(table).select(['id', 'name']).where('id', 'in', keys).execute())
      names.set(a.id, { vi: a.name, en: a.name });
  }
  return names;
}
