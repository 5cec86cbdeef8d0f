// Photos through HTTP on both back ends: an upload suggests the place from its GPS and is stored without it;
// hostile files are refused with 4xx and the server carries on; what the public and officers may open.
import exifr from 'exifr';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataSet } from '../../src/modules/org/service.js';
import type { Role } from '../../src/platform/auth/policy.js';
import type { Database } from '../../src/platform/db/database.js';
import { DEMO_DATA_DIR } from '../../src/platform/paths.js';
import { cookiesForEveryRole } from '../support/actors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
let cookies: Record<Role, string>;
let categoryId = '';

/** A 4000 × 3000 JPEG (12 MP) with the camera's GPS (21.2733 N, 106.1933 E), make, model and serial. */
async function cameraPhoto(): Promise<Buffer> {
  const noise = await sharp({
    create: {
      width: 40,
      height: 30,
      channels: 3,
      background: '#777',
      noise: { type: 'gaussian', mean: 120, sigma: 50 },
    },
  })
    .png()
    .toBuffer();
  return sharp(noise)
    .resize(4000, 3000)
    .withExif({
      IFD0: { Make: 'PaknTestPhone', Model: 'X1' },
      IFD2: { BodySerialNumber: 'SN-0042' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '21/1 16/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 11/1 3600/100',
      },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

const upload = (body: Buffer | string, contentType = 'image/jpeg', headers: Record<string, string> = {}) =>
  testApp.app.inject({
    method: 'POST',
    url: '/api/v1/public/uploads',
    headers: { 'content-type': contentType, ...headers },
    payload: body,
  });

interface Uploaded {
  id: string;
  kind: string;
  width: number;
  height: number;
  suggestedLocation: { latitude: number; longitude: number } | null;
  thumbUrl: string;
}

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  await importDataSet(database.db, DEMO_DATA_DIR);
  testApp = await startTestApp(database);
  cookies = await cookiesForEveryRole(testApp, database);
  categoryId = (
    await sql<{ id: string }>`select id from categories where slug = 'trat-tu-do-thi'`.execute(database.db)
  ).rows[0]!.id;
});
afterAll(async () => {
  await testApp.close();
  await database.close();
});

/** Every stored file of every upload so far, straight from the blob store. */
async function storedFiles(): Promise<{ key: string; bytes: Buffer }[]> {
  const rows = await sql<{ k: string | null }>`
    select unnest(array[original_key, large_key, thumb_key]) as k from report_media`.execute(database.db);
  const files = [];
  for (const { k } of rows.rows) {
    if (!k) continue;
    const object = await testApp.store.get(k);
    if (!object) throw new Error(`missing ${k}`);
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    files.push({ key: k, bytes: Buffer.concat(chunks) });
  }
  return files;
}

describe(`photos of reports on ${backend}`, () => {
  let photo: Uploaded;

  it('takes a 12 MP camera photo: suggests its place, stores large, thumbnail and original without EXIF', async () => {
    const res = await upload(await cameraPhoto());
    expect(res.statusCode, res.body).toBe(201);
    photo = res.json();
    expect(photo).toMatchObject({ kind: 'photo', width: 4000, height: 3000 });
    expect(photo.suggestedLocation!.latitude).toBeCloseTo(21.2733, 3);
    expect(photo.suggestedLocation!.longitude).toBeCloseTo(106.1933, 3);
    const files = await storedFiles();
    expect(files).toHaveLength(3);
    for (const file of files) {
      const gps = (await exifr.gps(file.bytes).catch(() => undefined)) as unknown;
      expect(gps, file.key).toBeUndefined();
      const tags = ((await exifr.parse(file.bytes, { tiff: true, exif: true, gps: true, xmp: true })) ??
        {}) as Record<string, unknown>;
      expect(JSON.stringify(tags), file.key).not.toMatch(/PaknTestPhone|SN-0042|GPS/);
    }
    const large = files.find((f) => f.key.endsWith('/large'))!;
    const meta = await sharp(large.bytes).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(2048);
  });

  it('refuses hostile files with 4xx and a clear message, and keeps serving', async () => {
    const jpeg = await cameraPhoto();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    // A PNG header that claims 30000 × 30000 pixels (900 MP), with a tiny body.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    bomb.writeUInt32BE(30000, 16);
    bomb.writeUInt32BE(30000, 20);
    const cases: [string, Buffer | string, string][] = [
      ['HTML named as a JPEG', '<html><body>not a photo</body></html>', 'image/jpeg'],
      ['a PDF', '%PDF-1.4\n1 0 obj<<>>endobj\n', 'application/octet-stream'],
      ['an SVG with a script', svg, 'image/svg+xml'],
      ['a pixel bomb', bomb, 'image/png'],
      ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'image/jpeg'],
      ['a 50 MB file', Buffer.alloc(50 * 1024 * 1024, 0xff), 'image/jpeg'],
      ['an empty file', Buffer.alloc(0), 'image/jpeg'],
    ];
    for (const [name, body, type] of cases) {
      const res = await upload(body, type);
      expect(res.statusCode, `${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, name).toBeLessThan(500);
      const error = res.json<{ error: { messages: { vi: string; en: string } } }>().error;
      expect(error.messages.vi.length, name).toBeGreaterThan(10);
    }
    // A JSON body where a file is expected is refused too; and the server still answers.
    const json = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/uploads',
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    expect((await testApp.app.inject('/readyz')).statusCode).toBe(200);
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from report_media`.execute(database.db)).rows[0]!.n,
    ).toBe(1);
  });

  it('shows the thumbnail to the uploader, then only while the report is public; the original to officers', async () => {
    expect((await testApp.app.inject(photo.thumbUrl)).statusCode).toBe(200);
    const sent = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: {
        categoryId,
        description: 'Quán lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường.',
        location: { ...photo.suggestedLocation!, source: 'photo' },
        mediaIds: [photo.id],
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { id, code } = sent.json<{ id: string; code: string }>();
    // Attached to a report not yet checked: not public any more, but an officer may open it.
    expect((await testApp.app.inject(`/media/${photo.id}/large`)).statusCode).toBe(404);
    const officerView = await testApp.app.inject({
      url: `/media/${photo.id}/original`,
      headers: { cookie: cookies.receiver },
    });
    expect(officerView.statusCode).toBe(200);
    expect(officerView.headers['content-type']).toBe('image/jpeg');
    expect(officerView.headers['cache-control']).toContain('no-store');

    await sql`update reports set status = 'accepted' where id = ${id}`.execute(database.db);
    const large = await testApp.app.inject(`/media/${photo.id}/large`);
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-type']).toBe('image/jpeg');
    // The public never gets the original, and the public detail lists the cleaned versions.
    expect((await testApp.app.inject(`/media/${photo.id}/original`)).statusCode).toBe(404);
    const detail = await testApp.app.inject(`/api/v1/public/reports/${code}`);
    expect(detail.json<{ media: { url: string }[] }>().media.map((m) => m.url)).toEqual([
      `/media/${photo.id}/large`,
    ]);
    // An upload is used once.
    const again = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: {
        categoryId,
        description: 'Lần gửi khác với cùng ảnh.',
        location: photo.suggestedLocation!,
        mediaIds: [photo.id],
      },
    });
    expect(again.statusCode).toBe(422);
    // Hidden by an officer: gone from the public.
    await sql`update report_media set hidden = true where id = ${photo.id}`.execute(database.db);
    expect((await testApp.app.inject(`/media/${photo.id}/large`)).statusCode).toBe(404);
  });
});
