// The organisation's services as the HTTP layer calls them: each checks who is asking first.
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { routeReport, type Route } from './jurisdiction.js';
import { applyRestructuring, RestructuringError, type RestructuringResult } from './restructuring.js';
import { emergencyOf, type EmergencyStop, type RestructuringPlan } from './schemas.js';
import { orgDb } from './store.js';

export async function applyRestructuringAs(
  db: Db,
  actor: Actor | null,
  plan: RestructuringPlan,
): Promise<RestructuringResult> {
  authorize(actor, 'org.manage');
  try {
    return await applyRestructuring(db, plan, { actorId: actor.accountId });
  } catch (error) {
    if (error instanceof RestructuringError) {
      throw new AppError('plan_rejected', {
        details: error.problems.map((problem) => ({ field: '/body', problem })),
        cause: error,
      });
    }
    throw error;
  }
}

export async function routeFor(
  db: Db,
  actor: Actor | null,
  input: { categoryId: string; areaId: string; on: Date },
): Promise<Route | null> {
  authorize(actor, 'org.read');
  return routeReport(db, input);
}

export interface PublicCategory {
  id: string;
  slug: string;
  parentId: string | null;
  name: { vi: string; en: string };
  description: { vi: string | null; en: string | null };
  photoRequired: boolean;
  questions: unknown;
  icon: string | null;
  emergency: EmergencyStop | null;
}

/** The categories a citizen chooses from, in their display order (public: no personal data). */
export async function publicCategories(db: Db): Promise<PublicCategory[]> {
  const rows = await orgDb(db)
    .selectFrom('categories')
    .select([
      'id',
      'slug',
      'parent_id',
      'name_vi',
      'name_en',
      'description_vi',
      'description_en',
      'photo_required',
      'questions',
      'icon',
      'emergency_hotline',
      'emergency_notice_vi',
      'emergency_notice_en',
    ])
    .where('active', '=', true)
    .orderBy('sort_order')
    .orderBy('name_key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    parentId: r.parent_id,
    name: { vi: r.name_vi, en: r.name_en },
    description: { vi: r.description_vi, en: r.description_en },
    photoRequired: r.photo_required,
    questions: r.questions,
    icon: r.icon,
    emergency: emergencyOf(r),
  }));
}
