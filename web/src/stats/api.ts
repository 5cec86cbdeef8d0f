// `GET /api/v1/public/figures`: the figures of a period, for the whole province and by one grouping.
import { apiRequest, ApiError, isCount, isNullableString, isRecord, isString, type Guard } from '../api.js';
import type { StatsQuery } from './query.js';

/** The figures of the whole province or of one group. */
export interface Figures {
  received: number;
  handled: number;
  rejected: number;
  /** 0–1 share of `cameDue` answered by the first deadline; null when none came due. */
  onTimeRate: number | null;
  /** 0–1 share of `rated` rated "satisfied"; null when none was rated. */
  satisfactionRate: number | null;
  /** Reports that came due: what `onTimeRate` is a share of. */
  cameDue: number;
  /** Of those, not answered by their first deadline. */
  late: number;
  /** Answers rated: what `satisfactionRate` is a share of. */
  rated: number;
}

export interface FigureGroup extends Figures {
  /** Agency, area or category id, or the month's first day (`2026-01-01`); null for "not determined". */
  key: string | null;
  nameVi: string;
  nameEn: string;
}

export interface FiguresReply {
  total: Figures;
  groups: FigureGroup[];
  /** When the figures were last recomputed; null before the first time. */
  asOf: string | null;
}

const isRate = (v: unknown): v is number | null => v === null || (typeof v === 'number' && v >= 0 && v <= 1);

const isFigures: Guard<Figures> = (v): v is Figures =>
  isRecord(v) &&
  [v.received, v.handled, v.rejected, v.cameDue, v.late, v.rated].every(isCount) &&
  isRate(v.onTimeRate) &&
  isRate(v.satisfactionRate);

const isGroup: Guard<FigureGroup> = (v): v is FigureGroup =>
  isRecord(v) && isFigures(v) && isNullableString(v.key) && isString(v.nameVi) && isString(v.nameEn);

export const isFiguresReply: Guard<FiguresReply> = (v): v is FiguresReply =>
  isRecord(v) &&
  isFigures(v.total) &&
  Array.isArray(v.groups) &&
  v.groups.every(isGroup) &&
  (v.asOf === null || (isString(v.asOf) && !Number.isNaN(Date.parse(v.asOf))));

export function figuresUrl(query: StatsQuery): string {
  const params = new URLSearchParams({ groupBy: query.groupBy, from: query.from, to: query.to });
  return `/api/v1/public/figures?${params.toString()}`;
}

export async function fetchFigures(query: StatsQuery, signal?: AbortSignal): Promise<FiguresReply> {
  const reply = await apiRequest('GET', figuresUrl(query), { guard: isFiguresReply, signal });
  if (reply === null) throw new ApiError('figures: empty response');
  return reply;
}
