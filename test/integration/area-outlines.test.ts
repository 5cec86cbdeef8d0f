// The maps' data on the server: area outlines for drawing (GET /api/v1/public/areas/outlines: id, name, level and
// a simplified outline, nothing else; cacheable), the background map's settings (GET /api/v1/public/site) and
// the Content-Security-Policy that lets exactly the configured tile server's images in. The demo outlines
// file reported points in their district.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import { loadAreaOutlines, SIMPLIFY_TOLERANCE_DEGREES } from '../../src/modules/org/outlines.js';
import type { AreaOutlines } from '../../src/modules/org/schemas.js';
import { localDate } from '../../src/platform/calendar/calendar.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
const ids = new Map<string, string>();
const idOf = (table: string, slug: string) => {
  const id = ids.get(`${table}:${slug}`);
  if (id === undefined) throw new Error(`no ${table} ${slug}`);
  return id;
};

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  for (const table of ['areas', 'categories'])
    for (const r of (
      await sql<{ id: string; slug: string }>`select id, slug from ${sql.table(table)}`.execute(database.db)
    ).rows)
      ids.set(`${table}:${r.slug}`, r.id);
  testApp = await startTestApp(database);
});

afterAll(async () => {
  await testApp.close();
  await database.close();
});

/** A circle of `n` points (closed), radius in degrees. */
function circle(lat: number, lon: number, radius: number, n: number): number[][] {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [lon + radius * Math.cos(a), lat + radius * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

describe(`area outlines on ${backend}`, () => {
  it('serve the demo province and its ten districts as GeoJSON: id, name and level only, coarsest first', async () => {
    const res = await testApp.app.inject({ url: '/api/v1/public/areas/outlines' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json<AreaOutlines>();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(11);
    expect(body.features[0]?.properties).toEqual({
      id: idOf('areas', 'bac-giang'),
      name: 'Bắc Giang',
      level: 'province',
    });
    expect(new Set(body.features.slice(1).map((f) => f.properties.level))).toEqual(
      new Set(['legacy_district']),
    );
    expect(body.features.map((f) => f.properties.name)).toContain('Lục Ngạn');
    for (const feature of body.features) {
      expect(Object.keys(feature).sort()).toEqual(['geometry', 'properties', 'type']);
      expect(Object.keys(feature.properties).sort()).toEqual(['id', 'level', 'name']);
      expect(feature.geometry.type).toBe('Polygon');
      const ring = feature.geometry.coordinates[0] as number[][];
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring.at(-1));
    }
    // The same ids as the public area tree, so a page can join them.
    const areas = (await testApp.app.inject({ url: '/api/v1/public/areas' })).json<{ id: string }[]>();
    const known = new Set(areas.map((a) => a.id));
    expect(body.features.every((f) => known.has(f.properties.id))).toBe(true);
  });

  it('may be cached by browsers and answers 304 to a request with the same entity tag', async () => {
    const first = await testApp.app.inject({ url: '/api/v1/public/areas/outlines' });
    expect(first.headers['cache-control']).toBe('public, max-age=600');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await testApp.app.inject({
      url: '/api/v1/public/areas/outlines',
      headers: { 'if-none-match': String(etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await testApp.app.inject({
      url: '/api/v1/public/areas/outlines',
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(other.statusCode).toBe(200);
  });

  it('simplify dense outlines, drop those too small to draw, and leave out areas not in force', async () => {
    const commune = idOf('areas', 'bac-giang.luc-ngan.chu');
    const tiny = idOf('areas', 'bac-giang.luc-ngan.kien-lao');
    const ended = idOf('areas', 'bac-giang.son-dong');
    await sql`update areas set boundary = ${JSON.stringify({
      type: 'Polygon',
      coordinates: [circle(21.372, 106.587, 0.02, 2000)],
    })}::jsonb where id = ${commune}`.execute(database.db);
    await sql`update areas set boundary = ${JSON.stringify({
      type: 'MultiPolygon',
      coordinates: [[circle(21.44, 106.6, 0.0001, 8)]],
    })}::jsonb where id = ${tiny}`.execute(database.db);
    await sql`update areas set valid_to = '2020-01-01' where id = ${ended}`.execute(database.db);
    try {
      const { features } = await loadAreaOutlines(database.db, localDate(new Date()));
      const names = features.map((f) => f.properties.id);
      expect(names).not.toContain(ended);
      expect(names).not.toContain(tiny);
      const chu = features.find((f) => f.properties.id === commune);
      expect(chu?.properties.level).toBe('commune');
      // After the districts: finer units are drawn over their parents.
      expect(features.at(-1)?.properties.id).toBe(commune);
      const ring = (chu?.geometry.coordinates[0] ?? []) as number[][];
      // A 2,000-point circle of radius 0.02° needs about 11 chords to stay within 0.001° of it.
      expect(ring.length).toBeGreaterThanOrEqual(10);
      expect(ring.length).toBeLessThan(40);
      // Every original point is still within the tolerance of the simplified outline (plus the rounding).
      const distanceToRing = ([x = 0, y = 0]: number[]) =>
        Math.min(
          ...ring.slice(1).map(([bx = 0, by = 0], i) => {
            const [ax = 0, ay = 0] = ring[i] ?? [];
            const t = Math.max(
              0,
              Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
            );
            return Math.hypot(ax + t * (bx - ax) - x, ay + t * (by - ay) - y);
          }),
        );
      for (const point of circle(21.372, 106.587, 0.02, 2000))
        expect(distanceToRing(point)).toBeLessThan(SIMPLIFY_TOLERANCE_DEGREES + 2e-5);
    } finally {
      await sql`update areas set boundary = null where id in (${commune}, ${tiny})`.execute(database.db);
      await sql`update areas set valid_to = null where id = ${ended}`.execute(database.db);
    }
  });
});

describe(`the demo outlines at intake on ${backend}`, () => {
  const submit = (latitude: number, longitude: number) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: {
        categoryId: idOf('categories', 've-sinh-moi-truong-rac-thai'),
        description: 'Rác thải tập kết bừa bãi cạnh đường, bốc mùi nhiều ngày.',
        location: { latitude, longitude, source: 'map' },
      },
    });

  it('file a point in the district whose outline holds it, and refuse one outside the province', async () => {
    const inLucNam = await submit(21.304, 106.385);
    expect(inLucNam.statusCode).toBe(201);
    const row = await sql<{ area_id: string; location_source: string }>`
      select area_id, location_source from reports where id = ${inLucNam.json<{ id: string }>().id}`.execute(
      database.db,
    );
    expect(row.rows[0]).toEqual({ area_id: idOf('areas', 'bac-giang.luc-nam'), location_source: 'map' });
    // Bắc Ninh city, inside the old demo rectangle, is outside the outline.
    const bacNinh = await submit(21.186, 106.076);
    expect(bacNinh.statusCode).toBe(422);
    expect(bacNinh.json<{ error: { code: string } }>().error.code).toBe('outside_province');
  });
});

describe(`the background map's settings on ${backend}`, () => {
  const imgSrc = (csp: unknown) =>
    String(csp)
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('img-src'));

  it('default to OpenStreetMap, whose tile server alone the CSP lets images come from', async () => {
    const res = await testApp.app.inject({ url: '/api/v1/public/site' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ map: unknown }>().map).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap',
    });
    expect(imgSrc(res.headers['content-security-policy'])).toBe(
      "img-src 'self' data: https://tile.openstreetmap.org",
    );
  });

  it('follow MAP_TILE_URL: another server, subdomains as one wildcard level, or off', async () => {
    for (const [env, map, img] of [
      [
        {
          MAP_TILE_URL: 'https://{s}.tiles.example.gov.vn/{z}/{x}/{y}{r}.png',
          MAP_TILE_ATTRIBUTION: '© Sở TT&TT',
        },
        { tileUrl: 'https://{s}.tiles.example.gov.vn/{z}/{x}/{y}{r}.png', attribution: '© Sở TT&TT' },
        "img-src 'self' data: https://*.tiles.example.gov.vn",
      ],
      [{ MAP_TILE_URL: 'off' }, { tileUrl: null, attribution: '' }, "img-src 'self' data:"],
    ] as const) {
      const other = await startTestApp(database, { env });
      try {
        const res = await other.app.inject({ url: '/api/v1/public/site' });
        expect(res.json<{ map: unknown }>().map).toEqual(map);
        expect(imgSrc(res.headers['content-security-policy'])).toBe(img);
      } finally {
        await other.close();
      }
    }
  });
});
