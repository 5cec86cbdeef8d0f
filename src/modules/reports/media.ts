// Photos and short videos of reports: uploaded one by one before the report is sent (a slow network retries a
// photo, not the whole report), checked by content and stripped of metadata (platform/media), kept in the
// blob store; served publicly only in their cleaned large/thumbnail versions and only for public reports;
// originals for officers. Uploads never attached to a report are removed after a day.
import crypto from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/policy.js';
import { can } from '../../platform/auth/policy.js';
import type { MediaConfig } from '../../platform/config.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { JobDefinition } from '../../platform/jobs/queue.js';
import { purgeIdempotencyKeys } from '../../platform/idempotency.js';
import { purgeEmailFollowRequests } from './email-follow.js';
import { WindowLimiter } from '../../platform/rate-limit.js';
import type { BlobStore } from '../../platform/storage.js';
import { reportsDb } from './intake.js';
import { mediaUrl } from './public.js';
import { UploadReply } from './schemas.js';

type VariantName = 'original' | 'large' | 'thumb';

function keyOf(id: string, variant: VariantName, at: Date): string {
  const month = at.toISOString().slice(0, 7).replace('-', '/');
  return `reports/${month}/${id}/${variant}`;
}

/** Processes one upload and stores it, unattached, for a report still being written. */
export async function storeUpload(
  db: Db,
  store: BlobStore,
  limits: MediaConfig,
  bytes: Buffer,
  actor: Actor | null,
  now = new Date(),
) {
  // Heavy (sharp, exifr): loaded on the first upload, not at start.
  const { processUpload } = await import('../../platform/media/index.js');
  const processed = await processUpload(bytes, limits);
  const id = crypto.randomUUID();
  const keys: Partial<Record<VariantName, string>> = {};
  for (const name of ['original', 'large', 'thumb'] as const) {
    const variant = processed.variants[name];
    if (!variant) continue;
    const key = keyOf(id, name, now);
    await store.put(key, variant.bytes, variant.mime);
    keys[name] = key;
  }
  await reportsDb(db)
    .insertInto('report_media')
    .values({
      id,
      report_id: null,
      kind: processed.kind,
      mime: processed.mime,
      bytes: processed.size,
      width: processed.width ?? null,
      height: processed.height ?? null,
      original_key: keys.original ?? '',
      large_key: keys.large ?? null,
      thumb_key: keys.thumb ?? null,
      gps_lat: processed.gps?.lat ?? null,
      gps_lon: processed.gps?.lon ?? null,
      taken_at: processed.takenAt,
      position: null,
      uploaded_by: actor?.accountId ?? null,
      created_at: now,
    })
    .execute();
  return {
    id,
    kind: processed.kind,
    mime: processed.mime,
    width: processed.width ?? null,
    height: processed.height ?? null,
    bytes: processed.size,
    suggestedLocation: processed.gps ? { latitude: processed.gps.lat, longitude: processed.gps.lon } : null,
    thumbUrl: keys.thumb ? mediaUrl(id, 'thumb') : null,
  };
}

/** How long an upload waits for its report before it is removed. */
const UNATTACHED_HOURS = 24;

/**
 * Who may see a variant: the public sees the cleaned versions (and videos, blanked in place) of public,
 * listed reports, unless an officer hid them; the uploader's own preview of an unattached upload is public
 * to whoever holds its random id, for a day; originals are for officers who may read the report.
 */
