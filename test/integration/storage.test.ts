// Both blob stores pass one contract: a directory on disk, and a real S3 server (s3rver) on a random port.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import {
  InvalidBlobKeyError,
  LocalDiskStore,
  openBlobStore,
  S3Store,
  type BlobStore,
} from '../../src/platform/storage.js';

/** s3rver ships no types; the little of it used here. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'pakn-media';
const temporaryDirs: string[] = [];
const temporaryDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-storage-'));
  temporaryDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const TRAVERSAL_KEYS = [
  '../outside.jpg',
  'reports/../../etc/passwd',
  '/etc/passwd',
  'reports//a.jpg',
  '.hidden',
  'reports/./a.jpg',
  'reports\\..\\a.jpg',
  'a\0b',
  '',
  'reports/',
  'a'.repeat(513),
];

async function read(
  store: BlobStore,
  key: string,
): Promise<{ bytes: Buffer; contentType: string; size: number } | null> {
  const object = await store.get(key);
  if (object === null) return null;
  return { bytes: await buffer(object.body), contentType: object.contentType, size: object.size };
}

function contract(name: string, open: () => Promise<BlobStore>): void {
  describe(`${name}: the blob store contract`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('keeps bytes and content type, and forgets them on delete', async () => {
      const key = `reports/${crypto.randomUUID()}/large.jpg`;
      const bytes = crypto.randomBytes(300_000);
      expect(await store.exists(key)).toBe(false);
      await store.put(key, bytes, 'image/jpeg');
      expect(await store.exists(key)).toBe(true);
      const got = await read(store, key);
      expect(got?.contentType).toBe('image/jpeg');
      expect(got?.size).toBe(bytes.length);
      expect(got?.bytes.equals(bytes)).toBe(true);
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(await store.exists(key)).toBe(false);
      await store.delete(key); // deleting twice is fine
    });

    it('replaces a file on a second put, content type included', async () => {
      const key = `reports/${crypto.randomUUID()}/original`;
      await store.put(key, Buffer.from('first version'), 'image/png');
      await store.put(key, Buffer.from('second'), 'video/mp4');
      expect(await read(store, key)).toEqual({
        bytes: Buffer.from('second'),
        contentType: 'video/mp4',
        size: 6,
      });
    });

    it('answers null for a key never stored', async () => {
      expect(await store.get(`reports/${crypto.randomUUID()}/thumb.jpg`)).toBeNull();
      expect(await store.get('never-stored')).toBeNull();
    });

    it('refuses keys that could leave its directory or bucket, for every operation', async () => {
      for (const key of TRAVERSAL_KEYS) {
        await expect(store.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(InvalidBlobKeyError);
        await expect(store.get(key)).rejects.toThrow(InvalidBlobKeyError);
        await expect(store.exists(key)).rejects.toThrow(InvalidBlobKeyError);
        await expect(store.delete(key)).rejects.toThrow(InvalidBlobKeyError);
      }
    });

    it('refuses a content type that is not one', async () => {
      await expect(store.put('reports/x.jpg', Buffer.from('x'), 'image/jpeg\r\nX-Evil: 1')).rejects.toThrow(
        /content type/,
      );
    });
  });
}

contract('LocalDiskStore', async () => new LocalDiskStore(path.join(temporaryDir(), 'media')));

let server: S3rverInstance | undefined;
let s3Endpoint = '';
contract('S3Store against s3rver', async () => {
  server = new S3rver({
    address: '127.0.0.1',
    port: 0, // a free port: the two integration projects run this file at the same time
    silent: true,
    directory: temporaryDir(),
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  return new S3Store({
    endpoint: s3Endpoint,
    region: 'us-east-1',
    bucket: BUCKET,
    // s3rver's fixed credentials; it checks request signatures with them.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
});
afterAll(async () => {
  await server?.close();
});

/** Where LocalDiskStore keeps a key: two levels of subdirectories from the key's SHA-256. */
const fileOf = (dir: string, key: string): string => {
  const hash = crypto.createHash('sha256').update(key).digest('hex');
  return path.join(dir, hash.slice(0, 2), hash.slice(2, 4), ...key.split('/'));
};

