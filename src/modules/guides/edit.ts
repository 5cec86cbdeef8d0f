// The guides and the FAQ as administrators edit them: one entry written or removed at a time, and moved up
// or down its list. Bodies keep the portal's small markup (web/src/guides/markup.ts): never HTML, and
// pictures only from the app's own screenshots.
import { sql } from 'kysely';
import { parseMarkup } from '../../../web/src/guides/markup.js';
import { recordAudit } from '../../platform/audit.js';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { cleanText } from '../../platform/text.js';
import type { Guide } from './service.js';

export interface AdminGuide extends Guide {
  updatedAt: string;
}

interface GuideRow {
  slug: string;
  kind: 'guide' | 'faq';
  position: number;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  updated_at: Date;
}

const present = (r: GuideRow): AdminGuide => ({
  slug: r.slug,
  kind: r.kind,
  title: { vi: r.title_vi, en: r.title_en },
  body: { vi: r.body_vi, en: r.body_en },
  updatedAt: r.updated_at.toISOString(),
});

const HTML_TAG = /<\/?[a-z!][^>]*>/i;

/**
 * What in a body the portal would not show as meant: an HTML tag (shown as text, never run), or a picture
 * that is not alone in its paragraph or not one of the app's screenshots (shown as its markup).
 */
export function markupProblems(body: string, field: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (HTML_TAG.test(body))
    problems.push({
      field,
      problem: 'contains HTML; use the guides markup',
      messages: {
        vi: 'Nội dung không được chứa mã HTML. Dùng dòng trống để tách đoạn, “1. ” cho các bước, “- ” cho danh sách.',
        en: 'The text must not contain HTML. Separate paragraphs with a blank line; start steps with “1. ” and list items with “- ”.',
      },
    });
  const text = (b: ReturnType<typeof parseMarkup>[number]) =>
    b.type === 'p' ? [b.text] : b.type === 'img' ? [] : b.items;
  if (parseMarkup(body).some((b) => text(b).some((t) => t.includes('!['))))
    problems.push({
      field,
      problem: 'a picture must be alone in its paragraph and come from /huong-dan/anh/',
      messages: {
        vi: 'Ảnh phải nằm riêng một đoạn, dạng ![mô tả](/huong-dan/anh/ten-anh.png), và là ảnh có sẵn của hệ thống.',
        en: 'A picture must be a paragraph of its own, as ![description](/huong-dan/anh/name.png), one of the system’s own pictures.',
      },
    });
  return problems;
}

async function rows(db: Db, slug?: string): Promise<GuideRow[]> {
  const where = slug === undefined ? sql`` : sql`where slug = ${slug}`;
  return (
    await sql<GuideRow>`select slug, kind, position, title_vi, title_en, body_vi, body_en, updated_at from guides ${where}
      order by case kind when 'guide' then 0 else 1 end, position, slug`.execute(db)
  ).rows;
}

/** Every guide and question in the portal's order, with when each last changed (not cached: the editor's view). */
export async function guidesForEditing(db: Db, actor: Actor | null): Promise<AdminGuide[]> {
  authorize(actor, 'content.manage');
  return (await rows(db)).map(present);
}

export type GuideInput = Omit<Guide, 'slug'>;

