// The guides and the FAQ: stored in `guides`, first loaded from content/guides.json (checked against its schema:
// a bad file stops the start with a clear message, never half a load), read by the portal and the chatbot.
import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/tables.js';
import { cleanText } from '../../platform/text.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Pair = (max: number) => Type.Object({ vi: Text(max), en: Text(max) }, { additionalProperties: false });

export const Guide = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' }),
    kind: Type.Union([Type.Literal('guide'), Type.Literal('faq')]),
    title: Pair(200),
    body: Pair(20000),
  },
  { $id: 'Guide', additionalProperties: false },
);
export type Guide = Static<typeof Guide>;

const GuideFile = Type.Object(
  { guides: Type.Array(Guide, { maxItems: 500 }) },
  { additionalProperties: false },
);

export class GuideFileError extends Error {
  override name = 'GuideFileError';
}

/** Reads and checks a guides file; throws GuideFileError naming the first problem. */
export function readGuideFile(file: string): Guide[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GuideFileError(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const problem = Value.Errors(GuideFile, parsed).First();
  if (problem !== undefined) throw new GuideFileError(`${file}: ${problem.path || '/'} ${problem.message}`);
  const { guides } = parsed as Static<typeof GuideFile>;
  const slugs = new Set<string>();
  for (const g of guides) {
    if (slugs.has(g.slug)) throw new GuideFileError(`${file}: the slug "${g.slug}" is used twice`);
    slugs.add(g.slug);
  }
  return guides;
}

/** Loads the file's guides when there are none yet (first start); returns how many were loaded. */
export async function loadGuidesIfNone(db: Db, file: string): Promise<number> {
  const any = await sql<{ n: number }>`select count(*)::int as n from guides`.execute(db);
  if ((any.rows[0]?.n ?? 0) > 0) return 0;
  const guides = readGuideFile(file);
  if (guides.length === 0) return 0;
  // Position: the order in the file, per kind.
  const clean = cleanText;
  await sql`
    insert into guides (slug, kind, position, title_vi, title_en, body_vi, body_en)
    select * from unnest(${guides.map((g) => g.slug)}::text[], ${guides.map((g) => g.kind)}::text[],
                         ${guides.map((_, i) => i)}::int[],
                         ${guides.map((g) => clean(g.title.vi))}::text[], ${guides.map((g) => clean(g.title.en))}::text[],
                         ${guides.map((g) => clean(g.body.vi))}::text[], ${guides.map((g) => clean(g.body.en))}::text[])
    on conflict (slug) do nothing`.execute(db);
  return guides.length;
}

/** Every guide, then every question, each in the administrators' order. */
export async function listGuides(db: Db): Promise<Guide[]> {
  const rows = await sql<{
    slug: string;
    kind: 'guide' | 'faq';
    title_vi: string;
    title_en: string;
    body_vi: string;
    body_en: string;
  }>`select slug, kind, title_vi, title_en, body_vi, body_en from guides
      order by case kind when 'guide' then 0 else 1 end, position, slug`.execute(db);
  return rows.rows.map((r) => ({
    slug: r.slug,
    kind: r.kind,
    title: { vi: r.title_vi, en: r.title_en },
    body: { vi: r.body_vi, en: r.body_en },
  }));
}
