// Storage and media settings: defaults for a first start, every problem listed, secrets never echoed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

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