/** Writes one entry: a new slug goes to the end of its list; an existing one keeps its place unless its kind changes. */
export async function saveGuide(
  db: Db,
  actor: Actor | null,
  slug: string,
  input: GuideInput,
): Promise<{ guide: AdminGuide; created: boolean }> {
  authorize(actor, 'content.manage');
  const clean = {
    title_vi: cleanText(input.title.vi),
    title_en: cleanText(input.title.en),
    body_vi: cleanText(input.body.vi),
    body_en: cleanText(input.body.en),
  };
  const problems: ErrorDetail[] = [
    ...(['title_vi', 'title_en', 'body_vi', 'body_en'] as const).flatMap((k) => {
      const [part, lang] = k.split('_') as ['title' | 'body', 'vi' | 'en'];
      return clean[k] === ''
        ? [
            {
              field: `/body/${part}/${lang}`,
              problem: 'must not be empty',
              messages: {
                vi: `Vui lòng nhập ${part === 'title' ? 'tiêu đề' : 'nội dung'} (${lang === 'vi' ? 'tiếng Việt' : 'tiếng Anh'}).`,
                en: `Please enter the ${part === 'title' ? 'title' : 'text'} (${lang === 'vi' ? 'Vietnamese' : 'English'}).`,
              },
            },
          ]
        : [];
    }),
    ...markupProblems(clean.body_vi, '/body/body/vi'),
    ...markupProblems(clean.body_en, '/body/body/en'),
  ];
  if (problems.length > 0) throw new AppError('validation_failed', { details: problems });
  return db.transaction().execute(async (trx) => {
    // Positions are per kind; one writer at a time keeps them distinct.
    await sql`select pg_advisory_xact_lock(hashtext('pakn.guides'))`.execute(trx);
    const [before] = await rows(trx, slug);
    const last = async () =>
      (
        await sql<{
          n: number;
        }>`select coalesce(max(position), -1)::int + 1 as n from guides where kind = ${input.kind}`.execute(
          trx,
        )
      ).rows[0]?.n ?? 0;
    const position = before !== undefined && before.kind === input.kind ? before.position : await last();
    await sql`
      insert into guides (slug, kind, position, title_vi, title_en, body_vi, body_en, updated_at)
      values (${slug}, ${input.kind}, ${position}, ${clean.title_vi}, ${clean.title_en}, ${clean.body_vi},
              ${clean.body_en}, now())
      on conflict (slug) do update set kind = excluded.kind, position = excluded.position,
        title_vi = excluded.title_vi, title_en = excluded.title_en, body_vi = excluded.body_vi,
        body_en = excluded.body_en, updated_at = now()`.execute(trx);
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: before === undefined ? 'guide.create' : 'guide.update',
      subjectType: 'guide',
      subjectId: slug,
      requestId: actor.requestId,
      detail: { kind: input.kind },
    });
    const [saved] = await rows(trx, slug);
    if (!saved) throw new Error('Internal: the guide just written is missing');
    return { guide: present(saved), created: before === undefined };
  });
}

export async function deleteGuide(db: Db, actor: Actor | null, slug: string): Promise<void> {
  authorize(actor, 'content.manage');
  await db.transaction().execute(async (trx) => {
    const removed = await sql<{
      kind: string;
    }>`delete from guides where slug = ${slug} returning kind`.execute(trx);
    const kind = removed.rows[0]?.kind;
    if (kind === undefined) throw new AppError('not_found');
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'guide.delete',
      subjectType: 'guide',
      subjectId: slug,
      requestId: actor.requestId,
      detail: { kind },
    });
  });
}

/** Swaps an entry with its neighbour above or below in its list; at either end nothing moves. */
export async function moveGuide(
  db: Db,
  actor: Actor | null,
  slug: string,
  direction: 'up' | 'down',
): Promise<AdminGuide[]> {
  authorize(actor, 'content.manage');
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('pakn.guides'))`.execute(trx);
    const all = await rows(trx);
    const entry = all.find((g) => g.slug === slug);
    if (!entry) throw new AppError('not_found');
    const list = all.filter((g) => g.kind === entry.kind);
    const at = list.indexOf(entry);
    const to = direction === 'up' ? at - 1 : at + 1;
    const other = list[to];
    if (other === undefined) return;
    // Renumber the list in its new order (positions may have gaps or ties from the file).
    list[to] = entry;
    list[at] = other;
    await sql`
      update guides g set position = v.position
        from unnest(${list.map((g) => g.slug)}::text[], ${list.map((_, i) => i)}::int[]) as v(slug, position)
       where g.slug = v.slug`.execute(trx);
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'guide.move',
      subjectType: 'guide',
      subjectId: slug,
      requestId: actor.requestId,
      detail: { direction },
    });
  });
  return (await rows(db)).map(present);
}
