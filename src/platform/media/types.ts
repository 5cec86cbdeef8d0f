// What processing an upload returns, its limits, and how it refuses a file.
import { AppError, type ErrorCode, type ErrorDetail } from '../errors.js';

export interface MediaLimits {
  /** Largest photo accepted, in bytes. */
  maxPhotoBytes: number;
  /** Largest video accepted, in bytes (videos are kept as sent, so this is also what is stored). */
  maxVideoBytes: number;
  /** Largest photo accepted, in pixels (width × height), read from the header before decoding. */
  maxPixels: number;
  /** Long side of the large version, in pixels. */
  largeEdge: number;
  /** Long side of the thumbnail, in pixels. */
  thumbEdge: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxPhotoBytes: 15 * 1024 * 1024,
  maxVideoBytes: 30 * 1024 * 1024,
  maxPixels: 50_000_000,
  largeEdge: 2048,
  thumbEdge: 400,
};

/** One stored version of an upload. */
export interface Variant {
  bytes: Buffer;
  /** Content type to store and serve it with. */
  mime: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface ProcessedMedia {
  kind: 'photo' | 'video';
  /** Content type of the upload, from its bytes. */
  mime: string;
  /** Upright size (after the EXIF orientation or the track's rotation), when known. */
  width: number | undefined;
  height: number | undefined;
  /** Size of the upload in bytes. */
  size: number;
  /** Videos: length in seconds, when the container says. */
  durationSeconds: number | undefined;
  /** Where the photo or video was taken, read from the upload before its metadata was removed. */
  gps: { lat: number; lon: number } | null;
  /** When it was taken (photos: EXIF, in Vietnam's time when no offset is recorded; MP4/MOV: `mvhd`). */
  takenAt: Date | null;
  /**
   * What to store; none of these holds location or device metadata. `original`: full resolution for
   * officers (a JPEG's own bytes without metadata; other photos re-encoded; videos blanked in place).
   * Photos also have `large` (JPEG, long side ≤ largeEdge) and `thumb` (JPEG, long side ≤ thumbEdge).
   */
  variants: { original: Variant; large?: Variant; thumb?: Variant };
}

export type MediaErrorCode = Extract<
  ErrorCode,
  | 'media_type_not_allowed'
  | 'media_heic_not_supported'
  | 'media_too_large'
  | 'media_too_many_pixels'
  | 'media_corrupt'
>;

/** A refusal with a catalogue code (and so a 4xx with Vietnamese and English messages). */
export function mediaError(
  code: MediaErrorCode,
  internal: string,
  cause?: unknown,
  details?: ErrorDetail[],
): AppError {
  return new AppError(code, { internal, cause, ...(details ? { details } : {}) });
}
