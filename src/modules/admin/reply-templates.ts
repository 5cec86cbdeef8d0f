// Reply templates: standard answers per category (or for all), kept by administrators and offered to the
// officers who answer a report. Each change is one transaction ending with its audit entry.
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { cleanText } from '../../platform/text.js';
import type { OrgTables } from '../org/tables.js';
import type { AdminTables } from './tables.js';

const templatesDb = (db: RootDb) => db.withTables<AdminTables & Pick<OrgTables, 'categories'>>();
type Trx = ReturnType<typeof templatesDb>;

export interface ReplyTemplate {
  id: string;
  /** Null: offered for every category. */
  categoryId: string | null;
  categoryName: { vi: string; en: string } | null;
  title: string;
  body: string;
  updatedAt: string;
}

export interface ReplyTemplateInput {
  categoryId: string | null;
  title: string;
  body: string;
}

async function select(db: Trx, where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) {
  const rows = await where(base(db)).execute();
  return rows.map((r): ReplyTemplate => ({
    id: r.id,
    categoryId: r.category_id,
    categoryName: r.name_vi === null || r.name_en === null ? null : { vi: r.name_vi, en: r.name_en },
    title: r.title,
    body: r.body,
    updatedAt: r.updated_at.toISOString(),
  }));
}

function base(db: Trx) {
  return db
    .selectFrom('reply_templates as t')
    .leftJoin('categories as c', 'c.id', 't.category_id')
    .select(['t.id', 't.category_id', 't.title', 't.body', 't.updated_at', 'c.name_vi', 'c.name_en'])
    .orderBy('c.sort_order')
    .orderBy('c.name_key')
    .orderBy('t.title')
    .orderBy('t.id');
}

/** Every template, general ones first (administrators). */
export async function allReplyTemplates(db: RootDb, actor: Actor | null): Promise<ReplyTemplate[]> {
  authorize(actor, 'content.manage');
  return allTemplatesUnchecked(templatesDb(db));
}

/**
 * The templates an officer may start an answer from for a report of `categoryId`: those of the category,
 * of the categories above it, and the general ones (without a category: every template).
 */
export async function replyTemplatesFor(
  db: RootDb,
  actor: Actor | null,
  categoryId: string | undefined,
): Promise<ReplyTemplate[]> {
  authorize(actor, 'org.read');
  const t = templatesDb(db);
  if (categoryId === undefined) return allTemplatesUnchecked(t);
  const parents = new Map(
    (await t.selectFrom('categories').select(['id', 'parent_id']).execute()).map((r) => [r.id, r.parent_id]),
  );
  if (!parents.has(categoryId)) throw new AppError('not_found');
  const lineage: string[] = [];
  for (let at: string | null | undefined = categoryId; at && lineage.length < 20; at = parents.get(at))
    lineage.push(at);
  const list = await select(t, (q) =>
    q.where((eb) => eb.or([eb('t.category_id', 'is', null), eb('t.category_id', 'in', lineage)])),
  );
  // The category's own first, then its parents', then the general ones.
  const rank = (x: ReplyTemplate) => (x.categoryId === null ? lineage.length : lineage.indexOf(x.categoryId));
  return list
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i)
    .map((e) => e.x);
}

/** Every template, general ones first. */
async function allTemplatesUnchecked(t: Trx) {
  const list = await select(t, (q) => q);
  return [...list.filter((x) => x.categoryId === null), ...list.filter((x) => x.categoryId !== null)];
}

/** The cleaned title and body, or the problems of an empty one (a text of spaces passes the schema). */
function cleaned(input: ReplyTemplateInput): ReplyTemplateInput {
  const title = cleanText(input.title);
  const body = cleanText(input.body);
  const problems: ErrorDetail[] = [];
  if (title === '')
    problems.push({
      field: '/body/title',
      problem: 'must not be empty',
      messages: { vi: 'Vui lòng nhập tên mẫu trả lời.', en: 'Please enter the template’s title.' },
    });
  if (body === '')
    problems.push({
      field: '/body/body',
      problem: 'must not be empty',
      messages: { vi: 'Vui lòng nhập nội dung mẫu trả lời.', en: 'Please enter the template’s text.' },
    });
  if (problems.length > 0) throw new AppError('validation_failed', { details: problems });
  return { categoryId: input.categoryId, title, body };
}

async function checkCategory(t: Trx, categoryId: string | null): Promise<void> {
  if (categoryId === null) return;
  const found = await t.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!found)
    throw new AppError('validation_failed', {
      details: [
        {
          field: '/body/categoryId',
          problem: 'no category has this id',
          messages: { vi: 'Không có lĩnh vực này.', en: 'There is no such category.' },
        },
      ],
    });
}

async function one(t: Trx, id: string): Promise<ReplyTemplate> {
  const [found] = await select(t, (q) => q.where('t.id', '=', id));
  if (!found) throw new AppError('not_found');
  return found;
}

export async function createReplyTemplate(
  db: RootDb,
  actor: Actor | null,
  input: ReplyTemplateInput,
): Promise<ReplyTemplate> {
  authorize(actor, 'content.manage');
  const values = cleaned(input);
  return db.transaction().execute(async (trx) => {
    const t = templatesDb(trx);
    await checkCategory(t, values.categoryId);
    const { id } = await t
      .insertInto('reply_templates')
      .values({ category_id: values.categoryId, title: values.title, body: values.body })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'reply_template.create',
      subjectType: 'reply_template',
      subjectId: id,
      requestId: actor.requestId,
      detail: { categoryId: values.categoryId },
    });
    return one(t, id);
  });
}

export async function updateReplyTemplate(
  db: RootDb,
  actor: Actor | null,
  id: string,
  input: Partial<ReplyTemplateInput>,
): Promise<ReplyTemplate> {
  authorize(actor, 'content.manage');
  return db.transaction().execute(async (trx) => {
    const t = templatesDb(trx);
    const before = await one(t, id);
    const values = cleaned({
      categoryId: input.categoryId === undefined ? before.categoryId : input.categoryId,
      title: input.title ?? before.title,
      body: input.body ?? before.body,
    });
    await checkCategory(t, values.categoryId);
    const changed = (['categoryId', 'title', 'body'] as const).filter((k) => values[k] !== before[k]);
    if (changed.length === 0) return before;
    await t
      .updateTable('reply_templates')
      .set({ category_id: values.categoryId, title: values.title, body: values.body, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'reply_template.update',
      subjectType: 'reply_template',
      subjectId: id,
      requestId: actor.requestId,
      detail: { changed },
    });
    return one(t, id);
  });
}

export async function deleteReplyTemplate(db: RootDb, actor: Actor | null, id: string): Promise<void> {
  authorize(actor, 'content.manage');
  await db.transaction().execute(async (trx) => {
    const removed = await templatesDb(trx)
      .deleteFrom('reply_templates')
      .where('id', '=', id)
      .returning('category_id')
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found');
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'reply_template.delete',
      subjectType: 'reply_template',
      subjectId: id,
      requestId: actor.requestId,
      detail: { categoryId: removed.category_id },
    });
  });
}
