// Lossless removal of metadata from a JPEG: the compressed image is copied byte for byte, every
// segment that can carry personal data is dropped.
//
// Why not re-encode the officers' full-resolution copy: decoding and encoding 12 megapixels costs
// ~0.5 s and a generation of JPEG loss, and the evidence would no longer be the pixels the camera
// took. Dropped: APP1 (EXIF with GPS, device make, model and serial, dates; XMP), APP3–APP13 (IPTC,
// maker data), APP15, comments, non-ICC APP2 (MPF), non-JFIF APP0 (JFXX thumbnails), and everything
// after the end-of-image marker (MPF secondary images, gain maps, vendor trailers, which can hold
// their own EXIF). Kept: the colour profile (APP2 ICC_PROFILE), Adobe's APP14 (it says how to read
// the colours) and the JFIF header. The EXIF orientation cannot be applied without re-encoding, so
// when the photo is not upright a new EXIF block holding only the Orientation tag is written.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

/** Thrown for a structure that is not a complete JPEG; the caller maps it to `media_corrupt`. */
export class JpegStructureError extends Error {
  override name = 'JpegStructureError';
}

function keepSegment(marker: number, payload: Buffer): boolean {
  const startsWith = (text: string): boolean => payload.toString('latin1', 0, text.length) === text;
  if (marker === 0xe0) return startsWith('JFIF\0');
  if (marker === 0xe2) return startsWith('ICC_PROFILE\0');
  if (marker === 0xee) return startsWith('Adobe');
  if (marker >= 0xe1 && marker <= 0xef) return false;
  return marker !== COM;
}

/** An APP1 EXIF segment with one tag: Orientation (0x0112), a SHORT, in big-endian TIFF order. */
function orientationSegment(orientation: number): Buffer {
  const payload = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), // "MM", 42, IFD0 at offset 8
    Buffer.from([0, 1]), // one entry
    Buffer.from([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]), // tag, SHORT, count 1, value
    Buffer.from([0, 0, 0, 0]), // no next IFD
  ]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/**
 * The same JPEG without metadata. `orientation` is the EXIF orientation of the input (1–8); when it
 * is not 1 the output keeps it, and nothing else, so viewers still turn the photo upright.
 */
export function stripJpegMetadata(bytes: Buffer, orientation = 1): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new JpegStructureError('no start-of-image marker');
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let insertOrientationAt = 1;
  let sawFrame = false;
  let sawScan = false;
  let pos = 2;
  for (;;) {
    if (bytes[pos] !== 0xff) throw new JpegStructureError(`no marker at ${pos}`);
    while (bytes[pos + 1] === 0xff) pos++; // fill bytes before a marker
    const marker = bytes[pos + 1];
    if (marker === undefined) throw new JpegStructureError('ends inside a marker');
    if (marker === EOI) {
      parts.push(bytes.subarray(pos, pos + 2));
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(bytes.subarray(pos, pos + 2)); // markers without a length
      pos += 2;
      continue;
    }
    if (pos + 4 > bytes.length) throw new JpegStructureError('ends inside a segment header');
    const end = pos + 2 + bytes.readUInt16BE(pos + 2);
    if (end > bytes.length || end < pos + 4) throw new JpegStructureError(`segment at ${pos} overruns`);
    if (keepSegment(marker, bytes.subarray(pos + 4, end))) {
      parts.push(bytes.subarray(pos, end));
      if (marker === 0xe0 && parts.length === 2) insertOrientationAt = 2; // after SOI + JFIF
    }
    if (
      (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
      marker === 0xf7
    )
      sawFrame = true;
    pos = end;
    if (marker === SOS) {
      sawScan = true;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let at = pos;
      for (;;) {
        at = bytes.indexOf(0xff, at);
        if (at < 0 || at + 1 >= bytes.length) throw new JpegStructureError('no end-of-image marker');
        const next = bytes[at + 1] ?? 0;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
        else if (next === 0xff) at += 1;
        else break;
      }
      parts.push(bytes.subarray(pos, at));
      pos = at;
    }
  }
  if (!sawFrame || !sawScan) throw new JpegStructureError('no frame or no scan');
  if (orientation !== 1) parts.splice(insertOrientationAt, 0, orientationSegment(orientation));
  return Buffer.concat(parts);
}

/** The TIFF block of the JPEG's EXIF segment (APP1 `Exif\0\0`), found without reading past the first scan. */
export function jpegExifBlock(bytes: Buffer): Buffer | null {
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1];
    if (marker === SOS || marker === EOI) break;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const end = pos + 2 + bytes.readUInt16BE(pos + 2);
    if (end > bytes.length) break;
    if (marker === 0xe1 && bytes.toString('latin1', pos + 4, pos + 10) === 'Exif\0\0')
      return bytes.subarray(pos + 10, end);
    pos = end;
  }
  return null;
}
