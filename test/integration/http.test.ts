// The HTTP platform: operations endpoints, the one error shape, security headers, the public home page.
import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { refreshReportViews } from '../../src/modules/reports/views.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let app: FastifyInstance;
let testApp: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  testApp = await startTestApp(database, { env: { PROVINCE_NAME: 'Bắc Giang' }, logger });
  app = testApp.app;
  // Routes that exist only in this test, to exercise the error paths every real route shares.
  app.get('/test/boom', async () => {
    throw new Error('connection string postgres://secret@db leaked?');
  });
  app.post(
    '/test/echo',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => request.body,
  );
  await app.ready();
});

afterAll(async () => {
  await testApp.close();
  await database.close();
});

describe(`HTTP platform on ${backend}`, () => {
  it('answers /healthz and /readyz, and /readyz turns 503 when a migration is missing', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });

    const last = await sql<{
      version: number;
      name: string;
      checksum: string;
    }>`select version, name, checksum from schema_migrations order by version desc limit 1`.execute(
      database.db,
    );
    const row = last.rows[0]!;
    await sql`delete from schema_migrations where version = ${row.version}`.execute(database.db);
    try {
      const notReady = await app.inject('/readyz');
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual({ status: 'not_ready', checks: { database: true, migrations: false } });
    } finally {
      await sql`insert into schema_migrations (version, name, checksum) values (${row.version}, ${row.name}, ${row.checksum})`.execute(
        database.db,
      );
    }
  });

  it('turns an unknown error into a 500 with the request id, no stack and no internal detail, and logs it', async () => {
    const res = await app.inject('/test/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json<{
      error: { code: string; message: string; requestId: string; messages: { vi: string; en: string } };
    }>();
    expect(body.error.code).toBe('internal');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(body.error.messages.vi).toMatch(/lỗi/i);
    expect(res.body).not.toMatch(/secret|postgres:|at .*\.ts|stack/);
    const logged = logLines.find((l) => l.includes(body.error.requestId) && l.includes('request failed'));
    expect(logged).toContain('connection string');
  });

  it('rejects invalid input with 400, every problem listed, in Vietnamese by default and English on request', async () => {
    const vi = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { name: '', count: -1, extra: true },
    });
    expect(vi.statusCode).toBe(400);
    const body = vi.json<{ error: { code: string; message: string; details: { field: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('không hợp lệ');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['/body', '/body/count', '/body/name']);

    const en = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { count: 1 },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json<{ error: { message: string; details: { field: string }[] } }>().error).toMatchObject({
      message: expect.stringContaining('not valid') as unknown,
      details: [{ field: '/body/name' }],
    });

    const broken = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ error: { code: string } }>().error.code).toBe('invalid_json');

    const ok = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'Đường', count: 2 } });
    expect(ok.json()).toEqual({ name: 'Đường', count: 2 });
  });

  it('answers unknown routes with 404 in the same error shape', async () => {
    const res = await app.inject('/api/v1/khong-co');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string; messages: { vi: string; en: string } } }>().error).toMatchObject(
      {
        code: 'not_found',
        messages: { vi: 'Không tìm thấy nội dung yêu cầu.', en: 'The requested resource was not found.' },
      },
    );
  });

  it('finishes a request in flight when it closes, and refuses new connections', async () => {
    const second = await startTestApp(database);
    const server = second.app;
    let entered: () => void = () => undefined;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    server.get('/test/slow', async () => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const inFlight = fetch(`${url}/test/slow`);
    await handlerEntered;
    await second.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('sends security headers', async () => {
    const res = await app.inject('/');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('publishes OpenAPI 3 from the route schemas, a docs page and Prometheus metrics', async () => {
    const spec = (await app.inject('/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/public/stats', '/api/v1/public/site', '/readyz', '/healthz']),
    );
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');

    await app.inject('/api/v1/public/stats');
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /pakn_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/public\/stats"[^}]*\} [1-9]/,
    );
  });

  it('counts the public figures correctly, at zero and with reports', async () => {
    expect((await app.inject('/api/v1/public/stats')).json()).toMatchObject({
      received: 0,
      handled: 0,
      onTimePercent: null,
    });

    // Due in the past: resolved on time, resolved late, still open (late); due in the future: open, resolved.
    const now = Date.now();
    const at = (days: number) => new Date(now + days * 86_400_000);
    const rows: [string, Date, Date | null][] = [
      ['answered', at(-1), at(-2)],
      ['answered', at(-3), at(-1)],
      ['in_progress', at(-1), null],
      ['in_progress', at(5), null],
      ['answered', at(5), at(-1)],
    ];
    let n = 0;
    for (const [status, due, resolved] of rows) {
      n++;
      await sql`insert into reports (code, status, submitted_at, due_at, resolved_at)
                values (${`PA-TEST-${n}`}, ${status}, ${at(-10)}, ${due}, ${resolved})`.execute(database.db);
    }
    // The figures are pre-computed; the scheduled refresh is what brings new reports in.
    await refreshReportViews(database.db);
    const stats = (await app.inject('/api/v1/public/stats')).json<{
      received: number;
      handled: number;
      onTimePercent: number;
    }>();
    // Came due: the three past-due ones and the resolved future one; on time: the first and the last.
    expect(stats).toMatchObject({ received: 5, handled: 3, onTimePercent: 50 });

    const home = await app.inject('/');
    expect(home.body).toMatch(/<dt>Phản ánh đã tiếp nhận<\/dt><dd>5<\/dd>/);
    expect(home.body).toMatch(/<dt>Tỷ lệ đúng hạn<\/dt><dd>50%<\/dd>/);
    await sql`delete from reports`.execute(database.db);
    await refreshReportViews(database.db);
  });

  it('serves a home page that says something useful without JavaScript, in Vietnamese or English', async () => {
    const vi = await app.inject('/');
    expect(vi.headers['content-type']).toContain('text/html');
    expect(vi.body).toContain('<title>Hệ thống thông tin phản ánh hiện trường</title>');
    expect(vi.body).toContain('<html lang="vi"');
    expect(vi.body).toContain('Tỉnh Bắc Giang');
    expect(vi.body).toMatch(
      /<dt>Tỷ lệ đúng hạn<\/dt><dd>—<\/dd><dd class="stat-note">chưa có phản ánh đến hạn<\/dd>/,
    );

    const en = await app.inject('/?lang=en');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toMatch(/<dt>Reports received<\/dt><dd>0<\/dd>/);
  });
});
