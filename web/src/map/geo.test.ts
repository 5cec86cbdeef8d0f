// The maps' geometry in the browser: bounds of outlines, points inside or outside the province, label points.
import { describe, expect, it } from 'vitest';
import { boundsOf, contains, inProvince, labelPoint, outermost, type Outline } from './geo.js';

const square = (south: number, west: number, size: number) => [
  [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ],
];

const province: Outline = {
  id: 'p',
  name: 'Tỉnh',
  level: 'province',
  geometry: { type: 'Polygon', coordinates: square(21, 106, 1) },
};
const district: Outline = {
  id: 'd',
  name: 'Huyện',
  level: 'legacy_district',
  geometry: { type: 'MultiPolygon', coordinates: [square(21, 106, 0.2), square(21.5, 106.5, 0.4)] },
};

describe('map geometry', () => {
  it('bounds every outline, or says there is none', () => {
    expect(boundsOf([province, district])).toEqual([21, 106, 22, 107]);
    expect(boundsOf([district])).toEqual([21, 106, 21.9, 106.9]);
    expect(boundsOf([])).toBeNull();
  });

  it('tells points inside from points outside, holes included', () => {
    expect(contains(province.geometry, 21.5, 106.5)).toBe(true);
    expect(contains(province.geometry, 20.9, 106.5)).toBe(false);
    const withHole = {
      type: 'Polygon' as const,
      coordinates: [...square(21, 106, 1), ...square(21.4, 106.4, 0.2)],
    };
    expect(contains(withHole, 21.5, 106.5)).toBe(false);
    expect(contains(withHole, 21.1, 106.1)).toBe(true);
  });

  it('checks a point against the outermost outlines only, and lets anything through without outlines', () => {
    expect(outermost([province, district]).map((o) => o.id)).toEqual(['p']);
    expect(inProvince([province, district], 21.95, 106.05)).toBe(true);
    expect(inProvince([province, district], 22.5, 106.5)).toBe(false);
    expect(inProvince([], 0, 0)).toBe(true);
  });

  it('writes a name in the middle of the largest part', () => {
    const [lat = 0, lon = 0] = labelPoint(district.geometry) ?? [];
    expect(lat).toBeCloseTo(21.7, 6);
    expect(lon).toBeCloseTo(106.7, 6);
  });
});