export async function openMedia(
  db: Db,
  store: BlobStore,
  actor: Actor | null,
  id: string,
  variant: VariantName,
) {
  const row = await sql<{
    kind: 'photo' | 'video';
    original_key: string;
    large_key: string | null;
    thumb_key: string | null;
    hidden: boolean;
    report_id: string | null;
    created_at: Date;
    listed: boolean | null;
    agency_id: string | null;
    area_id: string | null;
  }>`select m.kind, m.original_key, m.large_key, m.thumb_key, m.hidden, m.report_id, m.created_at, r.listed,
            r.agency_id, r.area_id
       from report_media m left join reports r on r.id = m.report_id where m.id = ${id}`.execute(db);
  const m = row.rows[0];
  if (!m) throw new AppError('not_found');
  const key = variant === 'original' ? m.original_key : variant === 'large' ? m.large_key : m.thumb_key;
  if (!key) throw new AppError('not_found');
  const officer =
    m.report_id !== null && can(actor, 'report.read', { agencyId: m.agency_id, areaId: m.area_id });
  const cleanVariant = variant !== 'original' || m.kind === 'video';
  const publicNow =
    cleanVariant &&
    !m.hidden &&
    (m.listed === true ||
      (m.report_id === null && Date.now() - m.created_at.getTime() < UNATTACHED_HOURS * 3_600_000));
  // Not found rather than forbidden: a private photo's existence is not told either.
  if (!publicNow && !officer) throw new AppError('not_found');
  const object = await store.get(key);
  if (!object) throw new AppError('not_found');
  return { ...object, cacheable: publicNow && m.listed === true };
}

export const PURGE_JOB = 'reports.purge';

/**
 * Hourly: uploads never attached to a report (files, then rows), idempotency keys older than a week, and
 * expired requests to follow by e-mail.
 */
export function purgeJob(db: Db, store: BlobStore): JobDefinition<object> {
  return {
    name: PURGE_JOB,
    retryLimit: 2,
    retryDelaySeconds: 60,
    handler: async () => {
      const stale = await sql<{
        id: string;
        original_key: string;
        large_key: string | null;
        thumb_key: string | null;
      }>`
        select id, original_key, large_key, thumb_key from report_media
         where report_id is null and created_at < now() - make_interval(hours => ${UNATTACHED_HOURS})
         order by created_at limit 1000`.execute(db);
      for (const m of stale.rows) {
        for (const key of [m.original_key, m.large_key, m.thumb_key]) if (key) await store.delete(key);
        await sql`delete from report_media where id = ${m.id} and report_id is null`.execute(db);
      }
      await purgeIdempotencyKeys(db);
      await purgeEmailFollowRequests(db);
    },
  };
}

export const mediaRoutes: FastifyPluginAsyncTypebox<{
  db: Db;
  store: BlobStore;
  limits: MediaConfig;
  /** Uploads one client address may make per hour (0: no limit). */
  uploadsPerHour: number;
}> = async (app, { db, store, limits, uploadsPerHour }) => {
  const perClient = new WindowLimiter(uploadsPerHour, 3_600_000);
  // The raw bytes of one file; its type is decided from the bytes, whatever the header says.
  app.addContentTypeParser(
    /^(application\/octet-stream|image\/[\w.+-]+|video\/[\w.+-]+)$/,
    { parseAs: 'buffer', bodyLimit: Math.max(limits.maxPhotoBytes, limits.maxVideoBytes) + 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/v1/public/uploads',
    {
      bodyLimit: Math.max(limits.maxPhotoBytes, limits.maxVideoBytes) + 1024,
      schema: {
        tags: ['public'],
        summary:
          'Upload one photo or short video (the raw file as the body) before sending the report; returns its id for mediaIds',
        response: { 201: UploadReply },
      },
    },
    async (request, reply) => {
      perClient.hit(request.ip);
      if (!Buffer.isBuffer(request.body))
        throw new AppError('unsupported_media_type', { internal: 'upload body is not raw bytes' });
      const stored = await storeUpload(db, store, limits, request.body, request.actor);
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/media/:id/:variant',
    {
      schema: {
        tags: ['public'],
        summary: 'A photo or video of a report: large and thumb for public reports, original for officers',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          variant: Type.Union([Type.Literal('large'), Type.Literal('thumb'), Type.Literal('original')]),
        }),
      },
    },
    async (request, reply) => {
      const { id, variant } = request.params;
      const object = await openMedia(db, store, request.actor, id, variant);
      void reply
        .header('content-type', object.contentType)
        .header('content-length', object.size)
        .header('content-disposition', 'inline')
        .header('cache-control', object.cacheable ? 'public, max-age=300' : 'private, no-store');
      return reply.send(object.body);
    },
  );
};
