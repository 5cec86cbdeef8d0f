// Configuration: every problem is listed at once; secrets are never echoed; defaults suit a first start.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, CONFIG_VARIABLES, loadConfig } from '../../src/platform/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts on the embedded database in demo mode with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demoMode: true,
      jobsEnabled: true,
    });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.siteName).toBe('Hệ thống thông tin phản ánh hiện trường');
    expect(config.officeHours).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
  });

  it('is not in demo mode on a PostgreSQL server unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/pakn' }).demoMode).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/pakn', DEMO_MODE: 'true' }).demoMode).toBe(true);
  });

  it('lists every problem, and never echoes the database URL', () => {
    const problems = problemsOf({
      PORT: '70000',
      DATABASE_URL: 'mysql://admin:hunter2@db/pakn',
      DATABASE_POOL_MAX: 'ten',
      LOG_LEVEL: 'loud',
      JOBS_ENABLED: 'maybe',
      OFFICE_HOURS: '13:30-17:00,07:30-11:30',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).not.toContain('hunter2');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'DATABASE_POOL_MAX',
      'LOG_LEVEL',
      'JOBS_ENABLED',
      'OFFICE_HOURS',
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('reads office hours per province', () => {
    expect(loadConfig({ OFFICE_HOURS: '07:00-11:30, 13:00-16:30' }).officeHours).toEqual([
      { start: '07:00', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ]);
    expect(problemsOf({ OFFICE_HOURS: '7h-11h' })).toHaveLength(1);
    expect(problemsOf({ OFFICE_HOURS: '11:30-07:30' })).toHaveLength(1);
  });

  it('normalises text settings to NFC', () => {
    const decomposed = 'Bắc Giang'.normalize('NFD');
    expect(loadConfig({ PROVINCE_NAME: decomposed }).provinceName).toBe('Bắc Giang'.normalize('NFC'));
  });

  it('documents every variable it reads', () => {
    const documented = new Set(CONFIG_VARIABLES.map(([name]) => name));
    const read = new Set<string>();
    const spy = new Proxy(
      {},
      {
        get(_t, name) {
          if (typeof name === 'string') read.add(name);
          // With single sign-on on, its other settings are read too.
          return name === 'OIDC_ISSUER' ? 'https://sso.example.gov.vn' : undefined;
        },
      },
    );
    expect(problemsOf(spy)).toEqual(['OIDC_CLIENT_ID is required when OIDC_ISSUER is set']);
    expect([...read].sort()).toEqual([...documented].sort());
  });
});

// Storage and media settings: defaults for a first start, every problem listed, secrets never echoed.
describe('storage and media settings', () => {
  it('keep uploads in DATA_DIR/media with the documented limits by default', () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ kind: 'local', dir: path.resolve('data', 'media') });
    expect(config.media).toEqual({
      maxPhotoBytes: 15_728_640,
      maxVideoBytes: 31_457_280,
      maxPixels: 50_000_000,
    });
    expect(loadConfig({ DATA_DIR: '/srv/pakn' }).storage).toEqual({ kind: 'local', dir: '/srv/pakn/media' });
    expect(loadConfig({ DATA_DIR: '/srv/pakn', STORAGE_DIR: '/mnt/media' }).storage).toEqual({
      kind: 'local',
      dir: '/mnt/media',
    });
  });

  it('read an S3-compatible bucket', () => {
    const config = loadConfig({
      STORAGE: 's3',
      S3_ENDPOINT: 'https://minio.tinh.gov.vn:9000/',
      S3_BUCKET: 'pakn-media',
      S3_ACCESS_KEY_ID: 'pakn',
      S3_SECRET_ACCESS_KEY: 'hunter2hunter2',
      S3_FORCE_PATH_STYLE: 'false',
      MEDIA_MAX_VIDEO_BYTES: '52428800',
    });
    expect(config.storage).toEqual({
      kind: 's3',
      endpoint: 'https://minio.tinh.gov.vn:9000',
      region: 'us-east-1',
      bucket: 'pakn-media',
      accessKeyId: 'pakn',
      secretAccessKey: 'hunter2hunter2',
      forcePathStyle: false,
    });
    expect(config.media.maxVideoBytes).toBe(52_428_800);
  });

  it('list every problem at once and never echo the secret or the endpoint', () => {
    const problems = problemsOf({
      STORAGE: 's3',
      S3_ENDPOINT: 'ftp://user:s3cr3t@host',
      S3_SECRET_ACCESS_KEY: 'hunter2hunter2',
      S3_FORCE_PATH_STYLE: 'sometimes',
      MEDIA_MAX_PHOTO_BYTES: '15MB',
      MEDIA_MAX_PIXELS: '999999999999',
    });
    expect(problems.map((p) => p.split(/[ =]/)[0]).sort()).toEqual([
      'MEDIA_MAX_PHOTO_BYTES',
      'MEDIA_MAX_PIXELS',
      'S3_ACCESS_KEY_ID',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_FORCE_PATH_STYLE',
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2|s3cr3t/);
    expect(problemsOf({ STORAGE: 'ftp' })).toEqual(['STORAGE="ftp" must be one of: local, s3']);
    expect(
      problemsOf({
        STORAGE: 's3',
        S3_BUCKET: 'Not_A_Bucket',
        S3_ACCESS_KEY_ID: 'a',
        S3_SECRET_ACCESS_KEY: 'b',
      }),
    ).toHaveLength(1);
  });
});
