// Uploaded photos and videos: real files made with sharp (and byte-built videos), real sharp and exifr.
import zlib from 'node:zlib';
import exifr from 'exifr';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERRORS } from '../../src/platform/errors.js';
import { processUpload, sniffMediaType, type ProcessedMedia } from '../../src/platform/media/index.js';
import { largeEdgeFor } from '../../src/platform/media/photo.js';

const DEVICE = { Make: 'PaknTestPhone', Model: 'Model-X1', Serial: 'SN-0042-XYZ' };
const GPS_EXIF = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '21/1 16/1 2400/100', // 21°16'24" = 21.273333
  GPSLongitudeRef: 'E',
  GPSLongitude: '106/1 11/1 3600/100', // 106°11'36" = 106.193333
};
const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,16.4N" exif:GPSLongitude="106,11.6E"/></rdf:RDF></x:xmpmeta>`;

/** Smooth colour fields (an upscaled noise image) compress like a photo, and are quick to make. */
async function photoPixels(width: number, height: number): Promise<Sharp> {
  const small = await sharp({
    create: {
      width: 32,
      height: 24,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  // A pure red block in the stored top-left corner shows where the orientation puts it.
  const marker = await sharp({
    create: { width: 200, height: 200, channels: 3, background: { r: 255, g: 0, b: 0 } },
  })
    .png()
    .toBuffer();
  const base = await sharp(small)
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: marker, left: 0, top: 0 }])
    .removeAlpha()
    .png({ compressionLevel: 1 })
    .toBuffer();
  return sharp(base);
}

function withDeviceExif(image: Sharp, date?: { taken: string; offset?: string }): Sharp {
  return image.withExif({
    IFD0: { Make: DEVICE.Make, Model: DEVICE.Model },
    IFD2: {
      BodySerialNumber: DEVICE.Serial,
      ...(date ? { DateTimeOriginal: date.taken } : {}),
      ...(date?.offset ? { OffsetTimeOriginal: date.offset } : {}),
    },
    IFD3: GPS_EXIF,
  });
}

/** Refused with this catalogue code (and so with a Vietnamese and an English message). */
async function refusal(bytes: Buffer): Promise<{ code: string; status: number; error: AppError }> {
  try {
    await processUpload(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { code: e.code, status: e.status, error: e };
  }
  throw new Error('expected the upload to be refused');
}

const METADATA_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: true,
  interop: true,
  xmp: true,
  iptc: true,
  icc: false,
  jfif: false,
  ihdr: false,
  mergeOutput: true,
  translateValues: false,
} as const;

/** What exifr still finds in a stored file: EXIF (all IFDs), GPS, XMP and IPTC. */
async function metadataIn(bytes: Buffer): Promise<Record<string, unknown>> {
  return ((await exifr.parse(bytes, METADATA_OPTIONS)) as Record<string, unknown> | undefined) ?? {};
}

async function expectNoPersonalMetadata(media: ProcessedMedia): Promise<void> {
  const variants = Object.values(media.variants);
  expect(variants.length).toBeGreaterThan(0);
  for (const variant of variants) {
    expect(await exifr.gps(variant.bytes)).toBeUndefined();
    const left = await metadataIn(variant.bytes);
    // At most the orientation of a JPEG kept byte for byte (see src/platform/media/jpeg.ts).
    expect(Object.keys(left).filter((k) => k !== 'Orientation')).toEqual([]);
    for (const text of [DEVICE.Make, DEVICE.Model, DEVICE.Serial, 'GPSLatitude', 'xmpmeta'])
      expect(variant.bytes.includes(text)).toBe(false);
  }
}

