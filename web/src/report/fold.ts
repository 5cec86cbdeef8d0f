// Vietnamese-insensitive search of categories, and the "most used first" order.
import type { Category } from '../api-report.js';

/** Lower case without diacritics: "Rác thải" → "rac thai", "Đường" → "duong". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Categories whose name (either language) or description holds every word of `query`, diacritics aside. */
export function searchCategories(categories: readonly Category[], query: string): Category[] {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...categories];
  return categories.filter((c) => {
    const haystack = foldVietnamese(
      [c.name.vi, c.name.en, c.description.vi ?? '', c.description.en ?? ''].join(' '),
    );
    return words.every((w) => haystack.includes(w));
  });
}

/** The API's order with each subcategory right after its parent (the API sorts by its own sort order). */
export function treeOrder(categories: readonly Category[]): Category[] {
  const ids = new Set(categories.map((c) => c.id));
  const children = new Map<string, Category[]>();
  for (const c of categories)
    if (c.parentId !== null && ids.has(c.parentId))
      children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: Category[] = [];
  const visit = (c: Category) => {
    out.push(c);
    for (const child of children.get(c.id) ?? []) visit(child);
  };
  for (const c of categories) if (c.parentId === null || !ids.has(c.parentId)) visit(c);
  return out;
}

/** Most reports received first; ties (and everything, when no figures came) keep the tree order. */
export function orderByUsage(
  categories: readonly Category[],
  usage: ReadonlyMap<string, number>,
): Category[] {
  return treeOrder(categories)
    .map((category, index) => ({ category, index, used: usage.get(category.id) ?? 0 }))
    .sort((a, b) => b.used - a.used || a.index - b.index)
    .map((x) => x.category);
}
