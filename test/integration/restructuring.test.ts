// Replays the 2025 restructuring on the demo data (Bắc Giang as of 2023): phường Lê Lợi into Trần Phú on
// 2025-01-01, then on 2025-07-01 districts abolished, communes merged, Bắc Giang merged into Bắc Ninh.
// Old reports keep their area; counts roll up to the new structure; routing follows the date.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { routeReport } from '../../src/modules/org/jurisdiction.js';
import { rollUpCounts, rollUpMap, successorsOn } from '../../src/modules/org/lineage.js';
import {
  applyRestructuring,
  readRestructuringPlan,
  RestructuringError,
} from '../../src/modules/org/restructuring.js';
import type { RestructuringPlan } from '../../src/modules/org/schemas.js';
import { importDataSet } from '../../src/modules/org/service.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
const PLANS = path.join(DEMO_DATA_DIR, 'restructurings');
const january = readRestructuringPlan(path.join(PLANS, '2025-01-01.json'));
const july = readRestructuringPlan(path.join(PLANS, '2025-07-01.json'));

async function slugIds(table: 'areas' | 'agencies' | 'categories'): Promise<Map<string, string>> {
  const r = await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(
    database.db,
  );
  return new Map(r.rows.map((row) => [row.slug, row.id]));
}
async function areaId(slug: string): Promise<string> {
  const found = (await slugIds('areas')).get(slug);
  if (!found) throw new Error(`no area ${slug}`);
  return found;
}
async function slugOf(id: string): Promise<string> {
  const r = await sql<{ slug: string }>`select slug from areas where id = ${id}`.execute(database.db);
  return r.rows[0]!.slug;
}
async function route(category: string, area: string, date: string): Promise<string | null> {
  const categories = await slugIds('categories');
  const r = await routeReport(database.db, {
    categoryId: categories.get(category)!,
    areaId: await areaId(area),
    on: new Date(`${date}T09:00:00+07:00`),
  });
  return r?.agencySlug ?? null;
}
async function tableCounts(): Promise<Record<string, number>> {
  const r = await sql<Record<string, number>>`select
      (select count(*)::int from areas) as areas, (select count(*)::int from agencies) as agencies,
      (select count(*)::int from area_lineage) as area_lineage, (select count(*)::int from jurisdictions) as rules,
      (select count(*)::int from areas where valid_to is not null) as ended`.execute(database.db);
  return r.rows[0]!;
}

/** Reports filed before the restructuring, by the slug of the area they were filed in. */
const FILED: [string | null, string, number][] = [
  ['bac-giang.tp-bac-giang.le-loi', '2024-03-04', 2],
  ['bac-giang.tp-bac-giang.tran-phu', '2024-05-06', 3],
  ['bac-giang.tp-bac-giang.ngo-quyen', '2025-02-03', 1],
  ['bac-giang.luc-ngan.chu', '2024-09-09', 2],
  ['bac-giang.luc-ngan.kien-lao', '2025-03-03', 1],
  ['bac-giang.son-dong.tuan-dao', '2024-10-07', 4],
  ['bac-giang.hiep-hoa.xuan-cam', '2025-06-30', 1],
  // Located only to its district, and not located at all.
  ['bac-giang.son-dong', '2024-11-11', 1],
  [null, '2024-12-02', 1],
];

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  let n = 0;
  for (const [slug, day, count] of FILED)
    for (let i = 0; i < count; i++) {
      n++;
      const area = slug === null ? null : await areaId(slug);
      await sql`insert into reports (code, status, area_id, submitted_at)
        values (${`PA-TEST-${n}`}, 'submitted', ${area}, ${`${day}T10:00:00+07:00`})`.execute(database.db);
    }
});
afterAll(async () => {
  await database.close();
});

