// `node --import tsx bench/media.ts`: processUpload on a 12-megapixel phone JPEG against the naive way.
//
// The naive way decodes the whole photo upright (orientation applied before resizing), then makes the
// large version, the thumbnail and a re-encoded full-size original from those pixels. processUpload
// resizes before orienting, makes the thumbnail from the large version and keeps the original's own
// bytes without metadata. Environment: BENCH_RUNS (default 20).
import os from 'node:os';
import sharp, { type Sharp } from 'sharp';
import { processUpload } from '../src/platform/media/index.js';

const runs = Number(process.env.BENCH_RUNS ?? 20);

/** 4032×3024 like a phone's 12 MP camera, stored sideways with EXIF orientation 6, GPS and device tags. */
async function phonePhoto(): Promise<Buffer> {
  const width = 4032;
  const height = 3024;
  const noise = (w: number, h: number, sigma: number): Sharp =>
    sharp({
      create: {
        width: w,
        height: h,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma },
      },
    });
  // Broad colour fields, mid-scale texture and fine grain: compresses (~3 MB at quality 92) and
  // decodes like a photo, unlike flat colour or pure noise.
  const fields = await noise(48, 36, 70).png().toBuffer();
  const texture = await sharp(await noise(504, 378, 40).png().toBuffer())
    .resize(width, height, { kernel: 'cubic' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const grain = await noise(width, height, 6).png({ compressionLevel: 0 }).toBuffer();
  return sharp(fields)
    .resize(width, height, { kernel: 'cubic' })
    .composite([
      { input: texture, blend: 'soft-light' },
      { input: grain, blend: 'overlay' },
    ])
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'BenchPhone', Model: 'B-12' },
      IFD2: { DateTimeOriginal: '2025:03:14 09:26:53' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '21/1 16/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 11/1 3600/100',
      },
    })
    .toBuffer();
}

async function naive(bytes: Buffer): Promise<number> {
  const { data, info } = await sharp(bytes).autoOrient().raw().toBuffer({ resolveWithObject: true });
  const pixels = (): Sharp =>
    sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const outputs = await Promise.all([
    pixels().resize(2048, 2048, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer(),
    pixels().resize(400, 400, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer(),
    pixels().jpeg({ quality: 92 }).toBuffer(),
  ]);
  return outputs.length;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: libvips caches, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor((ms.length - 1) / 2)]!;
  const p95 = ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!;
  console.log(
    `${label.padEnd(58)} median ${median.toFixed(0).padStart(4)} ms   p95 ${p95.toFixed(0).padStart(4)} ms`,
  );
  return { median, p95 };
}

const photo = await phonePhoto();
const sample = await processUpload(photo);
console.log(
  `12 MP JPEG: ${(photo.length / 1024 / 1024).toFixed(1)} MB, ${sample.width}×${sample.height} upright; ` +
    `large ${sample.variants.large?.width}×${sample.variants.large?.height}, ` +
    `thumb ${sample.variants.thumb?.width}×${sample.variants.thumb?.height}; ${runs} runs each`,
);
console.log(
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, libvips threads ${sharp.concurrency()}\n`,
);

const ours = await time('processUpload (large + thumb + original without metadata)', () =>
  processUpload(photo),
);
const base = await time('naive (decode upright, then three outputs from pixels)', () => naive(photo));
console.log(`\nnaive / processUpload: ${(base.median / ours.median).toFixed(2)}× (medians)\n`);

// Where the time goes: processUpload's large version is a third of a 12 MP photo's side (shrink ≥ 3, decoded at
// half size); at the 2048 px limit (a factor of 2) libvips decodes the whole photo (see largeEdgeFor).
await time('  large only: 1344 px, resize then orient (as processUpload)', () =>
  sharp(photo).resize(1344, 1344, { fit: 'inside' }).autoOrient().jpeg({ quality: 82 }).toBuffer(),
);
await time('  large only: 2048 px (factor 2: decoded whole)', () =>
  sharp(photo).resize(2048, 2048, { fit: 'inside' }).autoOrient().jpeg({ quality: 82 }).toBuffer(),
);
await time('  large only: orient, then resize to 1344 px', () =>
  sharp(photo).autoOrient().resize(1344, 1344, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer(),
);
await time('  full decode only, to raw pixels', () => sharp(photo).raw().toBuffer());
await time('  thumbnail straight from the original (decoded at 1/8)', () =>
  sharp(photo).resize(400, 400, { fit: 'inside' }).autoOrient().jpeg({ quality: 75 }).toBuffer(),
);
