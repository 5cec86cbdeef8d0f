// The organisation model beyond the tree: jurisdiction rules that route reports (most specific wins),
// category deadline policies and extra questions as imported, and the lineage arithmetic on its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { WorkCalendar } from '../../src/platform/calendar/calendar.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import {
  addDuration,
  clocksFor,
  DEFAULT_DEADLINE_POLICY,
  deadlinePolicyProblems,
} from '../../src/modules/org/deadlines.js';
import { chooseRule, routeReport, type CandidateRule } from '../../src/modules/org/jurisdiction.js';
import { AreaLineage, rollUpCounts, type AreaNode } from '../../src/modules/org/lineage.js';
import { ImportError, importDataSet, readDataSet } from '../../src/modules/org/service.js';
import { orgDb } from '../../src/modules/org/store.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let tmp: string;
const ids = {
  area: new Map<string, string>(),
  agency: new Map<string, string>(),
  category: new Map<string, string>(),
};

const id = (kind: keyof typeof ids, slug: string): string => {
  const found = ids[kind].get(slug);
  if (!found) throw new Error(`no ${kind} ${slug}`);
  return found;
};
/** 09:00 in Vietnam on a date. */
const at = (date: string): Date => new Date(`${date}T09:00:00+07:00`);

async function route(category: string, area: string, date: string): Promise<string | null> {
  const r = await routeReport(database.db, {
    categoryId: id('category', category),
    areaId: id('area', area),
    on: at(date),
  });
  return r?.agencySlug ?? null;
}

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-org-model-'));
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const [kind, table] of [
    ['area', 'areas'],
    ['agency', 'agencies'],
    ['category', 'categories'],
  ] as const) {
    const r = await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(
      database.db,
    );
    for (const row of r.rows) ids[kind].set(row.slug, row.id);
  }
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`categories: deadline policies and extra questions on ${backend}`, () => {
  it('stores every category with a policy (its own or the defaults) and its questions as imported', async () => {
    const r = await sql<{
      slug: string;
      deadline_policy: unknown;
      questions: unknown;
      parent: string | null;
    }>`
      select c.slug, c.deadline_policy, c.questions, p.slug as parent
        from categories c left join categories p on p.id = c.parent_id order by c.slug`.execute(database.db);
    const bySlug = new Map(r.rows.map((row) => [row.slug, row]));
    expect(r.rows).toHaveLength(23);
    expect(bySlug.get('khac')!.deadline_policy).toEqual(DEFAULT_DEADLINE_POLICY);
    expect(bySlug.get('khac')!.questions).toEqual([]);
    expect(clocksFor(bySlug.get('thien-tai-cuu-ho')!.deadline_policy, 'urgent').resolve).toEqual({
      amount: 4,
      unit: 'working_hours',
    });
    expect(clocksFor(bySlug.get('trat-tu-do-thi')!.deadline_policy, 'normal').resolve).toEqual({
      amount: 3,
      unit: 'working_days',
    });
    const lighting = bySlug.get('chieu-sang-cong-cong')!.questions as { code: string; values?: unknown[] }[];
    expect(lighting.map((q) => q.code)).toEqual(['pole_number', 'fault']);
    expect(lighting[1]!.values).toHaveLength(4);
    expect(bySlug.get('giao-thong-ha-tang.den-tin-hieu')!.parent).toBe('giao-thong-ha-tang');
  });

  it('turns a clock into a due instant on the working calendar', () => {
    const calendar = new WorkCalendar({ holidays: () => [] });
    const monday = new Date('2024-06-03T09:00:00+07:00');
    // 09:00–11:30 and 13:30–15:00: four office hours.
    expect(addDuration(calendar, monday, { amount: 4, unit: 'working_hours' }).toISOString()).toBe(
      new Date('2024-06-03T15:00:00+07:00').toISOString(),
    );
    expect(addDuration(calendar, monday, { amount: 5, unit: 'working_minutes' }).toISOString()).toBe(
      new Date('2024-06-03T09:05:00+07:00').toISOString(),
    );
    // Five working days from Monday: the close of office hours on the next Monday.
    expect(addDuration(calendar, monday, { amount: 5, unit: 'working_days' }).toISOString()).toBe(
      new Date('2024-06-10T17:00:00+07:00').toISOString(),
    );
    expect(clocksFor({ not: 'a policy' }, 'normal')).toEqual(DEFAULT_DEADLINE_POLICY.normal);
  });

  it('finds what a policy schema cannot: clocks longer than the resolution', () => {
    expect(deadlinePolicyProblems(DEFAULT_DEADLINE_POLICY)).toEqual([]);
    const bad = structuredClone(DEFAULT_DEADLINE_POLICY);
    bad.normal.acknowledge = { amount: 6, unit: 'working_days' };
    bad.urgent.resolve = { amount: 7, unit: 'working_days' };
    expect(deadlinePolicyProblems(bad)).toEqual([
      'normal: acknowledge is longer than resolve',
      'urgent resolve is longer than normal resolve',
    ]);
  });
});

