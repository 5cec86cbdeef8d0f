// Photos: place and time read from EXIF first, then three stored versions without any metadata.
//
// sharp and exifr are imported on first use: loading libvips costs start-up time that most
// processes (and every CLI) do not need.
import type { Sharp, SharpOptions } from 'sharp';
import { jpegExifBlock, JpegStructureError, stripJpegMetadata } from './jpeg.js';
import type { SniffedType } from './sniff.js';
import type { MediaLimits, ProcessedMedia, Variant } from './types.js';
import { mediaError } from './types.js';

/** Vietnam has one offset all year; EXIF times without an offset tag are taken as local time there. */
const DEFAULT_OFFSET = '+07:00';

export interface ExifFacts {
  gps: { lat: number; lon: number } | null;
  takenAt: Date | null;
}

/** PNG keeps EXIF in an `eXIf` chunk: a TIFF block. */
function pngExifBlock(bytes: Buffer): Buffer | null {
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const size = bytes.readUInt32BE(pos);
    if (bytes.toString('latin1', pos + 4, pos + 8) === 'eXIf') return bytes.subarray(pos + 8, pos + 8 + size);
    pos += 12 + size;
  }
  return null;
}

/** WebP keeps EXIF in a RIFF `EXIF` chunk: a TIFF block, after an `Exif\0\0` prefix in some writers. */
function webpExifBlock(bytes: Buffer): Buffer | null {
  for (let pos = 12; pos + 8 <= bytes.length;) {
    const size = bytes.readUInt32LE(pos + 4);
    if (bytes.toString('latin1', pos, pos + 4) === 'EXIF') {
      const block = bytes.subarray(pos + 8, pos + 8 + size);
      return block.toString('latin1', 0, 6) === 'Exif\0\0' ? block.subarray(6) : block;
    }
    pos += 8 + size + (size % 2);
  }
  return null;
}

/**
 * The EXIF TIFF block, found by our own bounded walks over the file's structure. exifr only ever sees
 * this block: its own file parsers loop forever on some malformed files (a zero-size HEIF box), which
 * would stall the whole process. AVIF and HEIC keep EXIF deep inside `meta` items: not read.
 */
function exifBlock(bytes: Buffer, type: SniffedType): Buffer | null {
  if (type === 'jpeg') return jpegExifBlock(bytes);
  if (type === 'png') return pngExifBlock(bytes);
  if (type === 'webp') return webpExifBlock(bytes);
  return null;
}

/** `YYYY:MM:DD HH:MM:SS` with an optional `±HH:MM` offset, as EXIF writes them. */
function exifDate(value: unknown, offset: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : DEFAULT_OFFSET;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1990 ? null : date;
}

/** GPS position and time taken, or nulls: a photo whose metadata cannot be read is still a photo. */
export async function readExif(bytes: Buffer, type: SniffedType): Promise<ExifFacts> {
  const source = exifBlock(bytes, type);
  if (source === null || source.length < 8) return { gps: null, takenAt: null };
  const { default: exifr } = await import('exifr');
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(source, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      makerNote: false,
      userComment: false,
      reviveValues: false,
      translateValues: false,
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'CreateDate',
        'OffsetTimeDigitized',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
    })) as Record<string, unknown> | undefined;
  } catch {
    return { gps: null, takenAt: null };
  }
  if (!tags) return { gps: null, takenAt: null };
  const { latitude: lat, longitude: lon } = tags;
  // 0,0 is what some cameras write without a fix; nobody reports a pothole in the Gulf of Guinea.
  const gps =
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
      ? { lat, lon }
      : null;
  const takenAt =
    exifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ??
    exifDate(tags.CreateDate, tags.OffsetTimeDigitized);
  return { gps, takenAt };
}

/**
 * The long side of the large version: at most `largeEdge`. libvips decodes a JPEG at half size (DCT scaling,
 * "shrink-on-load") only when it shrinks by 3 or more: sharp 0.35 halves its shrink-on-load factor when the
 * whole factor rounds down to it (libjpeg rounding), so a 12 MP photo (4000–4032 px) going to 2016 px — a
 * factor of 2 — is decoded whole (≈ 200–260 ms here, one thread). So a JPEG whose third is still a good size
 * (at least 60 % of `largeEdge`, e.g. 1344 px of a 4032 px photo) gets exactly its third, decoded at half size
 * (≈ 130 ms); the original stays full size for officers.
 */