describe('a 12-megapixel JPEG from a phone held upright (EXIF orientation 6, GPS, device, XMP)', () => {
  let input: Buffer;
  let media: ProcessedMedia;

  beforeAll(async () => {
    // Stored 4032×3024 (landscape, as the sensor reads), shown 3024×4032 after turning 90° clockwise.
    input = await withDeviceExif(await photoPixels(4032, 3024), {
      taken: '2025:03:14 09:26:53',
      offset: '+07:00',
    })
      .withMetadata({ orientation: 6 })
      .withXmp(XMP)
      .jpeg({ quality: 90 })
      .toBuffer();
    const meta = await sharp(input).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([4032, 3024, 6]);
    expect(input.includes('xmpmeta')).toBe(true);
    media = await processUpload(input);
  }, 60_000);

  it('reads where and when it was taken before removing it', () => {
    expect(media.kind).toBe('photo');
    expect(media.mime).toBe('image/jpeg');
    expect(media.size).toBe(input.length);
    expect(media.gps?.lat).toBeCloseTo(21.273333, 5);
    expect(media.gps?.lon).toBeCloseTo(106.193333, 5);
    expect(media.takenAt?.toISOString()).toBe('2025-03-14T02:26:53.000Z');
  });

  it('reports the upright size and makes upright large and thumbnail versions', async () => {
    expect([media.width, media.height]).toEqual([3024, 4032]);
    const { large, thumb } = media.variants;
    // A third of the 4032 px side: libvips decodes the JPEG at half size instead of whole (see largeEdgeFor).
    expect([large?.width, large?.height, large?.mime]).toEqual([1008, 1344, 'image/jpeg']);
    expect([thumb?.width, thumb?.height, thumb?.mime]).toEqual([300, 400, 'image/jpeg']);
    for (const variant of [large!, thumb!]) {
      const meta = await sharp(variant.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual([
        'jpeg',
        variant.width,
        variant.height,
        undefined,
      ]);
      // Turned 90° clockwise: the stored top-left corner is now the top-right one.
      const { data, info } = await sharp(variant.bytes).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number): number[] => {
        const at = (y * info.width + x) * info.channels;
        return [data[at]!, data[at + 1]!, data[at + 2]!];
      };
      const [r, g, b] = pixel(info.width - 3, 2);
      expect(r).toBeGreaterThan(200);
      expect(g! + b!).toBeLessThan(60);
      expect(pixel(2, 2)).not.toEqual(pixel(info.width - 3, 2));
    }
  });

  it('keeps the full-resolution original pixel for pixel, with only the orientation left', async () => {
    const { original } = media.variants;
    expect(original.mime).toBe('image/jpeg');
    expect([original.width, original.height]).toEqual([3024, 4032]);
    expect(await metadataIn(original.bytes)).toEqual({ Orientation: 6 });
    const before = await sharp(input).raw().toBuffer();
    const after = await sharp(original.bytes).raw().toBuffer();
    expect(after.equals(before)).toBe(true);
    const meta = await sharp(original.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif?.length ?? 0]).toEqual([4032, 3024, 6, 32]);
    expect(original.bytes.length).toBeLessThan(input.length);
  });

  it('leaves no GPS, device, date or XMP in any stored version', async () => {
    await expectNoPersonalMetadata(media);
    expect(await metadataIn(media.variants.large!.bytes)).toEqual({});
    expect(await metadataIn(media.variants.thumb!.bytes)).toEqual({});
  });
});

describe('the size of the large version', () => {
  it("is a JPEG's third when that is between 60 % and all of the limit (decoded at half size), else the limit", () => {
    expect(largeEdgeFor('jpeg', 4032, 2048)).toBe(1344);
    expect(largeEdgeFor('jpeg', 4000, 2048)).toBe(1333);
    expect(largeEdgeFor('jpeg', 6000, 2048)).toBe(2000);
    expect(largeEdgeFor('jpeg', 3200, 2048)).toBe(2048);
    expect(largeEdgeFor('jpeg', 8000, 2048)).toBe(2048);
    expect(largeEdgeFor('jpeg', 1800, 2048)).toBe(1800);
    expect(largeEdgeFor('png', 4032, 2048)).toBe(2048);
  });
});