describe(`the 2025 restructuring replayed on the demo data on ${backend}`, () => {
  it('refuses a plan with unknown units and changes nothing', async () => {
    const before = await tableCounts();
    const plan = structuredClone(july);
    plan.areaEvents[0]!.from.push('bac-giang.no-such-commune');
    plan.agencyMoves.push({ agency: 'no-such-agency', parent: null, area: 'bac-ninh' });
    const error = await applyRestructuring(database.db, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestructuringError);
    expect((error as RestructuringError).problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown area bac-giang.no-such-commune'),
        'agencyMoves: unknown agency no-such-agency',
      ]),
    );
    expect(await tableCounts()).toEqual(before);
  });

  it('applies January 2025: Lê Lợi merges into Trần Phú, which continues', async () => {
    const result = await applyRestructuring(database.db, january, { actorId: null });
    expect(result).toMatchObject({ areasCreated: 0, areasEnded: 1, jurisdictionsEnded: 0 });
    const leLoi = await areaId('bac-giang.tp-bac-giang.le-loi');
    const tranPhu = await areaId('bac-giang.tp-bac-giang.tran-phu');
    expect(await successorsOn(database.db, leLoi, '2024-12-31')).toEqual([{ areaId: leLoi, share: 1 }]);
    expect(await successorsOn(database.db, leLoi, '2025-01-01')).toEqual([{ areaId: tranPhu, share: 1 }]);
    // Applying the same plan twice is refused: Lê Lợi has already ended.
    await expect(applyRestructuring(database.db, january)).rejects.toThrow(
      /not open on the eve of 2025-01-01/,
    );
  });

  it('rolls back a plan that would leave units under an ended parent, listing each of them', async () => {
    const before = await tableCounts();
    const plan: RestructuringPlan = structuredClone(july);
    plan.areaEvents = plan.areaEvents.filter((e) => e.to[0] !== 'bac-ninh.hiep-hoa');
    plan.areas = plan.areas.filter((a) => a.slug !== 'bac-ninh.hiep-hoa');
    plan.agencyEvents = plan.agencyEvents.filter((e) => e.to[0] !== 'ubnd-bac-ninh.ubnd-hiep-hoa');
    plan.agencies = plan.agencies.filter((a) => a.slug !== 'ubnd-bac-ninh.ubnd-hiep-hoa');
    plan.jurisdictions = plan.jurisdictions.filter((j) => j.agency !== 'ubnd-bac-ninh.ubnd-hiep-hoa');
    const error = await applyRestructuring(database.db, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestructuringError);
    const problems = (error as RestructuringError).problems;
    for (const commune of ['thang', 'hoang-van', 'xuan-cam', 'mai-dinh'])
      expect(problems).toContain(
        `area bac-giang.hiep-hoa.${commune} is in force on 2025-07-01 but its parent bac-giang.hiep-hoa is not`,
      );
    expect(problems).toContain(
      'agency ubnd-bac-giang.ubnd-hiep-hoa.ubnd-thang is in force on 2025-07-01 but its parent ubnd-bac-giang.ubnd-hiep-hoa is not',
    );
    expect(await tableCounts()).toEqual(before);
  });

  it('applies July 2025 in one transaction: every old unit ends, the new ones start, rules follow', async () => {
    const reportsBefore = await sql`select id, area_id from reports order by id`.execute(database.db);
    // The demo officers have held their posts since 2024.
    await sql`update positions set valid_from = '2024-01-01'`.execute(database.db);
    const result = await applyRestructuring(database.db, july);
    expect(result).toEqual({
      effectiveOn: '2025-07-01',
      areasCreated: 16,
      // The province, its 10 districts and the 42 communes still open (Lê Lợi ended in January).
      areasEnded: 53,
      agenciesCreated: 22,
      // All but the four companies, which continue under the new province.
      agenciesEnded: 36,
      agenciesMoved: 4,
      jurisdictionsEnded: 48,
      jurisdictionsCreated: 36,
      positionsMoved: expect.any(Number) as unknown,
      positionsEnded: expect.any(Number) as unknown,
    });
    // Staff follow a merged department; staff of an abolished district committee await reassignment.
    const positionsOf = async (username: string) =>
      (
        await sql<{ role: string; agency: string; valid_from: string; valid_to: string | null }>`
          select p.role, g.slug as agency, p.valid_from, p.valid_to from positions p
            join accounts a on a.id = p.account_id join agencies g on g.id = p.agency_id
           where a.username = ${username} order by p.valid_from`.execute(database.db)
      ).rows;
    expect(await positionsOf('xuly.sogtvt')).toEqual([
      { role: 'handler', agency: 'ubnd-bac-giang.so-gtvt', valid_from: '2024-01-01', valid_to: '2025-07-01' },
      { role: 'handler', agency: 'ubnd-bac-ninh.so-xd', valid_from: '2025-07-01', valid_to: null },
    ]);
    expect(await positionsOf('xuly.lucngan')).toEqual([
      {
        role: 'handler',
        agency: 'ubnd-bac-giang.ubnd-luc-ngan',
        valid_from: '2024-01-01',
        valid_to: '2025-07-01',
      },
    ]);
    expect(result.positionsMoved).toBeGreaterThanOrEqual(2);
    expect(result.positionsEnded).toBeGreaterThanOrEqual(2);
    const open = await sql<{ slug: string }>`select slug from areas
      where valid_to is null and slug like 'bac-giang%'`.execute(database.db);
    expect(open.rows).toEqual([]);
    const ended = await sql<{ valid_to: string }>`select distinct valid_to from areas
      where slug like 'bac-giang%' and slug <> 'bac-giang.tp-bac-giang.le-loi'`.execute(database.db);
    expect(ended.rows).toEqual([{ valid_to: '2025-07-01' }]);
    // Reports keep the area they were filed in.
    expect((await sql`select id, area_id from reports order by id`.execute(database.db)).rows).toEqual(
      reportsBefore.rows,
    );
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'org.restructure'`.execute(database.db);
    expect(audit.rows[0]!.n).toBe(2);
  });

  it('follows a chain of events: a 2023 ward, merged in January, lies in phường Bắc Giang from July', async () => {
    const leLoi = await areaId('bac-giang.tp-bac-giang.le-loi');
    const bacGiangWard = await areaId('bac-ninh.bac-giang');
    expect(await successorsOn(database.db, leLoi, '2025-07-01')).toEqual([
      { areaId: bacGiangWard, share: 1 },
    ]);
    expect(
      await successorsOn(database.db, await areaId('bac-giang.son-dong.tuan-dao'), '2026-01-01'),
    ).toEqual([{ areaId: await areaId('bac-ninh.tuan-dao'), share: 1 }]);
    // Backwards: the new ward on a 2024 date is made of the wards of then, Lê Lợi included.
    const parts = await successorsOn(database.db, bacGiangWard, '2024-06-01');
    expect(new Set(await Promise.all(parts.map((p) => slugOf(p.areaId))))).toEqual(
      new Set(
        ['tran-phu', 'le-loi', 'ngo-quyen', 'hoang-van-thu', 'tho-xuong'].map(
          (w) => `bac-giang.tp-bac-giang.${w}`,
        ),
      ),
    );
    expect(parts.every((p) => p.share === null)).toBe(true);
  });

  it('counts old reports in the new communes and the new province with one query over rollUpMap', async () => {
    const byCommune = await rollUpMap(database.db, '2025-07-01');
    const byProvince = await rollUpMap(database.db, '2025-07-01', { level: 'province' });
    // The roll-up map as SQL rows, joined to the reports: statistics stay in the database.
    const countsWith = async (map: Map<string, { areaId: string; share: number | null }[]>) => {
      const rows = [...map].flatMap(([from, targets]) =>
        targets
          .filter((t) => t.share !== null)
          .map((t) => sql`(${from}::uuid, ${t.areaId}::uuid, ${t.share}::numeric)`),
      );
      const r = await sql<{ slug: string; reports: string }>`
        with roll_up (from_id, to_id, share) as (values ${sql.join(rows)})
        select a.slug, sum(m.share)::text as reports
          from reports r join roll_up m on m.from_id = r.area_id join areas a on a.id = m.to_id
         group by a.slug order by a.slug`.execute(database.db);
      return Object.fromEntries(r.rows.map((row) => [row.slug, Number(row.reports)]));
    };
    expect(await countsWith(byCommune)).toEqual({
      'bac-ninh': 1, // the report located only to the abolished district Sơn Động
      'bac-ninh.bac-giang': 6, // Lê Lợi 2 + Trần Phú 3 + Ngô Quyền 1
      'bac-ninh.chu': 3, // thị trấn Chũ 2 + Kiên Lao 1
      'bac-ninh.hiep-hoa': 1,
      'bac-ninh.tuan-dao': 4,
    });
    expect(await countsWith(byProvince)).toEqual({ 'bac-ninh': 15 });

    // The same in memory, with the report that has no area kept apart.
    const grouped = await sql<{ area_id: string | null; n: number }>`
      select area_id, count(*)::int as n from reports group by area_id`.execute(database.db);
    const { byArea, unmapped } = rollUpCounts(
      grouped.rows.map((r) => ({ areaId: r.area_id, count: r.n })),
      byProvince,
    );
    expect([...byArea.values()]).toEqual([15]);
    expect(unmapped).toBe(1);

    // As of a date before the changes, every report stays in the unit it was filed in.
    const asOf2024 = await rollUpMap(database.db, '2024-12-31', { level: 'province' });
    expect(await countsWith(asOf2024)).toEqual({ 'bac-giang': 15 });
  });

  it('splits a unit by shares, and counts its old reports fractionally (a hypothetical 2026 split)', async () => {
    const plan: RestructuringPlan = {
      effectiveOn: '2026-01-01',
      note: 'Hypothetical, for the test only: xã Hiệp Hòa split in two.',
      areas: ['hiep-hoa-a', 'hiep-hoa-b'].map((slug) => ({
        slug: `bac-ninh.${slug}`,
        parent: 'bac-ninh',
        level: 'commune' as const,
        kind: 'xã',
        name: slug,
        codes: {},
      })),
      agencies: [],
      areaEvents: [
        {
          kind: 'split',
          from: ['bac-ninh.hiep-hoa'],
          to: ['bac-ninh.hiep-hoa-a', 'bac-ninh.hiep-hoa-b'],
          shares: { 'bac-ninh.hiep-hoa-a': 0.75 },
          note: null,
        },
      ],
      agencyEvents: [],
      agencyMoves: [
        { agency: 'ubnd-bac-ninh.ubnd-hiep-hoa', parent: 'ubnd-bac-ninh', area: 'bac-ninh.hiep-hoa-a' },
      ],
      jurisdictions: [],
    };
    const result = await applyRestructuring(database.db, plan);
    expect(result).toMatchObject({ areasCreated: 2, areasEnded: 1, jurisdictionsEnded: 1 });
    const xuanCam = await areaId('bac-giang.hiep-hoa.xuan-cam');
    const shares = await successorsOn(database.db, xuanCam, '2026-01-01');
    expect(await Promise.all(shares.map(async (s) => [await slugOf(s.areaId), s.share]))).toEqual([
      ['bac-ninh.hiep-hoa-a', 0.75],
      ['bac-ninh.hiep-hoa-b', 0.25],
    ]);
    const map = await rollUpMap(database.db, '2026-01-01');
    const { byArea } = rollUpCounts([{ areaId: xuanCam, count: 4 }], map);
    expect([...byArea.values()]).toEqual([3, 1]);
  });

  it('routes by the rules in force on the day: the old agency before, the new one after', async () => {
    const cases: [string, string, string, string][] = [
      // category, area as filed, agency before (2025-06-30), agency after (2025-07-01)
      [
        'trat-tu-do-thi',
        'bac-giang.tp-bac-giang.tran-phu',
        'ubnd-bac-giang.ubnd-tp-bac-giang.ubnd-tran-phu',
        'ubnd-bac-ninh.ubnd-bac-giang',
      ],
      [
        'trat-tu-do-thi',
        'bac-giang.son-dong.tuan-dao',
        'ubnd-bac-giang.ubnd-son-dong',
        'ubnd-bac-ninh.so-khcn.ioc',
      ],
      ['giao-thong-ha-tang', 'bac-giang.luc-ngan.chu', 'ubnd-bac-giang.so-gtvt', 'ubnd-bac-ninh.so-xd'],
      ['o-nhiem', 'bac-giang.viet-yen.nenh', 'ubnd-bac-giang.so-tnmt', 'ubnd-bac-ninh.so-nnmt'],
      // The power company continues: same agency on both sides.
      ['dien-luc', 'bac-giang.hiep-hoa.thang', 'pc-bac-giang', 'pc-bac-giang'],
      ['chieu-sang-cong-cong', 'bac-giang.tp-bac-giang.ngo-quyen', 'qlctdt-bac-giang', 'qlctdt-bac-giang'],
    ];
    for (const [category, area, before, after] of cases) {
      expect(await route(category, area, '2025-06-30'), `${category} in ${area} before`).toBe(before);
      expect(await route(category, area, '2025-07-01'), `${category} in ${area} after`).toBe(after);
    }
    // A report filed in the new ward routes the same way as one filed in an old ward it replaced.
    expect(await route('trat-tu-do-thi', 'bac-ninh.bac-giang', '2025-07-01')).toBe(
      'ubnd-bac-ninh.ubnd-bac-giang',
    );
    // Lê Lợi had no ward committee in the data: its district's before, the new ward's after.
    expect(await route('trat-tu-do-thi', 'bac-giang.tp-bac-giang.le-loi', '2024-06-03')).toBe(
      'ubnd-bac-giang.ubnd-tp-bac-giang',
    );
    expect(await route('trat-tu-do-thi', 'bac-giang.tp-bac-giang.le-loi', '2025-07-02')).toBe(
      'ubnd-bac-ninh.ubnd-bac-giang',
    );
  });
});
