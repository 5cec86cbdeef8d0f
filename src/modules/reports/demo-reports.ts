// Generates realistic reports directly in the database, for benchmarks at scale and for looking at a full
// system: Vietnamese descriptions, points clustered around the demo province's towns, every state with its
// timeline, deadlines on the working calendar, reporters kept apart. Deterministic for a seed.
//
// Used by the benchmarks (`npm run generate:reports`, bench/generate-reports.ts) and by demo mode's first start
// (a few hundred recent reports, so the public record is not empty). Rows go in with batched
// `insert … select * from unnest(…)` (one transaction per batch, a few batches at once); afterwards the tables
// are analysed and the pre-computed figures and map cells refreshed.
import { sql } from 'kysely';
import { loadRouter } from '../org/jurisdiction.js';
import { addDuration, clocksFor } from '../org/deadlines.js';
import { maskContactDetails } from './public-text.js';
import type { Channel, Priority, ReportStatus, ReportType } from './tables.js';
import { refreshReportViews } from './views.js';
import { WORKFLOW, type ActionCode } from '../workflow/table.js';
import { DEFAULT_OFFICE_HOURS, localDate, type WorkCalendar } from '../../platform/calendar/calendar.js';
import { loadWorkCalendar } from '../../platform/calendar/store.js';
import type { Db } from '../../platform/db/tables.js';
import { cleanText } from '../../platform/text.js';
import * as words from './demo-vocabulary.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Vietnam is UTC+7 all year (no daylight saving), so local days are plain arithmetic here. */
const VIETNAM_OFFSET = 7 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// Randomness

/** A small seeded generator (sfc32): the same seed gives the same reports, in the same order. */
export class Random {
  private a = 0x9e3779b9;
  private b = 0x243f6a88;
  private c = 0xb7e15162;
  private d: number;

