// The API calls of the report flow (`#/gui-phan-anh`): categories, usage figures, areas, uploads, nearby
// reports, following, and the submission itself, each answer checked at run time.
import { ApiError, apiRequest, isRecord, isString, type Guard } from './api.js';
const isLocalText = (v: unknown): v is { vi: string; en: string } =>
  isRecord(v) && isString(v.vi) && isString(v.en);

/** A question of a category's form (Open311 service attribute), as `GET /api/v1/public/categories` gives it. */
export interface CategoryQuestion {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  descriptionVi: string;
  descriptionEn: string;
  values?: { key: string; nameVi: string; nameEn: string }[];
}

/** A stop before reporting: the number to call for an emergency, and the category's own notice if any. */
export interface EmergencyStop {
  /** Digits only (e.g. `114`). */
  hotline: string;
  /** Null: the portal's standard notice with the hotline. */
  notice: { vi: string; en: string } | null;
}

export interface Category {
  id: string;
  slug: string;
  parentId: string | null;
  name: { vi: string; en: string };
  description: { vi: string | null; en: string | null };
  photoRequired: boolean;
  questions: CategoryQuestion[];
  /** Call this number before reporting (an emergency category); null: no stop. */
  emergency: EmergencyStop | null;
  /** Name of the category's icon (report/category-icons.ts); null or unknown: the generic one. */
  icon: string | null;
}

const DATATYPES = new Set(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);

function isQuestion(v: unknown): v is CategoryQuestion {
  return (
    isRecord(v) &&
    isString(v.code) &&
    isString(v.datatype) &&
    DATATYPES.has(v.datatype) &&
    typeof v.required === 'boolean' &&
    typeof v.order === 'number' &&
    isString(v.descriptionVi) &&
    isString(v.descriptionEn) &&
    (v.values === undefined ||
      (Array.isArray(v.values) &&
        v.values.every((x) => isRecord(x) && isString(x.key) && isString(x.nameVi) && isString(x.nameEn))))
  );
}

function emergencyOf(v: unknown): EmergencyStop | null {
  if (!isRecord(v) || !isString(v.hotline) || !/^[0-9]{3,11}$/.test(v.hotline)) return null;
  return { hotline: v.hotline, notice: isLocalText(v.notice) ? v.notice : null };
}

/** The categories, checked; questions that do not parse are dropped rather than breaking the form. */
export function parseCategories(body: unknown): Category[] {
  if (!Array.isArray(body)) throw new ApiError('GET categories: unexpected response');
  return body.flatMap((v): Category[] => {
    if (!isRecord(v) || !isString(v.id) || !isString(v.slug) || !isLocalText(v.name)) return [];
    const description = isRecord(v.description) ? v.description : {};
    return [
      {
        id: v.id,
        slug: v.slug,
        parentId: isString(v.parentId) ? v.parentId : null,
        name: v.name,
        description: {
          vi: isString(description.vi) ? description.vi : null,
          en: isString(description.en) ? description.en : null,
        },
        photoRequired: v.photoRequired === true,
        questions: (Array.isArray(v.questions) ? v.questions.filter(isQuestion) : []).sort(
          (a, b) => a.order - b.order,
        ),
        emergency: emergencyOf(v.emergency),
        icon: isString(v.icon) ? v.icon : null,
      },
    ];
  });
}

const isAnything: Guard<unknown> = (v): v is unknown => v !== undefined;

export async function fetchCategories(signal?: AbortSignal): Promise<Category[]> {
  return parseCategories(await apiRequest('GET', '/api/v1/public/categories', { guard: isAnything, signal }));
}

/**
 * Reports received per category id (`GET /api/v1/public/figures?groupBy=category`), to put the most used
 * categories first. An empty map when the figures cannot be had: the API's order is kept then.
 */
