// Reading the camera's position from a JPEG's EXIF, as sharp (libvips) writes it, and nothing from others.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gpsFromJpeg } from './exif.js';

async function jpeg(gps?: Record<string, string>): Promise<ArrayBuffer> {
  let image = sharp({ create: { width: 40, height: 30, channels: 3, background: '#888888' } });
  if (gps) image = image.withExif({ IFD3: gps });
  const buffer = await image.jpeg().toBuffer();
  return new Uint8Array(buffer).buffer;
}

describe('gpsFromJpeg', () => {
  it('reads degrees, minutes and seconds with their hemispheres', async () => {
    const north = await jpeg({
      GPSLatitudeRef: 'N',
      GPSLatitude: '21/1 16/1 12/1',
      GPSLongitudeRef: 'E',
      GPSLongitude: '106/1 11/1 24/1',
    });
    expect(gpsFromJpeg(north)).toEqual({ latitude: 21.27, longitude: 106.19 });
    const south = await jpeg({
      GPSLatitudeRef: 'S',
      GPSLatitude: '33/1 52/1 0/1',
      GPSLongitudeRef: 'W',
      GPSLongitude: '70/1 30/1 0/1',
    });
    const place = gpsFromJpeg(south);
    expect(place?.latitude).toBeCloseTo(-33.8667, 4);
    expect(place?.longitude).toBeCloseTo(-70.5, 4);
  });

  it('gives nothing for a photo without a position, a truncated one, or another format', async () => {
    expect(gpsFromJpeg(await jpeg())).toBeNull();
    const withPlace = await jpeg({ GPSLatitudeRef: 'N', GPSLatitude: '21/1 0/1 0/1' });
    expect(gpsFromJpeg(withPlace)).toBeNull();
    expect(gpsFromJpeg(withPlace.slice(0, 40))).toBeNull();
    expect(gpsFromJpeg(new TextEncoder().encode('\x89PNG....').buffer)).toBeNull();
  });
});
