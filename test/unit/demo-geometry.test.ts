// The demo data set's approximate outlines (data-demo/area-geometry.json): every demo place lies in its own
// district, the districts tile the province without gaps or overlaps, and nothing lies outside it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { contains, isGeometry, type Geometry } from '../../src/modules/reports/geo.js';
import { PLACES } from '../../src/modules/reports/demo-vocabulary.js';

const records = JSON.parse(fs.readFileSync(path.join(DEMO_DATA_DIR, 'area-geometry.json'), 'utf8')) as {
  slug: string;
  boundary: unknown;
}[];
const outlines = new Map(
  records.flatMap((r) => (isGeometry(r.boundary) ? [[r.slug, r.boundary] as [string, Geometry]] : [])),
);
const province = outlines.get('bac-giang');
const districts = [...outlines].filter(([slug]) => slug.split('.').length === 2);

describe('the demo outlines', () => {
  it('give the province and its ten district-level units an outline', () => {
    expect(province).toBeDefined();
    expect(districts.map(([slug]) => slug).sort()).toEqual(
      [
        'hiep-hoa',
        'lang-giang',
        'luc-nam',
        'luc-ngan',
        'son-dong',
        'tan-yen',
        'tp-bac-giang',
        'viet-yen',
        'yen-dung',
        'yen-the',
      ].map((d) => `bac-giang.${d}`),
    );
  });

  it('put every demo place in its own district, inside the province', () => {
    const misplaced = PLACES.filter((p) => {
      const district = p.slug.split('.').slice(0, 2).join('.');
      const inside = districts.filter(([, g]) => contains(g, p.lat, p.lon)).map(([slug]) => slug);
      return inside.length !== 1 || inside[0] !== district || !province || !contains(province, p.lat, p.lon);
    });
    expect(misplaced.map((p) => p.slug)).toEqual([]);
  });

  it('tile the province: a point inside it is in exactly one district, a point outside in none', () => {
    if (!province) throw new Error('no province outline');
    const wrong: string[] = [];
    for (let lat = 21.0; lat <= 21.75; lat += 0.0137)
      for (let lon = 105.7; lon <= 107.2; lon += 0.0131) {
        const count = districts.filter(([, g]) => contains(g, lat, lon)).length;
        if (count !== (contains(province, lat, lon) ? 1 : 0))
          wrong.push(`${lat.toFixed(4)},${lon.toFixed(4)}`);
      }
    expect(wrong).toEqual([]);
  });
});