  constructor(seed: number) {
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[this.int(list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** Picks among weighted items in O(log n). */
class Picker<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(items: readonly words.Weighted<T>[]) {
    for (const { value, weight } of items) {
      if (weight <= 0) continue;
      this.total += weight;
      this.items.push(value);
      this.cumulative.push(this.total);
    }
    if (this.items.length === 0) throw new Error('nothing to pick from');
  }

  pick(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

const weighted = <T extends string>(weights: Readonly<Record<T, number>>) =>
  new Picker<T>(Object.entries<number>(weights).map(([value, weight]) => ({ value: value as T, weight })));

/** 32-bit finaliser of MurmurHash3: a bijection, so distinct inputs give distinct outputs. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A version-4-shaped UUID derived from the seed and the report's code number. The first 32 bits are a
 * bijection of the number, so two reports of one database never share an id, and a fresh database gets
 * the same ids for the same seed.
 */
function reportId(seed: number, number: number): string {
  const w0 = fmix32((number ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
  const w1 = fmix32(w0 ^ 0x68e31da4);
  const w2 = fmix32(w1 ^ seed);
  const w3 = fmix32(w2 ^ 0x1b56c4e9);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const h1 = hex(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
  const h2 = hex(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex(w3)}`;
}

// ---------------------------------------------------------------------------------------------------------
// The organisation the reports belong to

interface CategoryInfo {
  id: string;
  slug: string;
  publicByDefault: boolean;
  defaultPriority: Priority;
  policy: unknown;
  /** A citizen can send it from the web form without a photo or a required extra answer. */
  plainForm: boolean;
  templates: Picker<string>;
}

interface AreaInfo {
  id: string;
  slug: string;
  name: string;
  kind: string;
  parentId: string | null;
}

/** Where a share of the reports comes from: a demo commune or ward, or the countryside of its district. */
interface Cluster {
  areaId: string;
  /** "phường Trần Phú", "xã Tam Tiến, huyện Yên Thế": how people name the place in a description. */
  labels: string[];
  settlement: words.Settlement;
  lat: number;
  lon: number;
  spread: number;
  streets: readonly string[];
}

interface RouteInfo {
  ruleId: string;
  agencyId: string;
  areaId: string;
  ambiguous: boolean;
}

export interface OrgForReports {
  categories: CategoryInfo[];
  categoryPicker: Picker<CategoryInfo>;
  clusters: Picker<Cluster>;
  /** The countryside: wide spreads around the same places, filed in the district. */
  countryside: Picker<Cluster>;
  /** Agencies a receiver may pick instead of the suggested one. */
  handlers: string[];
  /** [west, south, east, north] of the province. */
  bounds: [number, number, number, number];
  route(categoryId: string, areaId: string): RouteInfo | null;
}

const placeLabel = (area: AreaInfo) => `${area.kind} ${area.name}`;

/** The province's bounding box from the root area's stored boundary (GeoJSON), or from the places. */
function boundsOf(boundary: unknown, fallback: Cluster[]): [number, number, number, number] {
  const ring = (boundary as { type?: string; coordinates?: number[][][] } | null)?.coordinates?.[0];
  if (Array.isArray(ring) && ring.length > 2) {
    const lons = ring.map((p) => p[0] ?? 0);
    const lats = ring.map((p) => p[1] ?? 0);
    return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  }
  const lats = fallback.map((c) => c.lat);
  const lons = fallback.map((c) => c.lon);
  return [Math.min(...lons) - 0.1, Math.min(...lats) - 0.1, Math.max(...lons) + 0.1, Math.max(...lats) + 0.1];
}

/** Categories, the demo places that exist in this database, and the routing rules in force on `now`. */
export async function loadOrgForReports(db: Db, now: Date): Promise<OrgForReports> {
  const categoryRows = await sql<{
    id: string;
    slug: string;
    parent_id: string | null;
    public_by_default: boolean;
    default_priority: Priority;
    deadline_policy: unknown;
    photo_required: boolean;
    questions: unknown;
  }>`select id, slug, parent_id, public_by_default, default_priority, deadline_policy, photo_required, questions
       from categories where active`.execute(db);
  const areaRows = await sql<AreaInfo & { boundary: unknown }>`
    select id, slug, name, kind, parent_id as "parentId", boundary from areas
     where valid_from <= ${localDate(now)}::date and (valid_to is null or valid_to > ${localDate(now)}::date)`.execute(
    db,
  );
  const agencyRows = await sql<{ id: string; kind: string }>`
    select id, kind from agencies where valid_to is null or valid_to > now()`.execute(db);

  const categories: CategoryInfo[] = categoryRows.rows.map((c) => ({
    id: c.id,
    slug: c.slug,
    publicByDefault: c.public_by_default,
    defaultPriority: c.default_priority,
    policy: c.deadline_policy,
    plainForm:
      !c.photo_required &&
      !(Array.isArray(c.questions) && c.questions.some((q) => (q as { required?: boolean }).required)),
    templates: new Picker(
      (words.TEMPLATES[c.slug] ?? words.TEMPLATES.khac ?? []).map((t) =>
        typeof t === 'string' ? { value: t, weight: 1 } : t,
      ),
    ),
  }));
  const categoryPicker = new Picker(
    categories.map((c) => ({ value: c, weight: words.CATEGORY_WEIGHTS[c.slug] ?? 0.5 })),
  );

  const areas = new Map(areaRows.rows.map((a) => [a.id, a]));
  const bySlug = new Map(areaRows.rows.map((a) => [a.slug, a]));
  const clusters: words.Weighted<Cluster>[] = [];
  const countryside: words.Weighted<Cluster>[] = [];
  for (const place of words.PLACES) {
    const area = bySlug.get(place.slug);
    const district = area?.parentId ? areas.get(area.parentId) : undefined;
    if (!area || !district) continue;
    const streets =
      place.settlement === 'city'
        ? words.CITY_STREETS
        : place.settlement === 'town'
          ? words.TOWN_STREETS
          : words.RURAL_ROADS;
    const labels = [placeLabel(area), `${placeLabel(area)}, ${placeLabel(district)}`];
    const base = { lat: place.lat, lon: place.lon, streets };
    clusters.push({
      value: {
        ...base,
        areaId: area.id,
        labels,
        settlement: place.settlement,
        spread: words.SPREAD[place.settlement],
      },
      weight: place.weight,
    });
    countryside.push({
      value: {
        ...base,
        areaId: district.id,
        labels: [placeLabel(district)],
        settlement: 'rural',
        spread: 0.05,
      },
      weight: place.settlement === 'rural' ? 1 : 0.5,
    });
  }
  if (clusters.length === 0 || categories.length === 0)
    throw new Error(
      'generate-reports needs the demo organisation (importDataSet(db, DEMO_DATA_DIR)): no demo area or no category found',
    );
  const root = areaRows.rows.find((a) => a.parentId === null && a.boundary !== null);

  return {
    categories,
    categoryPicker,
    clusters: new Picker(clusters),
    countryside: new Picker(countryside),
    handlers: agencyRows.rows
      .filter((a) => ['department', 'district_committee', 'public_service_company'].includes(a.kind))
      .map((a) => a.id),
    bounds: boundsOf(
      root?.boundary ?? null,
      clusters.map((c) => c.value),
    ),
    route: await routerFor(db, now),
  };
}

/** The jurisdiction rules in force on `now`, as a memoised (category, area) → agency lookup. */
async function routerFor(db: Db, now: Date): Promise<OrgForReports['route']> {
  const router = await loadRouter(db, localDate(now));
  const memo = new Map<string, RouteInfo | null>();
  return (categoryId, areaId) => {
    const key = `${categoryId}|${areaId}`;
    let route = memo.get(key);
    if (route === undefined) {
      const chosen = router.route(categoryId, areaId);
      route = chosen
        ? { ruleId: chosen.ruleId, agencyId: chosen.agencyId, areaId, ambiguous: chosen.ambiguous }
        : null;
      memo.set(key, route);
    }
    return route;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Time: when reports arrive, when officers act, deadlines

/** Reports per hour of the day (Vietnam time): mornings and late afternoons, little at night. */
const HOUR_OF_DAY = new Picker(
  [0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 2, 4, 6, 6, 5, 4.5, 3, 3.5, 5, 5, 4.5, 4, 4, 4.5, 4, 3, 1.5, 0.7].map(
    (weight, hour) => ({ value: hour, weight }),
  ),
);

/**
 * The submission instant of report `i` of `count`, spread over `spanDays` before `now`: the volume grows
 * over the period (the density rises linearly from 30 % of its mean share), with a daily rhythm.
 */
function submittedAt(rng: Random, i: number, count: number, now: number, spanDays: number): number {
  const u = (i + rng.next()) / count;
  const a = 0.3;
  const x = -a + Math.sqrt(a * a + 2 * u * (a + 0.5));
  const instant = now - spanDays * DAY + x * spanDays * DAY;
  const localDay = Math.floor((instant + VIETNAM_OFFSET) / DAY);
  const minute = HOUR_OF_DAY.pick(rng) * 60 + rng.int(60);
  const at = localDay * DAY + minute * MINUTE - VIETNAM_OFFSET;
  return at > now ? now - rng.int(60) * MINUTE : at;
}

/**
 * The first office moment at or after `t`: officers act on weekdays between 07:30 and 17:00 (Vietnam time).
 * Holidays are ignored here; deadlines themselves use the real working calendar.
 */
function atOffice(t: number): number {
  let local = t + VIETNAM_OFFSET;
  for (;;) {
    const day = Math.floor(local / DAY);
    const minute = (local - day * DAY) / MINUTE;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 6 || weekday === 0) local = (day + (weekday === 6 ? 2 : 1)) * DAY + 450 * MINUTE;
    else if (minute < 450) local = day * DAY + (450 + (minute % 60)) * MINUTE;
    else if (minute >= 1020) local = (day + 1) * DAY + (450 + ((minute - 1020) % 90)) * MINUTE;
    else return local - VIETNAM_OFFSET;
  }
}

/** Deadlines on the working calendar; whole working days depend only on the local date, so they are memoised. */
class Deadlines {
  private readonly days = new Map<string, number>();
  constructor(private readonly calendar: WorkCalendar) {}

  resolveBy(category: CategoryInfo, priority: Priority, from: number): number {
    const clock = clocksFor(category.policy, priority).resolve;
    if (clock.unit !== 'working_days') return addDuration(this.calendar, new Date(from), clock).getTime();
    const key = `${Math.floor((from + VIETNAM_OFFSET) / DAY)}|${clock.amount}`;
    let due = this.days.get(key);
    if (due === undefined) {
      due = addDuration(this.calendar, new Date(from), clock).getTime();
      this.days.set(key, due);
    }
    return due;
  }

  intakeBy(category: CategoryInfo, priority: Priority, from: number): number {
    return addDuration(this.calendar, new Date(from), clocksFor(category.policy, priority).intake).getTime();
  }
}

// ---------------------------------------------------------------------------------------------------------
// One report

interface ReportEvent {
  at: number;
  kind: string;
  public: boolean;
  toReporter: boolean;
  data: string;
}

/** The states the generator walks reports through (the happy path and its early exits). */
type GeneratedState = Extract<
  ReportStatus,
  | 'accepted'
  | 'rejected'
  | 'merged'
  | 'assigned'
  | 'in_progress'
  | 'answered'
  | 'approved'
  | 'published'
  | 'closed'
>;
/** States with a drafted answer (in generated data every closed report was answered first). */
const ANSWER_DRAFTED: ReadonlySet<ReportStatus> = new Set(['answered', 'approved', 'published', 'closed']);

interface Reporter {
  name: string | null;
  phone: string | null;
  email: string | null;
  zaloUserId: string | null;
  erasedAt: number | null;
}

interface Draft {
  id: string;
  code: string;
  status: ReportStatus;
  category: CategoryInfo;
  areaId: string;
  agencyId: string | null;
  suggestedAgencyId: string | null;
  route: string;
  submittedAt: number;
  dueAt: number | null;
  resolvedAt: number | null;
  intakeDueAt: number;
  updatedAt: number;
  channel: Channel;
  reportType: ReportType;
  priority: Priority;
  description: string;
  publicDescription: string;
  lat: number | null;
  lon: number | null;
  locationSource: 'device' | 'photo' | 'map' | 'area' | 'address';
  address: string | null;
  confidential: boolean;
  isPublic: boolean;
  mergedInto: string | null;
  supporters: number;
  rating: 'satisfied' | 'unsatisfied' | null;
  ratedAt: number | null;
  events: ReportEvent[];
  reporter: Reporter | null;
}

const CHANNELS = weighted<Channel>({
  web: 30,
  app: 35,
  zalo: 20,
  hotline: 9,
  email: 2,
  chatbot: 3,
  open311: 1,
});
const SOURCES: Readonly<Record<Channel, Picker<'device' | 'photo' | 'map'>>> = {
  app: weighted({ device: 70, photo: 20, map: 10 }),
  web: weighted({ device: 30, photo: 10, map: 60 }),
  zalo: weighted({ device: 60, photo: 0, map: 40 }),
  chatbot: weighted({ device: 0, photo: 0, map: 1 }),
  open311: weighted({ device: 0, photo: 0, map: 1 }),
  hotline: weighted({ device: 0, photo: 0, map: 1 }),
  email: weighted({ device: 0, photo: 0, map: 1 }),
};
const CLOSINGS = new Picker(words.CLOSINGS);
const REPORT_TYPE: Readonly<Record<string, ReportType>> = {
  'thu-tuc-hanh-chinh': 'procedure',
  'doanh-nghiep-chinh-sach': 'business',
};

/** A point near the cluster's centre, inside the province (drawn again when it falls outside). */
function pointIn(
  rng: Random,
  cluster: Cluster,
  bounds: OrgForReports['bounds'],
): { lat: number; lon: number } {
  const [west, south, east, north] = bounds;
  for (let attempt = 0; ; attempt++) {
    const lat = cluster.lat + rng.normal() * cluster.spread;
    const lon = cluster.lon + rng.normal() * cluster.spread;
    if ((lat > south && lat < north && lon > west && lon < east) || attempt > 20)
      return {
        lat: Math.round(Math.min(north - 1e-4, Math.max(south + 1e-4, lat)) * 1e6) / 1e6,
        lon: Math.round(Math.min(east - 1e-4, Math.max(west + 1e-4, lon)) * 1e6) / 1e6,
      };
  }
}

/** A description from the category's templates, in the place's words; sometimes with a phone number in it. */
export function describe(rng: Random, category: CategoryInfo, cluster: Cluster): string {
  const street = rng.pick(cluster.streets);
  const text = category.templates
    .pick(rng)
    .replace('{street}', street)
    .replace('{place}', rng.pick(cluster.labels))
    .replace('{landmark}', rng.pick(words.LANDMARKS))
    .replace('{since}', rng.pick(words.SINCE));
  const closing = CLOSINGS.pick(rng);
  // People type their number into the text; the public copy masks it.
  const contact = rng.chance(0.04)
    ? `Số điện thoại liên hệ: 0999 ${100 + rng.int(900)} ${100 + rng.int(900)}.`
    : '';
  return cleanText([text, closing, contact].filter((s) => s.length > 0).join(' '));
}

function reporterFor(rng: Random, channel: Channel, submitted: number, now: number): Reporter | null {
  if (rng.chance(0.12)) return null; // anonymous
  if (rng.chance(0.01)) {
    const erasedAt = Math.min(now, submitted + rng.exponential(180) * DAY);
    return { name: null, phone: null, email: null, zaloUserId: null, erasedAt };
  }
  const n = rng.int(100_000_000);
  return {
    name: rng.chance(0.9)
      ? `${rng.pick(words.FAMILY_NAMES)} ${rng.pick(words.MIDDLE_NAMES)} ${rng.pick(words.GIVEN_NAMES)}`
      : null,
    // 0999…: not a number any Vietnamese carrier hands out.
    phone: rng.chance(0.75) ? `+84999${String(n % 1_000_000).padStart(6, '0')}` : null,
    email: rng.chance(0.2) ? `nguoidan${n}@example.invalid` : null,
    zaloUserId: channel === 'zalo' ? String(4_000_000_000_000_000 + n) : null,
    erasedAt: null,
  };
}

/** The steps an officer would take, planned in time; those after `now` have not happened yet. */
interface Plan {
  steps: { state: GeneratedState; at: number }[];
  dueAt: number | null;
  ratingAt: number | null;
}

function plan(
  rng: Random,
  draft: Pick<Draft, 'submittedAt' | 'isPublic' | 'category' | 'priority'>,
  outcome: 'accepted' | 'rejected' | 'merged',
  deadlines: Deadlines,
): Plan {
  const decided = atOffice(draft.submittedAt + rng.exponential(rng.chance(0.05) ? 2 * DAY : 3 * HOUR));
  if (outcome !== 'accepted')
    return { steps: [{ state: outcome, at: decided }], dueAt: null, ratingAt: null };
  const dueAt = deadlines.resolveBy(draft.category, draft.priority, draft.submittedAt);
  const assigned = atOffice(decided + rng.exponential(2 * HOUR));
  const inProgress = atOffice(assigned + rng.exponential(6 * HOUR));
  const steps: Plan['steps'] = [
    { state: 'accepted', at: decided },
    { state: 'assigned', at: assigned },
    { state: 'in_progress', at: inProgress },
  ];
  // A few are never answered: the backlog that ends up overdue.
  if (rng.chance(0.025)) return { steps, dueAt, ratingAt: null };
  const window = dueAt - inProgress;
  const answered = atOffice(
    window > HOUR && !rng.chance(0.14)
      ? inProgress + window * (0.05 + 0.9 * rng.next())
      : Math.max(dueAt, inProgress) + rng.exponential(3 * DAY),
  );
  const approved = atOffice(answered + rng.exponential(3 * HOUR));
  steps.push({ state: 'answered', at: answered }, { state: 'approved', at: approved });
  let shown = approved;
  if (draft.isPublic) {
    shown = atOffice(approved + rng.exponential(2 * HOUR));
    steps.push({ state: 'published', at: shown });
  }
  const closed = shown + (2 + 8 * rng.next()) * DAY;
  steps.push({ state: 'closed', at: closed });
  return { steps, dueAt, ratingAt: rng.chance(0.35) ? shown + rng.next() * (closed - shown) : null };
}

/** The workflow action each generated step stands for: its event's kind and visibility come from the table. */
const STEP_ACTION: Readonly<Record<Plan['steps'][number]['state'], ActionCode>> = {
  accepted: 'accept',
  rejected: 'reject',
  merged: 'merge',
  assigned: 'assign',
  in_progress: 'acknowledge',
  answered: 'submit_answer',
  approved: 'approve_answer',
  published: 'publish',
  closed: 'auto_close',
};

interface DraftContext {
  rng: Random;
  org: OrgForReports;
  deadlines: Deadlines;
  seed: number;
  now: number;
  spanDays: number;
  count: number;
}

/** Report `i` of the run, numbered `number` (its code); `mergeTarget` is an earlier open report nearby, if any. */
function draftReport(
  ctx: DraftContext,
  i: number,
  number: number,
  findTarget: (categoryId: string, areaId: string) => Draft | undefined,
): Draft {
  const { rng, org, now } = ctx;
  const submitted = submittedAt(rng, i, ctx.count, now, ctx.spanDays);
  const year = new Date(submitted + VIETNAM_OFFSET).getUTCFullYear();
  const category = org.categoryPicker.pick(rng);
  const countryside = rng.chance(0.08);
  const cluster = countryside ? org.countryside.pick(rng) : org.clusters.pick(rng);
  const channel = CHANNELS.pick(rng);
  const spoken = channel === 'hotline' || channel === 'email';
  let point: { lat: number; lon: number } | null = rng.chance(spoken ? 0.5 : 0.04)
    ? null
    : pointIn(rng, cluster, org.bounds);
  const address =
    spoken || rng.chance(0.3)
      ? cluster.settlement === 'rural'
        ? `${rng.pick(words.LANDMARKS)}, ${rng.pick(cluster.labels)}`
        : `Số ${1 + rng.int(250)} đường ${rng.pick(cluster.streets)}, ${rng.pick(cluster.labels)}`
      : null;
  const priority: Priority =
    category.defaultPriority !== 'normal'
      ? category.defaultPriority
      : rng.chance(0.04)
        ? 'urgent'
        : rng.chance(0.06)
          ? 'complex'
          : 'normal';
  const confidential = rng.chance(0.03);
  const isPublic = category.publicByDefault && !confidential && !rng.chance(0.04);
  const description = describe(rng, category, cluster);
  const route = org.route(category.id, cluster.areaId);

  const roll = rng.next();
  const target = roll >= 0.06 && roll < 0.1 ? findTarget(category.id, cluster.areaId) : undefined;
  const outcome =
    roll < 0.06 ? 'rejected' : target && target.submittedAt <= submitted ? 'merged' : 'accepted';
  if (outcome === 'merged' && target) {
    // A duplicate is the same problem: a few tens of metres from the report it joins.
    point =
      target.lat !== null && target.lon !== null
        ? {
            lat: Math.round((target.lat + rng.normal() * 0.0003) * 1e6) / 1e6,
            lon: Math.round((target.lon + rng.normal() * 0.0003) * 1e6) / 1e6,
          }
        : point;
    target.supporters += 1;
  }
  const draft: Draft = {
    id: reportId(ctx.seed, number),
    code: `PA-${year}-${String(number).padStart(6, '0')}`,
    status: 'submitted',
    category,
    areaId: cluster.areaId,
    agencyId: null,
    suggestedAgencyId: route?.agencyId ?? null,
    route: JSON.stringify(route ? { ...route, locatedBy: 'given' } : { ruleId: null, reason: 'no_rule' }),
    submittedAt: submitted,
    dueAt: null,
    resolvedAt: null,
    intakeDueAt: ctx.deadlines.intakeBy(category, priority, submitted),
    updatedAt: submitted,
    channel,
    reportType: REPORT_TYPE[category.slug] ?? 'field',
    priority,
    description,
    publicDescription: maskContactDetails(description),
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
    locationSource: point ? SOURCES[channel].pick(rng) : address ? 'address' : 'area',
    address,
    confidential,
    isPublic,
    mergedInto: outcome === 'merged' && target ? target.id : null,
    supporters: 1 + (rng.chance(0.15) ? Math.floor(rng.exponential(2)) : 0),
    rating: null,
    ratedAt: null,
    events: [
      { at: submitted, kind: 'submitted', public: true, toReporter: true, data: JSON.stringify({ channel }) },
    ],
    reporter: reporterFor(rng, channel, submitted, now),
  };
  applyPlan(ctx, draft, plan(rng, draft, outcome, ctx.deadlines), target);
  return draft;
}

/** Moves the draft through the steps that have happened by `now`, with one timeline event each. */
function applyPlan(ctx: DraftContext, draft: Draft, planned: Plan, target: Draft | undefined): void {
  const { rng, org, now } = ctx;
  for (const step of planned.steps) {
    if (step.at > now) break;
    draft.status = step.state;
    draft.updatedAt = step.at;
    let data: object = {};
    if (step.state === 'rejected') data = { reason: rng.pick(words.REJECT_REASONS) };
    if (step.state === 'merged' && target) data = { into: target.code };
    if (step.state === 'accepted') draft.dueAt = planned.dueAt;
    if (step.state === 'assigned') {
      // Receivers mostly follow the rules' suggestion; sometimes they pick another agency.
      draft.agencyId =
        draft.suggestedAgencyId !== null && !rng.chance(0.08)
          ? draft.suggestedAgencyId
          : rng.pick(org.handlers);
      data = { agencyId: draft.agencyId };
    }
    if (step.state === 'approved') draft.resolvedAt = step.at;
    const { kind, visibility } = WORKFLOW[STEP_ACTION[step.state]].event;
    draft.events.push({
      at: step.at,
      kind,
      public: visibility === 'public',
      toReporter: visibility !== 'internal',
      data: JSON.stringify(data),
    });
  }
  if (draft.status === 'closed' && planned.ratingAt !== null && planned.ratingAt <= now) {
    draft.rating = rng.chance(0.78) ? 'satisfied' : 'unsatisfied';
    draft.ratedAt = planned.ratingAt;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Batches: columns for `insert … select * from unnest(…)`

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A column of a bulk insert: its name, its SQL type, and its value for one row. */
type Column<T> = readonly [name: string, type: string, value: (row: T) => unknown];

const REPORT_COLUMNS: readonly Column<Draft>[] = [
  ['id', 'uuid', (r) => r.id],
  ['code', 'text', (r) => r.code],
  ['status', 'text', (r) => r.status],
  ['category_id', 'uuid', (r) => r.category.id],
  ['area_id', 'uuid', (r) => r.areaId],
  ['agency_id', 'uuid', (r) => r.agencyId],
  ['submitted_at', 'timestamptz', (r) => iso(r.submittedAt)],
  ['due_at', 'timestamptz', (r) => iso(r.dueAt)],
  ['resolved_at', 'timestamptz', (r) => iso(r.resolvedAt)],
  ['answer_drafted', 'boolean', (r) => ANSWER_DRAFTED.has(r.status)],
  ['answer_approved', 'boolean', (r) => r.resolvedAt !== null],
  ['channel', 'text', (r) => r.channel],
  ['report_type', 'text', (r) => r.reportType],
  ['priority', 'text', (r) => r.priority],
  ['description', 'text', (r) => r.description],
  ['public_description', 'text', (r) => r.publicDescription],
  ['latitude', 'float8', (r) => r.lat],
  ['longitude', 'float8', (r) => r.lon],
  ['location_source', 'text', (r) => r.locationSource],
  ['address', 'text', (r) => r.address],
  ['confidential', 'boolean', (r) => r.confidential],
  ['is_public', 'boolean', (r) => r.isPublic],
  ['suggested_agency_id', 'uuid', (r) => r.suggestedAgencyId],
  ['route', 'jsonb', (r) => r.route],
  ['intake_due_at', 'timestamptz', (r) => iso(r.intakeDueAt)],
  ['merged_into', 'uuid', (r) => r.mergedInto],
  ['supporters', 'int', (r) => r.supporters],
  ['rating', 'text', (r) => r.rating],
  ['rated_at', 'timestamptz', (r) => iso(r.ratedAt)],
  ['updated_at', 'timestamptz', (r) => iso(r.updatedAt)],
];

interface EventRow {
  reportId: string;
  event: ReportEvent;
}

const EVENT_COLUMNS: readonly Column<EventRow>[] = [
  ['report_id', 'uuid', (e) => e.reportId],
  ['at', 'timestamptz', (e) => iso(e.event.at)],
  ['kind', 'text', (e) => e.event.kind],
  ['public', 'boolean', (e) => e.event.public],
  ['to_reporter', 'boolean', (e) => e.event.toReporter],
  ['data', 'jsonb', (e) => e.event.data],
];

interface ReporterRow {
  reportId: string;
  reporter: Reporter;
}

const REPORTER_COLUMNS: readonly Column<ReporterRow>[] = [
  ['report_id', 'uuid', (p) => p.reportId],
  ['name', 'text', (p) => p.reporter.name],
  ['phone', 'text', (p) => p.reporter.phone],
  ['email', 'text', (p) => p.reporter.email],
  ['zalo_user_id', 'text', (p) => p.reporter.zaloUserId],
  ['erased_at', 'timestamptz', (p) => iso(p.reporter.erasedAt)],
];

/** `insert into <table> (…) select * from unnest($1::type[], …)`: one parameter (an array) per column. */
function bulkInsert<T>(table: string, columns: readonly Column<T>[], rows: readonly T[]) {
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
    select * from unnest(${sql.join(columns.map(([, type, value]) => sql`${rows.map(value)}::${sql.raw(type)}[]`))})`;
}

class Batch {
  readonly drafts: Draft[] = [];
  /** The latest accepted report per category and area: where a duplicate is merged. */
  private readonly open = new Map<string, Draft>();

  add(draft: Draft): void {
    this.drafts.push(draft);
    if (draft.mergedInto === null && draft.status !== 'rejected' && draft.status !== 'submitted')
      this.open.set(`${draft.category.id}|${draft.areaId}`, draft);
  }

  target(categoryId: string, areaId: string): Draft | undefined {
    return this.open.get(`${categoryId}|${areaId}`);
  }

  events(): EventRow[] {
    return this.drafts.flatMap((r) => r.events.map((event) => ({ reportId: r.id, event })));
  }

  reporters(): ReporterRow[] {
    return this.drafts.flatMap((r) => (r.reporter ? [{ reportId: r.id, reporter: r.reporter }] : []));
  }
}

/**
 * Whether this connection may skip foreign-key checks (a superuser may set session_replication_role).
 * The generated rows satisfy every foreign key by construction — each report id a timeline or reporter row
 * names is inserted earlier in the same transaction, and organisation ids come from their tables — so the
 * per-row checks are skipped, as `pg_restore --disable-triggers` does: that halves the cost of the timeline.
 */
async function maySkipForeignKeyChecks(db: Db): Promise<boolean> {
  const result = await sql<{ rolsuper: boolean }>`
    select rolsuper from pg_roles where rolname = current_user`.execute(db);
  return result.rows[0]?.rolsuper === true;
}

/** Writes one batch in one transaction: reports, then their reporters and timelines. Returns rows written. */
async function insertBatch(
  db: Db,
  batch: Batch,
  skipForeignKeyChecks: boolean,
): Promise<{ events: number; reporters: number }> {
  const events = batch.events();
  const reporters = batch.reporters();
  await db.transaction().execute(async (trx) => {
    if (skipForeignKeyChecks) await sql`set local session_replication_role = replica`.execute(trx);
    await bulkInsert('reports', REPORT_COLUMNS, batch.drafts).execute(trx);
    await bulkInsert('report_reporters', REPORTER_COLUMNS, reporters).execute(trx);
    await bulkInsert('report_events', EVENT_COLUMNS, events).execute(trx);
  });
  return { events: events.length, reporters: reporters.length };
}

// ---------------------------------------------------------------------------------------------------------
// The run

export interface GenerateOptions {
  count: number;
  /** Same seed, same reports (on a fresh database, the same ids and codes too). Default 1. */
  seed?: number;
  /** The end of the generated period. Default: the current time. */
  now?: Date;
  /** Days covered before `now`. Default 3 years. */
  spanDays?: number;
  /** Reports per insert statement. Default 2000. */
  batchSize?: number;
  /** Batches written at once (each on its own connection). Default 3. */
  concurrency?: number;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface GenerateResult {
  reports: number;
  events: number;
  reporters: number;
  firstCode: string | null;
  lastCode: string | null;
  /** Generating and inserting the rows. */
  insertSeconds: number;
  analyzeSeconds: number;
  refreshSeconds: number;
  /** All rows (reports + events + reporters) per second of insertSeconds. */
  rowsPerSecond: number;
}

/**
 * Reserves `count` numbers of report_code_seq in one statement and returns the first: codes are made from
 * these, so reports submitted later through the API never collide with generated ones. Run it while nothing
 * else submits: a report submitted between the two halves of the statement could take a reserved number.
 */
async function reserveCodes(db: Db, count: number): Promise<number> {
  const result = await sql<{ last: string }>`
    select setval('report_code_seq', nextval('report_code_seq') + ${count - 1}) as last`.execute(db);
  return Number(result.rows[0]?.last) - count + 1;
}

/** Generates `count` reports in the database `db` holds (migrated, with the demo organisation). */
export async function generateReports(db: Db, options: GenerateOptions): Promise<GenerateResult> {
  const count = options.count;
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 2000;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const log = options.log ?? (() => undefined);
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a whole number ≥ 0');

  const started = performance.now();
  const org = await loadOrgForReports(db, now);
  const calendar = await loadWorkCalendar(db, DEFAULT_OFFICE_HOURS);
  const ctx: DraftContext = {
    rng: new Random(seed),
    org,
    deadlines: new Deadlines(calendar),
    seed,
    now: now.getTime(),
    spanDays: options.spanDays ?? 3 * 365,
    count,
  };
  const first = count > 0 ? await reserveCodes(db, count) : 0;
  const skipForeignKeyChecks = await maySkipForeignKeyChecks(db);
  let events = 0;
  let reporters = 0;
  let firstCode: string | null = null;
  let lastCode: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let nextReport = (count / 10) | 0;

  for (let start = 0; start < count; start += batchSize) {
    const batch = new Batch();
    for (let i = start; i < Math.min(count, start + batchSize); i++)
      batch.add(draftReport(ctx, i, first + i, (c, a) => batch.target(c, a)));
    firstCode ??= batch.drafts[0]?.code ?? null;
    lastCode = batch.drafts.at(-1)?.code ?? lastCode;
    const write: Promise<void> = insertBatch(db, batch, skipForeignKeyChecks)
      .then((rows) => {
        events += rows.events;
        reporters += rows.reporters;
      })
      .catch((error: unknown) => {
        failures.push(error);
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failures.length > 0) break;
    if (start + batchSize >= nextReport && nextReport > 0) {
      log(`  ${Math.min(count, start + batchSize).toLocaleString('en-US')} reports generated…`);
      nextReport += (count / 10) | 0;
    }
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw failures[0];
  const inserted = performance.now();

  log('  analyze…');
  for (const table of ['reports', 'report_events', 'report_reporters'])
    await sql`analyze ${sql.table(table)}`.execute(db);
  const analyzed = performance.now();
  log('  refresh the figures and map cells…');
  await refreshReportViews(db);
  const refreshed = performance.now();

  const insertSeconds = (inserted - started) / 1000;
  return {
    reports: count,
    events,
    reporters,
    firstCode,
    lastCode,
    insertSeconds,
    analyzeSeconds: (analyzed - inserted) / 1000,
    refreshSeconds: (refreshed - analyzed) / 1000,
    rowsPerSecond: (count + events + reporters) / Math.max(insertSeconds, 1e-9),
  };
}

/** Bodies for POST /api/v1/public/reports, as citizens of the demo province would send them (JSON texts). */
export async function sampleSubmissions(db: Db, count: number, seed = 7): Promise<string[]> {
  const org = await loadOrgForReports(db, new Date());
  const plain = org.categories.filter((c) => c.plainForm);
  if (plain.length === 0) throw new Error('no category can be sent without a photo or a required answer');
  const categories = new Picker(
    plain.map((c) => ({ value: c, weight: words.CATEGORY_WEIGHTS[c.slug] ?? 0.5 })),
  );
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const cluster = org.clusters.pick(rng);
    const category = categories.pick(rng);
    const point = pointIn(rng, cluster, org.bounds);
    const reporter = reporterFor(rng, 'web', 0, 0);
    return JSON.stringify({
      categoryId: category.id,
      description: describe(rng, category, cluster),
      location: { latitude: point.lat, longitude: point.lon, source: 'device' },
      ...(reporter?.phone
        ? { contact: { name: reporter.name ?? undefined, phone: `0${reporter.phone.slice(3)}` } }
        : {}),
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Command line

/** Two lines for people: rows, codes, and how long each part took. */
export function formatGenerateResult(result: GenerateResult): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return (
    `${n(result.reports)} reports, ${n(result.events)} events, ${n(result.reporters)} reporters ` +
    `(codes ${result.firstCode ?? '—'} … ${result.lastCode ?? '—'})\n` +
    `insert ${result.insertSeconds.toFixed(1)} s (${n(result.rowsPerSecond)} rows/s, ` +
    `${n(result.reports / Math.max(result.insertSeconds, 1e-9))} reports/s), ` +
    `analyze ${result.analyzeSeconds.toFixed(1)} s, refresh views ${result.refreshSeconds.toFixed(1)} s`
  );
}