describe('other photos', () => {
  it('an upright JPEG keeps no EXIF at all, and a time without offset is Vietnam time', async () => {
    const input = await withDeviceExif(await photoPixels(1600, 1200), { taken: '2024:12:31 23:59:00' })
      .jpeg()
      .toBuffer();
    const media = await processUpload(input);
    expect(media.takenAt?.toISOString()).toBe('2024-12-31T16:59:00.000Z');
    expect(media.gps).not.toBeNull();
    expect(await metadataIn(media.variants.original.bytes)).toEqual({});
    // Never enlarged.
    expect([media.variants.large?.width, media.variants.large?.height]).toEqual([1600, 1200]);
    await expectNoPersonalMetadata(media);
  });

  it('a PNG with transparency and EXIF: re-encoded losslessly, GPS read, nothing kept', async () => {
    const input = await withDeviceExif(
      sharp({
        create: { width: 900, height: 600, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } },
      }),
    )
      .png()
      .toBuffer();
    const media = await processUpload(input);
    expect([media.mime, media.variants.original.mime]).toEqual(['image/png', 'image/png']);
    expect(media.gps?.lat).toBeCloseTo(21.273333, 5);
    const before = await sharp(input).raw().toBuffer();
    expect((await sharp(media.variants.original.bytes).raw().toBuffer()).equals(before)).toBe(true);
    // JPEG versions have no alpha: transparency is laid on white.
    const { data } = await sharp(media.variants.large!.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(100);
    await expectNoPersonalMetadata(media);
  });

  it('a WebP with EXIF: GPS read from its EXIF chunk, stored as JPEG without it', async () => {
    const input = await withDeviceExif(await photoPixels(1200, 900))
      .webp({ quality: 80 })
      .toBuffer();
    expect(input.includes('EXIF')).toBe(true);
    const media = await processUpload(input);
    expect(media.mime).toBe('image/webp');
    expect(media.variants.original.mime).toBe('image/jpeg');
    expect([media.width, media.height]).toEqual([1200, 900]);
    expect(media.gps?.lon).toBeCloseTo(106.193333, 5);
    await expectNoPersonalMetadata(media);
  });

  it('a GIF is taken as a still photo, an AVIF as a photo', async () => {
    const gif = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3a7' } })
      .gif()
      .toBuffer();
    const fromGif = await processUpload(gif);
    expect([fromGif.mime, fromGif.variants.original.mime, fromGif.width]).toEqual([
      'image/gif',
      'image/png',
      120,
    ]);
    const avif = await (await photoPixels(320, 240)).avif({ quality: 50, effort: 0 }).toBuffer();
    expect(sniffMediaType(avif)).toBe('avif');
    const fromAvif = await processUpload(avif);
    expect([fromAvif.mime, fromAvif.variants.original.mime, fromAvif.height]).toEqual([
      'image/avif',
      'image/jpeg',
      240,
    ]);
  });
});