describe(`jurisdiction: routing a report to an agency on ${backend}`, () => {
  it('imports the demo rules', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from jurisdictions`.execute(database.db);
    expect(r.rows[0]!.n).toBe(48);
  });

  it('picks the most specific rule of the demo data', async () => {
    const day = '2024-06-03';
    // A category rule province-wide.
    expect(await route('dien-luc', 'bac-giang.luc-ngan.chu', day)).toBe('pc-bac-giang');
    // A commune's own committee beats its district's.
    expect(await route('trat-tu-do-thi', 'bac-giang.tp-bac-giang.tran-phu', day)).toBe(
      'ubnd-bac-giang.ubnd-tp-bac-giang.ubnd-tran-phu',
    );
    expect(await route('trat-tu-do-thi', 'bac-giang.tp-bac-giang.le-loi', day)).toBe(
      'ubnd-bac-giang.ubnd-tp-bac-giang',
    );
    // The city's rule beats the province's for the same category.
    expect(await route('chieu-sang-cong-cong', 'bac-giang.tp-bac-giang.tran-phu', day)).toBe(
      'qlctdt-bac-giang',
    );
    expect(await route('chieu-sang-cong-cong', 'bac-giang.luc-ngan.kien-lao', day)).toBe(
      'ubnd-bac-giang.so-xd',
    );
    // A subcategory falls back to its parent category's rule, not to the catch-all.
    expect(await route('giao-thong-ha-tang.den-tin-hieu', 'bac-giang.luc-ngan.kien-lao', day)).toBe(
      'ubnd-bac-giang.so-gtvt',
    );
    expect(await route('giao-thong-ha-tang.den-tin-hieu', 'bac-giang.tp-bac-giang.tran-phu', day)).toBe(
      'qlctdt-bac-giang',
    );
    // Nothing specific: the IOC's catch-all.
    expect(await route('khac', 'bac-giang.luc-ngan.kien-lao', day)).toBe('ubnd-bac-giang.so-tttt.ioc');
    // Before the rules start (the system opened on 2023-03-01), no rule: routed by hand.
    expect(await route('dien-luc', 'bac-giang.luc-ngan.chu', '2023-02-28')).toBeNull();
  });

  it('ranks category depth over area depth, then area depth, then priority', async () => {
    const kienLao = 'bac-giang.luc-ngan.kien-lao';
    const committee = 'ubnd-bac-giang.ubnd-luc-ngan.ubnd-kien-lao';
    await orgDb(database.db)
      .insertInto('jurisdictions')
      .values([
        // A commune's catch-all does not take electricity away from the power company…
        {
          agency_id: id('agency', committee),
          category_id: null,
          area_id: id('area', kienLao),
          valid_from: '2024-01-01',
          priority: 0,
          include_subareas: true,
        },
        // …and a rule that covers only the district's own area does not reach its communes.
        {
          agency_id: id('agency', 'vnpt-bac-giang'),
          category_id: id('category', 'dien-luc'),
          area_id: id('area', 'bac-giang.luc-ngan'),
          valid_from: '2024-01-01',
          priority: 0,
          include_subareas: false,
        },
      ])
      .execute();
    expect(await route('dien-luc', kienLao, '2024-06-03')).toBe('pc-bac-giang');
    expect(await route('khac', kienLao, '2024-06-03')).toBe(committee);
    expect(await route('dien-luc', 'bac-giang.luc-ngan', '2024-06-03')).toBe('vnpt-bac-giang');
    expect(await route('dien-luc', 'bac-giang.luc-ngan.chu', '2024-06-03')).toBe('pc-bac-giang');
  });

  it('breaks ties by priority, flags a true tie, and skips rules of agencies that have ended', () => {
    const rule = (over: Partial<CandidateRule>): CandidateRule => ({
      id: over.agencySlug ?? 'r',
      agencyId: over.agencySlug ?? 'a',
      agencySlug: 'a',
      agencyName: 'A',
      categoryId: 'cat',
      areaId: 'province',
      includeSubareas: true,
      priority: 0,
      ...over,
    });
    const chain = ['commune', 'district', 'province'];
    const rules = [rule({ agencySlug: 'b' }), rule({ agencySlug: 'c', priority: 5 })];
    expect(chooseRule(rules, chain, ['cat'])).toMatchObject({ rule: { agencySlug: 'c' }, ambiguous: false });
    const tie = [rule({ agencySlug: 'z' }), rule({ agencySlug: 'y' })];
    expect(chooseRule(tie, chain, ['cat'])).toMatchObject({ rule: { agencySlug: 'y' }, ambiguous: true });
    expect(chooseRule([rule({ categoryId: 'other' })], chain, ['cat'])).toBeNull();
    expect(chooseRule([rule({ areaId: 'district', includeSubareas: false })], chain, ['cat'])).toBeNull();
  });

  it('does not route to an agency that no longer exists', async () => {
    await sql`update agencies set valid_to = '2024-07-01' where slug = 'pc-bac-giang'`.execute(database.db);
    try {
      expect(await route('dien-luc', 'bac-giang.luc-ngan.chu', '2024-06-30')).toBe('pc-bac-giang');
      expect(await route('dien-luc', 'bac-giang.luc-ngan.chu', '2024-07-01')).toBe(
        'ubnd-bac-giang.so-tttt.ioc',
      );
    } finally {
      await sql`update agencies set valid_to = null where slug = 'pc-bac-giang'`.execute(database.db);
    }
  });
});

describe('data-set validation of the new files', () => {
  it('lists every problem of jurisdictions, questions and deadlines at once', () => {
    const dir = path.join(tmp, 'broken');
    fs.cpSync(DEMO_DATA_DIR, dir, { recursive: true });
    const rules = JSON.parse(fs.readFileSync(path.join(dir, 'jurisdictions.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    rules[0]!.agency = 'no-such-agency';
    rules[1]!.category = 'no-such-category';
    rules[2]!.validFrom = '2000-01-01';
    rules.push({ ...rules[3]! });
    fs.writeFileSync(path.join(dir, 'jurisdictions.json'), JSON.stringify(rules));
    const categories = JSON.parse(fs.readFileSync(path.join(dir, 'categories.json'), 'utf8')) as {
      slug: string;
      questions?: Record<string, unknown>[];
      deadlines?: { normal: { acknowledge: unknown } };
    }[];
    const lighting = categories.find((c) => c.slug === 'chieu-sang-cong-cong')!;
    delete lighting.questions![1]!.values;
    lighting.questions![0]!.code = 'fault';
    const order = categories.find((c) => c.slug === 'trat-tu-do-thi')!;
    order.deadlines!.normal.acknowledge = { amount: 30, unit: 'working_days' };
    fs.writeFileSync(path.join(dir, 'categories.json'), JSON.stringify(categories));

    const error = (() => {
      try {
        readDataSet(dir);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown agency no-such-agency'),
        expect.stringContaining('unknown category no-such-category'),
        expect.stringContaining('starts before its agency exists'),
        expect.stringContaining('the same rule appears twice'),
        'categories.json: chieu-sang-cong-cong questions: code fault appears twice',
        'categories.json: chieu-sang-cong-cong questions: fault is a list without values',
        'categories.json: trat-tu-do-thi deadlines: normal: acknowledge is longer than resolve',
      ]),
    );
  });
});

describe('lineage arithmetic', () => {
  const node = (
    id: string,
    parentId: string | null,
    level: string,
    validFrom: string,
    validTo: string | null,
  ): AreaNode => ({
    id,
    slug: id,
    parentId,
    level,
    kind: level,
    name: id,
    validFrom,
    validTo,
  });
  // P (province) has communes A and B; on 2020-01-01 A splits into C (60 %) and D (the rest), and on
  // 2022-01-01 C and B merge into E. Z ended without a recorded successor.
  const lineage = new AreaLineage(
    [
      node('P', null, 'province', '2000-01-01', null),
      node('A', 'P', 'commune', '2000-01-01', '2020-01-01'),
      node('B', 'P', 'commune', '2000-01-01', '2022-01-01'),
      node('C', 'P', 'commune', '2020-01-01', '2022-01-01'),
      node('D', 'P', 'commune', '2020-01-01', null),
      node('E', 'P', 'commune', '2022-01-01', null),
      node('Z', 'P', 'commune', '2000-01-01', '2010-01-01'),
    ],
    [
      { fromId: 'A', toId: 'C', effectiveOn: '2020-01-01', share: 0.6 },
      { fromId: 'A', toId: 'D', effectiveOn: '2020-01-01', share: null },
      { fromId: 'C', toId: 'E', effectiveOn: '2022-01-01', share: null },
      { fromId: 'B', toId: 'E', effectiveOn: '2022-01-01', share: null },
    ],
  );
  const rounded = (list: { areaId: string; share: number | null }[]) =>
    list.map((s) => ({
      areaId: s.areaId,
      share: s.share === null ? null : Math.round(s.share * 1000) / 1000,
    }));

  it('follows splits with their shares and a chain of events forwards', () => {
    expect(lineage.successorsOn('A', '2019-12-31')).toEqual([{ areaId: 'A', share: 1 }]);
    expect(rounded(lineage.successorsOn('A', '2021-06-01'))).toEqual([
      { areaId: 'C', share: 0.6 },
      { areaId: 'D', share: 0.4 },
    ]);
    expect(rounded(lineage.successorsOn('A', '2023-01-01'))).toEqual([
      { areaId: 'E', share: 0.6 },
      { areaId: 'D', share: 0.4 },
    ]);
    expect(lineage.successorsOn('Z', '2023-01-01')).toEqual([]);
    expect(lineage.successorsOn('unknown', '2023-01-01')).toEqual([]);
  });

  it('traces a new unit back to the units it came from', () => {
    expect(lineage.successorsOn('E', '2021-06-01')).toEqual([
      { areaId: 'B', share: null },
      { areaId: 'C', share: null },
    ]);
    expect(lineage.successorsOn('E', '2019-06-01').map((s) => s.areaId)).toEqual(['A', 'B']);
  });

  it('adds counts up through the shares, keeping what cannot be placed apart', () => {
    const map = new Map(['A', 'B', 'Z'].map((a) => [a, lineage.successorsOn(a, '2023-01-01')]));
    const { byArea, unmapped } = rollUpCounts(
      [
        { areaId: 'A', count: 10 },
        { areaId: 'B', count: 3 },
        { areaId: 'Z', count: 2 },
        { areaId: null, count: 1 },
      ],
      map,
    );
    expect(Object.fromEntries(byArea)).toEqual({ E: 9, D: 4 });
    expect(unmapped).toBe(3);
  });
});