describe('LocalDiskStore on disk', () => {
  it('spreads files over hashed subdirectories, with no temporary file left', async () => {
    const dir = path.join(temporaryDir(), 'media');
    const store = new LocalDiskStore(dir);
    await store.put('reports/abc/large.jpg', Buffer.from('jpeg bytes'), 'image/jpeg');
    const file = fileOf(dir, 'reports/abc/large.jpg');
    expect(path.relative(dir, file)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/reports\/abc\/large\.jpg$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('jpeg bytes');
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['large.jpg', 'large.jpg#type']);
  });

  it('never shows half a file: concurrent writers of one key leave one whole version', async () => {
    const store = new LocalDiskStore(path.join(temporaryDir(), 'media'));
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(512 * 1024, i + 1));
    const key = 'reports/race/original.jpg';
    const reads: Promise<unknown>[] = [];
    await Promise.all(
      versions.map(async (bytes) => {
        await store.put(key, bytes, 'image/jpeg');
        reads.push(
          read(store, key).then((got) => {
            expect(got).not.toBeNull();
            expect(versions.some((v) => v.equals(got!.bytes))).toBe(true);
          }),
        );
      }),
    );
    await Promise.all(reads);
    const final = await read(store, key);
    expect(versions.some((v) => v.equals(final!.bytes))).toBe(true);
    expect(fs.readdirSync(path.dirname(fileOf(store.dir, key))).sort()).toEqual([
      'original.jpg',
      'original.jpg#type',
    ]);
  });

  it('does not take a directory on the way to another key for a stored file', async () => {
    // Keys `k<n>` and `k<n>/x` that land in the same hashed subdirectory (1 in 65,536; found in ~0.1 s).
    const shard = (key: string): string => crypto.createHash('sha256').update(key).digest('hex').slice(0, 4);
    let n = 0;
    while (shard(`k${n}`) !== shard(`k${n}/x`)) n++;
    const store = new LocalDiskStore(path.join(temporaryDir(), 'media'));
    await store.put(`k${n}/x`, Buffer.from('x'), 'text/plain');
    expect(await store.get(`k${n}`)).toBeNull();
    expect(await store.exists(`k${n}`)).toBe(false);
  });

  it('keeps streaming a file that is deleted meanwhile', async () => {
    const store = new LocalDiskStore(path.join(temporaryDir(), 'media'));
    const bytes = crypto.randomBytes(2 * 1024 * 1024);
    await store.put('videos/v.mp4', bytes, 'video/mp4');
    const object = await store.get('videos/v.mp4');
    await store.delete('videos/v.mp4');
    expect((await buffer(object!.body)).equals(bytes)).toBe(true);
  });
});

describe('openBlobStore', () => {
  it('opens the store that STORAGE names', async () => {
    const dataDir = temporaryDir();
    const local = openBlobStore(loadConfig({ DATA_DIR: dataDir }));
    if (!(local instanceof LocalDiskStore)) throw new Error('expected a LocalDiskStore');
    expect(local.dir).toBe(path.join(dataDir, 'media'));

    const s3 = openBlobStore(
      loadConfig({
        STORAGE: 's3',
        S3_ENDPOINT: s3Endpoint,
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      }),
    );
    expect(s3).toBeInstanceOf(S3Store);
    // Configured from the environment, it reaches the same bucket.
    await s3.put('from-config/a.txt', Buffer.from('hello'), 'text/plain; charset=utf-8');
    expect(await read(s3, 'from-config/a.txt')).toEqual({
      bytes: Buffer.from('hello'),
      contentType: 'text/plain; charset=utf-8',
      size: 5,
    });
    await s3.close();
  });
});
