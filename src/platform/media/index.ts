// Uploaded photos and short videos: recognised by content, checked against limits, metadata removed.
import { formatNumberVN } from '../text.js';
import { processPhoto } from './photo.js';
import { MIME, sniffMediaType, type SniffedType } from './sniff.js';
import { DEFAULT_MEDIA_LIMITS, mediaError, type MediaLimits, type ProcessedMedia } from './types.js';
import { NotAVideoError, processIsoBmff, processWebm, VideoStructureError } from './video.js';

export { DEFAULT_MEDIA_LIMITS, type MediaLimits, type ProcessedMedia, type Variant } from './types.js';
export { sniffMediaType, type SniffedType } from './sniff.js';

const PHOTO_TYPES = new Set<SniffedType>(['jpeg', 'png', 'webp', 'gif', 'avif', 'heic']);
const VIDEO_TYPES = new Set<SniffedType>(['mp4', 'mov', 'webm']);

const megabytes = (bytes: number): string => formatNumberVN(Math.floor((bytes / 1024 / 1024) * 10) / 10);

function tooLarge(kind: 'photo' | 'video', size: number, limit: number): Error {
  const mb = megabytes(limit);
  return mediaError('media_too_large', `${kind} of ${size} bytes, limit ${limit}`, undefined, [
    {
      field: '/file',
      problem: `must be at most ${limit} bytes`,
      messages:
        kind === 'photo'
          ? { vi: `Ảnh chỉ được tối đa ${mb} MB.`, en: `A photo may be at most ${mb} MB.` }
          : { vi: `Video chỉ được tối đa ${mb} MB.`, en: `A video may be at most ${mb} MB.` },
    },
  ]);
}

/**
 * Checks an upload and prepares what to store. The type comes from the bytes alone; the size is
 * checked before any parsing, and a photo's pixel count from its header before any decoding.
 * Refusals are `AppError`s with the codes `media_type_not_allowed` (415), `media_heic_not_supported`
 * (415), `media_too_large` (413), `media_too_many_pixels` (422) and `media_corrupt` (422).
 */
export async function processUpload(
  bytes: Buffer,
  limits: Partial<MediaLimits> = {},
): Promise<ProcessedMedia> {
  const l: MediaLimits = { ...DEFAULT_MEDIA_LIMITS, ...limits };
  if (bytes.length === 0) throw mediaError('media_corrupt', 'empty file');
  // Only the first bytes are looked at here; sizes are checked before anything is parsed.
  const type = sniffMediaType(bytes);
  if (type !== null && PHOTO_TYPES.has(type)) {
    if (bytes.length > l.maxPhotoBytes) throw tooLarge('photo', bytes.length, l.maxPhotoBytes);
    return processPhoto(bytes, type, MIME[type], l);
  }
  if (type !== null && VIDEO_TYPES.has(type)) {
    if (bytes.length > l.maxVideoBytes) throw tooLarge('video', bytes.length, l.maxVideoBytes);
    let facts;
    try {
      facts = type === 'webm' ? processWebm(bytes) : processIsoBmff(bytes);
    } catch (error) {
      if (error instanceof VideoStructureError) throw mediaError('media_corrupt', error.message, error);
      if (error instanceof NotAVideoError) throw mediaError('media_type_not_allowed', error.message, error);
      throw error;
    }
    return {
      kind: 'video',
      mime: MIME[type],
      width: facts.width,
      height: facts.height,
      size: bytes.length,
      durationSeconds: facts.durationSeconds,
      gps: facts.gps,
      takenAt: facts.takenAt,
      variants: {
        original: { bytes: facts.bytes, mime: MIME[type], width: facts.width, height: facts.height },
      },
    };
  }
  throw mediaError('media_type_not_allowed', `content is ${type ?? 'not recognised'}`);
}
