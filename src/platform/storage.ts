// Where uploaded files live: a directory on this machine, or a bucket of an S3-compatible service.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from './config.js';

export interface StoredObject {
  body: Readable;
  contentType: string;
  /** Bytes. */
  size: number;
}

/** Files by key. Keys are chosen by the code (never by users) and checked by `assertBlobKey`. */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Stores `bytes` under `key`, replacing what was there; readers see the old or the new file, never half. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file and its content type, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the file; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export class InvalidBlobKeyError extends Error {
  override name = 'InvalidBlobKeyError';
}

/**
 * A key is 1–512 characters of `/`-separated parts, each starting with a letter or digit and made of
 * letters, digits, `.`, `_` and `-`: no `..`, no absolute paths, no hidden files, the same on disk and
 * in a bucket.
 */
export function assertBlobKey(key: string): void {
  const parts = key.split('/');
  if (key.length > 512 || !parts.every((part) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(part)))
    throw new InvalidBlobKeyError(`invalid blob key ${JSON.stringify(key.slice(0, 100))}`);
}

function assertContentType(contentType: string): void {
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;[\w\s=."+-]*)?$/.test(contentType) || contentType.length > 200)
    throw new Error(`invalid content type ${JSON.stringify(contentType.slice(0, 100))}`);
}

const isNotFound = (error: unknown): boolean => (error as { code?: unknown }).code === 'ENOENT';

/**
 * Files under a directory, spread over 256 × 256 subdirectories by a hash of the key so that none
 * grows large: key `a/b.jpg` lives at `dir/3f/9c/a/b.jpg`. The content type is kept beside it in
 * `b.jpg#type` (`#` cannot occur in a key). Writes go to a temporary file that is flushed and then
 * renamed, so a crash leaves the old file or the new one.
 */
export class LocalDiskStore implements BlobStore {
  readonly kind = 'local';

  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    assertBlobKey(key);
    const hash = crypto.createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, hash.slice(0, 2), hash.slice(2, 4), ...key.split('/'));
  }

  private async writeAtomically(file: string, data: Buffer | string): Promise<void> {
    // A leading dot cannot start a key part, so a temporary file never collides with a stored one.
    const temporary = path.join(path.dirname(file), `.tmp-${crypto.randomUUID()}`);
    const handle = await fs.open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertContentType(contentType);
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // The type first: a crash between the two leaves a type without a file, which reads as missing.
    await this.writeAtomically(`${file}#type`, contentType);
    await this.writeAtomically(file, bytes);
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    try {
      const stat = await handle.stat();
      // A directory on the way to other keys is not a stored file.
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      const { size } = stat;
      const contentType = await fs.readFile(`${file}#type`, 'utf8').catch(() => 'application/octet-stream');
      // Streaming from the open handle: a delete meanwhile cannot cut the file short.
      return { body: handle.createReadStream(), contentType, size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.rm(file, { force: true });
    await fs.rm(`${file}#type`, { force: true });
  }

  async close(): Promise<void> {}
}

export interface S3Options {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** A bucket of S3 or an S3-compatible service. The SDK is loaded on first use (~150 ms), not at start. */
export class S3Store implements BlobStore {
  readonly kind = 's3';
  private connection: Promise<{ sdk: typeof S3Sdk; client: S3Client }> | undefined;

  constructor(private readonly options: S3Options) {}

  private connect(): Promise<{ sdk: typeof S3Sdk; client: S3Client }> {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => {
      const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = this.options;
      const client = new sdk.S3Client({
        region,
        forcePathStyle,
        credentials: { accessKeyId, secretAccessKey },
        ...(endpoint === undefined ? {} : { endpoint }),
      });
      return { sdk, client };
    });
    return this.connection;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertBlobKey(key);
    assertContentType(contentType);
    const { sdk, client } = await this.connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    assertBlobKey(key);
    const { sdk, client } = await this.connect();
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      // On Node.js the SDK's body is an http.IncomingMessage.
      if (!(object.Body instanceof Readable)) throw new Error('S3 answered without a readable body');
      return {
        body: object.Body,
        contentType: object.ContentType ?? 'application/octet-stream',
        size: object.ContentLength ?? 0,
      };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertBlobKey(key);
    const { sdk, client } = await this.connect();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async close(): Promise<void> {
    if (this.connection === undefined) return;
    (await this.connection).client.destroy();
    this.connection = undefined;
  }
}

function isMissingObject(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** The store the configuration names (`STORAGE`). */
export function openBlobStore(config: { storage: StorageConfig }): BlobStore {
  const { storage } = config;
  switch (storage.kind) {
    case 'local':
      return new LocalDiskStore(storage.dir);
    case 's3':
      return new S3Store(storage);
  }
}