export async function fetchCategoryUsage(signal?: AbortSignal): Promise<Map<string, number>> {
  const usage = new Map<string, number>();
  try {
    const body = await apiRequest('GET', '/api/v1/public/figures?groupBy=category', {
      guard: isAnything,
      signal,
    });
    if (isRecord(body) && Array.isArray(body.groups))
      for (const g of body.groups)
        if (isRecord(g) && isString(g.key) && typeof g.received === 'number') usage.set(g.key, g.received);
  } catch {
    // Ordering is a convenience; the form works without it.
  }
  return usage;
}

export interface Area {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
}

const isArea: Guard<Area> = (v): v is Area =>
  isRecord(v) &&
  isString(v.id) &&
  (v.parentId === null || isString(v.parentId)) &&
  isString(v.level) &&
  isString(v.name);

/** Areas in force today, flat with `parentId` (public: names and the tree only). */
export async function fetchAreas(signal?: AbortSignal): Promise<Area[]> {
  const body = await apiRequest('GET', '/api/v1/public/areas', { guard: isAnything, signal });
  if (!Array.isArray(body)) throw new ApiError('GET areas: unexpected response');
  return body.filter(isArea);
}

/** `POST /api/v1/public/uploads` */
export interface Upload {
  id: string;
  width: number | null;
  height: number | null;
  suggestedLocation: { latitude: number; longitude: number } | null;
  thumbUrl: string | null;
}

export const isUpload: Guard<Upload> = (v): v is Upload =>
  isRecord(v) &&
  isString(v.id) &&
  (v.width === null || typeof v.width === 'number') &&
  (v.height === null || typeof v.height === 'number') &&
  (v.suggestedLocation === null ||
    (isRecord(v.suggestedLocation) &&
      typeof v.suggestedLocation.latitude === 'number' &&
      typeof v.suggestedLocation.longitude === 'number')) &&
  (v.thumbUrl === null || isString(v.thumbUrl));

/** One open report near the place, offered as "is it this one?". */
export interface NearbyReport {
  code: string;
  description: string;
  status: string;
  submittedAt: string;
  distanceMetres: number;
  supporters: number;
  thumbUrl: string | null;
}

const isNearby: Guard<NearbyReport> = (v): v is NearbyReport =>
  isRecord(v) &&
  isString(v.code) &&
  isString(v.description) &&
  isString(v.status) &&
  isString(v.submittedAt) &&
  typeof v.distanceMetres === 'number' &&
  typeof v.supporters === 'number' &&
  (v.thumbUrl === null || isString(v.thumbUrl));

export async function fetchNearby(
  query: { categoryId: string; latitude: number; longitude: number },
  signal?: AbortSignal,
): Promise<NearbyReport[]> {
  const params = new URLSearchParams({
    categoryId: query.categoryId,
    latitude: String(query.latitude),
    longitude: String(query.longitude),
  });
  const body = await apiRequest('GET', `/api/v1/public/reports/nearby?${params.toString()}`, {
    guard: isAnything,
    signal,
  });
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiError('GET nearby: unexpected response');
  return body.items.filter(isNearby);
}

/** Follows a report as the signed-in citizen (the API also takes a Web Push subscription; not used here). */
export async function followAsCitizen(code: string): Promise<void> {
  await apiRequest('POST', `/api/v1/public/reports/${encodeURIComponent(code)}/followers`, { body: {} });
}

/** The body of `POST /api/v1/public/reports`, as this app sends it. */
export interface SubmitBody {
  categoryId: string;
  description: string;
  answers?: Record<string, string | number | string[]>;
  location: {
    latitude?: number;
    longitude?: number;
    source?: 'device' | 'photo' | 'map' | 'area';
    areaId?: string;
    address?: string;
  };
  mediaIds?: string[];
  contact?: { name?: string; phone?: string; email?: string };
  confidential?: boolean;
  channel: 'web' | 'app';
}

/** `201` of `POST /api/v1/public/reports` */
export interface Submitted {
  code: string;
  status: string;
  submittedAt: string;
}

export const isSubmitted: Guard<Submitted> = (v): v is Submitted =>
  isRecord(v) && isString(v.code) && isString(v.status) && isString(v.submittedAt);
