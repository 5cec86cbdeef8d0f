// Writes samples/officers.xlsx and samples/officers.csv (`node --import tsx scripts/officer-samples.ts`), and
// generates officer lists of any length on the demo organisation for the tests and the bench.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OfficerRole } from '../src/platform/auth/policy.js';
import { writeOfficerFile, type OfficerFileRow } from '../src/modules/accounts/officer-file.js';
import { DEMO_DATA_DIR, ROOT_DIR } from '../src/platform/paths.js';

/** A handful of officers of the demo province (Bắc Giang), one of each role, as an administrator would list them. */
export const SAMPLE_OFFICERS: OfficerFileRow[] = [
  sample(
    'nguyen.thi.lan',
    'Nguyễn Thị Lan',
    'receiver',
    'ubnd-bac-giang.so-tttt.ioc',
    null,
    '0912345601',
    '2023-03-01',
  ),
  sample(
    'tran.van.duc',
    'Trần Văn Đức',
    'handler',
    'ubnd-bac-giang.so-gtvt',
    null,
    '0987654302',
    '2024-01-02',
  ),
  sample(
    'le.minh.tuan',
    'Lê Minh Tuấn',
    'agency_leader',
    'ubnd-bac-giang.so-tnmt',
    null,
    '02043855123',
    '2022-08-15',
  ),
  sample(
    'pham.thu.trang',
    'Phạm Thu Trang',
    'handler',
    'ubnd-bac-giang.ubnd-luc-ngan',
    'bac-giang.luc-ngan',
    '0356123403',
    '2024-06-03',
  ),
  sample(
    'hoang.van.nam',
    'Hoàng Văn Nam',
    'handler',
    'ubnd-bac-giang.ubnd-luc-ngan.ubnd-chu',
    'bac-giang.luc-ngan.chu',
    '0868123404',
    '2025-01-02',
  ),
  sample(
    'vu.thi.hoa',
    'Vũ Thị Hoa',
    'receiver',
    'ubnd-bac-giang.ubnd-tp-bac-giang',
    null,
    '0915123405',
    '2024-03-01',
  ),
  sample('do.quang.vinh', 'Đỗ Quang Vinh', 'provincial_leader', 'ubnd-bac-giang', null, null, '2021-07-01'),
  sample(
    'bui.thanh.ha',
    'Bùi Thanh Hà',
    'auditor',
    'ubnd-bac-giang.thanh-tra',
    null,
    '0979123406',
    '2023-09-01',
  ),
  sample(
    'ngo.duc.anh',
    'Ngô Đức Anh',
    'admin',
    'ubnd-bac-giang.so-tttt.ioc',
    null,
    '0936123407',
    '2023-03-01',
  ),
  sample('dang.thi.mai', 'Đặng Thị Mai', 'handler', 'nuoc-sach-bac-giang', null, '0399123408', '2024-10-01'),
  sample('truong.van.hai', 'Trương Văn Hải', 'handler', 'pc-bac-giang', null, '0523123409', '2024-10-01'),
  sample(
    'dinh.thi.ngoc',
    'Đinh Thị Ngọc',
    'receiver',
    null,
    'bac-giang.hiep-hoa',
    '0707123410',
    '2025-02-03',
  ),
];

function sample(
  username: string,
  displayName: string,
  role: OfficerRole,
  agency: string | null,
  area: string | null,
  phone: string | null,
  validFrom: string,
): OfficerFileRow {
  return {
    username,
    displayName,
    email: `${username}@mau.pakn.invalid`,
    phone: phone === null ? null : `+84${phone.slice(1)}`,
    role,
    agency,
    area,
    validFrom,
  };
}

interface DemoUnit {
  slug: string;
  kind: string;
  name: string;
  area?: string | null;
  validTo: string | null;
}
const demo = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(DEMO_DATA_DIR, file), 'utf8')) as DemoUnit[]).filter(
    (u) => u.validTo === null,
  );

/** The demo agencies and areas in force, for the reference sheet of the sample workbook. */
export function demoCatalogue() {
  return {
    agencies: demo('agencies.json').map((a) => ({ slug: a.slug, name: a.name })),
    areas: demo('areas.json').map((a) => ({ slug: a.slug, name: `${a.kind} ${a.name}` })),
  };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Thanh', 'Hữu', 'Ngọc', 'Xuân'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hương', 'Khánh', 'Linh', 'Long', 'Mai'];
const ROLES: OfficerRole[] = [
  'handler',
  'handler',
  'handler',
  'receiver',
  'receiver',
  'agency_leader',
  'auditor',
];
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/**
 * `count` distinct officers spread over the demo agencies (district and commune committees also scoped to
 * their area), with `prefix` in every username so two lists do not collide.
 */
export function generateOfficers(count: number, prefix = 'canbo'): OfficerFileRow[] {
  const agencies = demo('agencies.json');
  return Array.from({ length: count }, (_, i) => {
    const agency = pick(agencies, i);
    const role = pick(ROLES, i);
    const scoped = agency.slug.includes('.ubnd-') && i % 2 === 0;
    const username = `${prefix}.${String(i + 1).padStart(5, '0')}`;
    return {
      username,
      displayName: `${pick(FAMILY, i)} ${pick(MIDDLE, i >> 2)} ${pick(GIVEN, i >> 4)}`,
      email: i % 5 === 4 ? null : `${username}@mau.pakn.invalid`,
      phone: i % 7 === 6 ? null : `+8491${String(i).padStart(7, '0')}`,
      role,
      agency: agency.slug,
      area: scoped ? (agency.area ?? null) : null,
      validFrom: '2025-07-01',
    };
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.join(ROOT_DIR, 'samples');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'officers.xlsx'),
    await writeOfficerFile(SAMPLE_OFFICERS, 'xlsx', { lang: 'vi', catalogue: demoCatalogue() }),
  );
  fs.writeFileSync(
    path.join(dir, 'officers.csv'),
    await writeOfficerFile(SAMPLE_OFFICERS, 'csv', { lang: 'vi' }),
  );
  process.stdout.write(
    `Wrote ${SAMPLE_OFFICERS.length} officers to samples/officers.xlsx and samples/officers.csv\n`,
  );
}
