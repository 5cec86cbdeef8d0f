// A category's extra questions (Open311-style attributes): the rules the schema cannot say, and cleaning.
import { cleanText } from '../../platform/text.js';
import type { Question } from './schemas.js';

/** What the Question schema cannot say: unique codes and orders, list values exactly on list questions. */
export function questionProblems(questions: readonly Question[]): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const orders = new Set<number>();
  for (const q of questions) {
    if (codes.has(q.code)) problems.push(`code ${q.code} appears twice`);
    if (orders.has(q.order)) problems.push(`order ${q.order} appears twice`);
    codes.add(q.code);
    orders.add(q.order);
    const isList = q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist';
    if (isList && !q.values) problems.push(`${q.code} is a list without values`);
    if (!isList && q.values) problems.push(`${q.code} has values but is not a list`);
    const keys = (q.values ?? []).map((v) => v.key);
    if (new Set(keys).size !== keys.length) problems.push(`${q.code} has a value key twice`);
  }
  return problems;
}

export function cleanQuestion(q: Question): Question {
  return {
    ...q,
    descriptionVi: cleanText(q.descriptionVi),
    descriptionEn: cleanText(q.descriptionEn),
    ...(q.values
      ? { values: q.values.map((v) => ({ ...v, nameVi: cleanText(v.nameVi), nameEn: cleanText(v.nameEn) })) }
      : {}),
  };
}