/** A PNG whose header declares a size, with one tiny row of data: a pixel bomb costs nothing to make. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('hostile or broken files are refused with a catalogue code, without decoding', () => {
  let smallJpeg: Buffer;
  beforeAll(async () => {
    smallJpeg = await (await photoPixels(800, 600)).jpeg().toBuffer();
  });

  it('every media code has a status and both messages', () => {
    for (const code of [
      'media_type_not_allowed',
      'media_heic_not_supported',
      'media_too_large',
      'media_too_many_pixels',
      'media_corrupt',
    ] as const) {
      expect(ERRORS[code].vi.length).toBeGreaterThan(20);
      expect(ERRORS[code].en.length).toBeGreaterThan(20);
    }
  });

  it('HTML, a PDF, an SVG with a script, XML, a ZIP and plain bytes: not a supported type (415)', async () => {
    const files = [
      '<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>', // "photo.jpg"
      '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
      '<?xml version="1.0"?>\n<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      '\uFEFF  <script>fetch("/api")</script>',
    ].map((text) => Buffer.from(text));
    files.push(
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      Buffer.from('just some text, not a photo'),
    );
    for (const file of files) {
      const { code, status } = await refusal(file);
      expect([code, status]).toEqual(['media_type_not_allowed', 415]);
    }
    expect(sniffMediaType(files[2]!)).toBe('svg');
    expect(sniffMediaType(files[3]!)).toBe('svg');
  });

  it('a PNG declaring 30000×30000 pixels is refused from its header (422)', async () => {
    const bomb = pngDeclaring(30_000, 30_000);
    expect(bomb.length).toBeLessThan(1000);
    const started = performance.now();
    const { code, status } = await refusal(bomb);
    expect([code, status]).toEqual(['media_too_many_pixels', 422]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a JPEG whose frame header claims 60000×60000 is refused the same way', async () => {
    const bomb = Buffer.from(smallJpeg);
    const sof = bomb.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    bomb.writeUInt16BE(60_000, sof + 5); // height
    bomb.writeUInt16BE(60_000, sof + 7); // width
    expect((await refusal(bomb)).code).toBe('media_too_many_pixels');
  });

  it('a truncated JPEG and a JPEG without its end are corrupt (422)', async () => {
    const half = smallJpeg.subarray(0, smallJpeg.length >> 1);
    expect(await refusal(half)).toMatchObject({ code: 'media_corrupt', status: 422 });
    expect((await refusal(smallJpeg.subarray(0, smallJpeg.length - 2))).code).toBe('media_corrupt');
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123' } })
      .png()
      .toBuffer();
    expect((await refusal(png.subarray(0, png.length - 40))).code).toBe('media_corrupt');
  });

  it('a 50 MB file is refused on its size before anything is parsed (413)', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const started = performance.now();
    const { code, status, error } = await refusal(huge);
    expect([code, status]).toEqual(['media_too_large', 413]);
    expect(performance.now() - started).toBeLessThan(200);
    expect(error.options.details?.[0]?.messages).toEqual({
      vi: 'Ảnh chỉ được tối đa 15 MB.',
      en: 'A photo may be at most 15 MB.',
    });
    const video = Buffer.alloc(31 * 1024 * 1024);
    video.write('\0\0\0\x18ftypisom\0\0\0\0isom', 'latin1');
    expect((await refusal(video)).error.options.details?.[0]?.messages?.vi).toBe(
      'Video chỉ được tối đa 30 MB.',
    );
  });

  it('an empty file is corrupt', async () => {
    expect((await refusal(Buffer.alloc(0))).code).toBe('media_corrupt');
  });

  it('HEIC is refused with its own message when this libvips cannot decode HEVC', async () => {
    const heic = Buffer.concat([
      isoBox('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1')),
      Buffer.alloc(64),
    ]);
    expect(sniffMediaType(heic)).toBe('heic');
    const decodable = (sharp.format.heif.input.fileSuffix ?? []).includes('.heic');
    expect((await refusal(heic)).code).toBe(decodable ? 'media_corrupt' : 'media_heic_not_supported');
  });

  it('an AVIF of empty boxes is corrupt, and does not stall the process (exifr loops on these)', async () => {
    const junk = Buffer.concat([
      isoBox('ftyp', Buffer.from('avif\0\0\0\0mif1avif', 'latin1')),
      Buffer.alloc(64),
    ]);
    expect(sniffMediaType(junk)).toBe('avif');
    expect((await refusal(junk)).code).toBe('media_corrupt');
  });
});

// --- videos, built box by box ---

function isoBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const MATRIX_0 = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
const MATRIX_90 = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];
const LOCATION = '+21.0285+105.8542+012.000/';
// 2025-03-14T02:26:53Z in seconds since 1904-01-01.
const CREATED_1904 = Date.UTC(2025, 2, 14, 2, 26, 53) / 1000 + 2_082_844_800;

function mp4({ brand = 'isom', handler = 'vide', matrix = MATRIX_0 } = {}): Buffer {
  const mvhd = isoBox(
    'mvhd',
    Buffer.from([0, 0, 0, 0]),
    u32(CREATED_1904),
    u32(CREATED_1904),
    u32(1000), // timescale
    u32(12_500), // duration: 12.5 s
    Buffer.alloc(80),
  );
  const tkhd = isoBox(
    'tkhd',
    Buffer.from([0, 0, 0, 3]),
    Buffer.alloc(20),
    Buffer.alloc(16),
    Buffer.concat(matrix.map(u32)),
    u32(1920 * 65536),
    u32(1080 * 65536),
  );
  const hdlr = isoBox(
    'hdlr',
    Buffer.alloc(8),
    Buffer.from(handler),
    Buffer.alloc(12),
    Buffer.from('Handler\0'),
  );
  const xyz = Buffer.concat([Buffer.from([0, LOCATION.length, 0x15, 0xc7]), Buffer.from(LOCATION)]);
  const udta = isoBox(
    'udta',
    isoBox('\u00a9xyz', xyz),
    isoBox('\u00a9mak', Buffer.from(`\0\x0d\x15\xc7${DEVICE.Make}`, 'latin1')),
  );
  const appleMeta = isoBox(
    'meta',
    isoBox('hdlr', Buffer.alloc(8), Buffer.from('mdta'), Buffer.alloc(12), Buffer.from('\0')),
    isoBox(
      'keys',
      Buffer.alloc(4),
      u32(1),
      isoBox('mdta', Buffer.from('com.apple.quicktime.location.ISO6709')),
    ),
    isoBox('ilst', isoBox('\0\0\0\x01', isoBox('data', u32(1), u32(0), Buffer.from(LOCATION)))),
  );
  const trak = isoBox('trak', tkhd, isoBox('mdia', hdlr), isoBox('udta', isoBox('\u00a9xyz', xyz)));
  return Buffer.concat([
    isoBox('ftyp', Buffer.from(`${brand}\0\0\x02\0isomiso2mp41`, 'latin1')),
    isoBox('free'),
    isoBox('mdat', Buffer.from('pretend these are H.264 samples '.repeat(64))),
    isoBox('moov', mvhd, trak, udta, appleMeta),
  ]);
}

describe('videos are kept as sent, with location and device metadata blanked in place', () => {
  it('an MP4 with ©xyz and Apple location keys: read, then gone, length and samples unchanged', async () => {
    const input = mp4();
    const copy = Buffer.from(input);
    expect(sniffMediaType(input)).toBe('mp4');
    const media = await processUpload(input);
    expect(input.equals(copy)).toBe(true); // the caller's buffer is not touched
    expect(media).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      width: 1920,
      height: 1080,
      durationSeconds: 12.5,
      gps: { lat: 21.0285, lon: 105.8542 },
      size: input.length,
    });
    expect(media.takenAt?.toISOString()).toBe('2025-03-14T02:26:53.000Z');
    const out = media.variants.original.bytes;
    expect(media.variants.original.mime).toBe('video/mp4');
    expect(out.length).toBe(input.length);
    for (const text of ['\u00a9xyz', 'ISO6709', '+21.0285', DEVICE.Make, 'udta'])
      expect(out.includes(Buffer.from(text, 'latin1'))).toBe(false);
    const mdat = input.indexOf('mdat');
    expect(out.subarray(mdat, mdat + 2000).equals(input.subarray(mdat, mdat + 2000))).toBe(true);
    // Still a well-formed file: processing it again finds the video and nothing else.
    const again = await processUpload(out);
    expect([again.width, again.gps, again.variants.original.bytes.equals(out)]).toEqual([1920, null, true]);
  });

  it('a MOV filmed upright reports the turned size', async () => {
    const media = await processUpload(mp4({ brand: 'qt  ', matrix: MATRIX_90 }));
    expect([media.mime, media.width, media.height]).toEqual(['video/quicktime', 1080, 1920]);
  });

  it('an MP4 with only sound, or with broken boxes, is refused', async () => {
    expect((await refusal(mp4({ handler: 'soun' }))).code).toBe('media_type_not_allowed');
    const broken = mp4();
    broken.writeUInt32BE(0x7fffffff, broken.indexOf('moov') - 4);
    expect((await refusal(broken)).code).toBe('media_corrupt');
    const noMoov = mp4().subarray(0, mp4().indexOf('moov') - 4);
    expect((await refusal(noMoov)).code).toBe('media_corrupt');
  });

  /** An EBML element with a one-byte size when it fits, else an eight-byte one. */
  const ebml = (id: number[], ...payload: Buffer[]): Buffer => {
    const body = Buffer.concat(payload);
    const size =
      body.length < 127
        ? Buffer.from([0x80 | body.length])
        : Buffer.concat([Buffer.from([1, 0, 0]), u32(0), Buffer.from([0])]);
    if (body.length >= 127) size.writeUIntBE(body.length, 2, 6);
    return Buffer.concat([Buffer.from(id), size, body]);
  };
  const webm = (docType: string): Buffer => {
    const header = ebml(
      [0x1a, 0x45, 0xdf, 0xa3],
      ebml([0x42, 0x86], Buffer.from([1])),
      ebml([0x42, 0x82], Buffer.from(docType)),
    );
    const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])));
    const tags = ebml(
      [0x12, 0x54, 0xc3, 0x67],
      ebml(
        [0x73, 0x73],
        ebml(
          [0x67, 0xc8],
          ebml([0x45, 0xa3], Buffer.from('LOCATION')),
          ebml([0x44, 0x87], Buffer.from(LOCATION)),
        ),
      ),
    );
    const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], ebml([0xe7], Buffer.from([0])), Buffer.from('frame data'));
    return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], info, tags, cluster)]);
  };

  it('a WebM with location tags: the Tags element becomes Void of the same length', async () => {
    const input = webm('webm');
    expect(sniffMediaType(input)).toBe('webm');
    const media = await processUpload(input);
    const out = media.variants.original.bytes;
    expect([media.kind, media.mime, out.length]).toEqual(['video', 'video/webm', input.length]);
    expect(out.includes('LOCATION')).toBe(false);
    expect(out.includes('+21.0285')).toBe(false);
    expect(out.includes('frame data')).toBe(true);
    const tagsAt = input.indexOf(Buffer.from([0x12, 0x54, 0xc3, 0x67]));
    expect(out[tagsAt]).toBe(0xec);
    // The Cluster after it is where it was, so the file still walks to its end.
    expect((await processUpload(out)).variants.original.bytes.equals(out)).toBe(true);
  });

  it('Matroska that is not WebM is refused', async () => {
    expect((await refusal(webm('matroska'))).code).toBe('media_type_not_allowed');
  });
});