export function largeEdgeFor(type: SniffedType, longSide: number, largeEdge: number): number {
  if (longSide <= largeEdge) return longSide;
  const third = Math.floor(longSide / 3);
  if (type === 'jpeg' && third <= largeEdge && third >= Math.ceil(largeEdge * 0.6)) return third;
  return largeEdge;
}

const LARGE_QUALITY = 82;
const THUMB_QUALITY = 75;
const ORIGINAL_QUALITY = 92;

/** A photo of an accepted type: checked, measured and turned into the stored versions. */
export async function processPhoto(
  bytes: Buffer,
  type: SniffedType,
  mime: string,
  limits: MediaLimits,
): Promise<ProcessedMedia> {
  const exif = await readExif(bytes, type);
  const { default: sharp } = await import('sharp');
  if (type === 'heic' && !(sharp.format.heif.input.fileSuffix ?? []).includes('.heic')) {
    // The prebuilt libvips decodes AVIF but not HEVC (patents), so iPhone HEIC cannot be read here.
    throw mediaError('media_heic_not_supported', 'this libvips build has no HEVC decoder');
  }
  // failOn 'error': a truncated or corrupt file is refused, benign warnings (extra bytes) are not.
  const input: SharpOptions = { failOn: 'error', limitInputPixels: limits.maxPixels };
  const image = (): Sharp => sharp(bytes, input);

  // The header alone; the pixel limit is checked below (sharp's own check would read as "corrupt").
  const meta = await sharp(bytes, { ...input, limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw mediaError('media_corrupt', 'header not readable', error);
    });
  const width = meta.width;
  const height = meta.pageHeight ?? meta.height;
  if (!width || !height) throw mediaError('media_corrupt', 'no dimensions');
  // Refused from the header, before a single pixel is decoded.
  if (width * height > limits.maxPixels) {
    throw mediaError('media_too_many_pixels', `${width}×${height} > ${limits.maxPixels} pixels`);
  }
  const upright = meta.autoOrient;

  const decode = async (pipeline: Sharp): Promise<{ data: Buffer; width: number; height: number }> => {
    try {
      const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    } catch (error) {
      throw mediaError('media_corrupt', error instanceof Error ? error.message : 'decoding failed', error);
    }
  };
  const variant = (out: { data: Buffer; width: number; height: number }, mime: string): Variant => ({
    bytes: out.data,
    mime,
    width: out.width,
    height: out.height,
  });

  // resize() comes before autoOrient(): sharp only shrinks a JPEG while decoding it (DCT scaling)
  // when no orientation is applied before the resize; autoOrient() after resize still turns the
  // output upright (sharp swaps the target box for a 90° turn).
  const largeEdge = largeEdgeFor(type, Math.max(width, height), limits.largeEdge);
  const largeAndThumb = async (): Promise<[Variant, Variant]> => {
    const large = await decode(
      image()
        .resize(largeEdge, largeEdge, { fit: 'inside', withoutEnlargement: true })
        .autoOrient()
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: LARGE_QUALITY }),
    );
    // From the large version: decoding 3 MP costs a fraction of decoding the original again.
    const thumb = await decode(
      sharp(large.data)
        .resize(limits.thumbEdge, limits.thumbEdge, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: THUMB_QUALITY }),
    );
    return [variant(large, 'image/jpeg'), variant(thumb, 'image/jpeg')];
  };

  const original = async (): Promise<Variant> => {
    if (type === 'jpeg') {
      try {
        const stripped = stripJpegMetadata(bytes, meta.orientation ?? 1);
        return { bytes: stripped, mime: 'image/jpeg', width: upright.width, height: upright.height };
      } catch (error) {
        if (error instanceof JpegStructureError) throw mediaError('media_corrupt', error.message, error);
        throw error;
      }
    }
    // Other formats are re-encoded at full size: pixel-lossless PNG for PNG, GIF and anything with
    // transparency, high-quality JPEG otherwise. sharp writes no metadata unless asked.
    const lossless = type === 'png' || type === 'gif' || meta.hasAlpha;
    const pipeline = image().autoOrient();
    return lossless
      ? variant(await decode(pipeline.png()), 'image/png')
      : variant(
          await decode(pipeline.jpeg({ quality: ORIGINAL_QUALITY, chromaSubsampling: '4:4:4' })),
          'image/jpeg',
        );
  };

  const [[large, thumb], kept] = await Promise.all([largeAndThumb(), original()]);
  return {
    kind: 'photo',
    mime,
    width: upright.width,
    height: upright.height,
    size: bytes.length,
    durationSeconds: undefined,
    gps: exif.gps,
    takenAt: exif.takenAt,
    variants: { original: kept, large, thumb },
  };
}
