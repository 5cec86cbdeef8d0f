// The guides and the FAQ: loaded once from content/guides.json (checked, never half a load), served in both
// languages in the administrators' order; a bad file is refused with the problem named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuideFileError, loadGuidesIfNone, readGuideFile } from '../../src/modules/guides/service.js';
import type { Database } from '../../src/platform/db/database.js';
import { CONTENT_DIR } from '../../src/platform/paths.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { backend, openTestDatabase } from '../support/backends.js';

let database: Database;
let testApp: TestApp;
const FILE = path.join(CONTENT_DIR, 'guides.json');

beforeAll(async () => {
  database = (await openTestDatabase()).database;
  testApp = await startTestApp(database);
});

afterAll(async () => {
  await testApp.close();
  await database.close();
});

describe(`guides on ${backend}`, () => {
  it('loads the shipped guides once and serves the five guides, then the questions', async () => {
    expect(await loadGuidesIfNone(database.db, FILE)).toBe(10);
    expect(await loadGuidesIfNone(database.db, FILE)).toBe(0);
    const res = await testApp.app.inject({ url: '/api/v1/public/guides' });
    expect(res.statusCode).toBe(200);
    const { guides } = res.json<{
      guides: { slug: string; kind: string; title: { vi: string; en: string }; body: { vi: string } }[];
    }>();
    expect(guides.filter((g) => g.kind === 'guide').map((g) => g.slug)).toEqual([
      'dang-ky-tai-khoan',
      'gui-phan-anh-tren-web',
      'cai-dat-ung-dung',
      'gui-phan-anh-qua-zalo',
      'bao-ve-du-lieu-ca-nhan',
    ]);
    expect(guides.slice(5).every((g) => g.kind === 'faq')).toBe(true);
    expect(guides[0]?.title).toEqual({
      vi: 'Đăng ký tài khoản trên trang web',
      en: 'Register an account on the website',
    });
    // Every screenshot a guide shows is one the browser tests make.
    const shots = guides.flatMap((g) =>
      [...g.body.vi.matchAll(/\/huong-dan\/anh\/([a-z0-9-]+\.png)/g)].map((m) => m[1]),
    );
    expect(shots.sort()).toEqual(['dang-nhap.png', 'gui-phan-anh.png', 'ung-dung.png']);
  });

  it('refuses a file with a problem, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-guides-'));
    try {
      const write = (content: string) => {
        fs.writeFileSync(path.join(dir, 'g.json'), content);
        return () => readGuideFile(path.join(dir, 'g.json'));
      };
      expect(write('{ not json')).toThrow(GuideFileError);
      const guide = { slug: 'a', kind: 'guide', title: { vi: 'A', en: 'A' }, body: { vi: 'x', en: 'x' } };
      expect(write(JSON.stringify({ guides: [{ ...guide, slug: 'Có dấu' }] }))).toThrow(/\/guides\/0\/slug/);
      expect(write(JSON.stringify({ guides: [{ ...guide, title: { vi: 'A' } }] }))).toThrow(/title/);
      expect(write(JSON.stringify({ guides: [guide, guide] }))).toThrow(/used twice/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
