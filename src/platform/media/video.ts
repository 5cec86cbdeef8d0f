// Short videos are stored as sent (no transcoding), minus the boxes or elements that carry metadata,
// which are blanked in place so every offset in the file stays valid.
//
// MP4 and MOV (ISO BMFF): `udta` and `meta` boxes at the top level, under `moov` and under each `trak`
// hold the recording place (Apple's `©xyz`, `com.apple.quicktime.location.ISO6709`, 3GPP `loci`), the
// device make, model and software; top-level `uuid` boxes hold XMP. Each becomes a `free` box of the
// same size filled with zeros: players skip `free`, and chunk offsets (`stco`/`co64`) still point
// at the same bytes. WebM: `Tags` elements become `Void` elements of the same length, zero-filled.

/** Thrown for a file whose structure does not hold together; the caller maps it to `media_corrupt`. */
export class VideoStructureError extends Error {
  override name = 'VideoStructureError';
}

/** Thrown for a well-formed ISO BMFF file with no video track (e.g. M4A audio). */
export class NotAVideoError extends Error {
  override name = 'NotAVideoError';
}

export interface VideoFacts {
  /** The file with metadata blanked; always the same length as the input. */
  bytes: Buffer;
  width: number | undefined;
  height: number | undefined;
  durationSeconds: number | undefined;
  /** The recording place, read before blanking (ISO 6709 text), when the file had one. */
  gps: { lat: number; lon: number } | null;
  /** The movie's creation time (`mvhd`), when set. */
  takenAt: Date | null;
}

interface Box {
  type: string;
  start: number;
  /** First byte of the payload (after size, type and, for 64-bit sizes, the large size). */
  body: number;
  end: number;
}

function boxesIn(bytes: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 8 > end) throw new VideoStructureError(`box header at ${pos} overruns`);
    let size = bytes.readUInt32BE(pos);
    let body = pos + 8;
    if (size === 1) {
      if (pos + 16 > end) throw new VideoStructureError(`large box header at ${pos} overruns`);
      size = Number(bytes.readBigUInt64BE(pos + 8));
      body = pos + 16;
    } else if (size === 0) {
      size = end - pos; // "to the end of the enclosing container"
    }
    if (size < body - pos || pos + size > end)
      throw new VideoStructureError(`box at ${pos} has size ${size} past ${end}`);
    boxes.push({ type: bytes.toString('latin1', pos + 4, pos + 8), start: pos, body, end: pos + size });
    pos += size;
  }
  return boxes;
}

const XMP_UUID = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
const SECONDS_1904_TO_1970 = 2_082_844_800;

/** `+DD.DDDD+DDD.DDDD` (ISO 6709, as in `©xyz` and Apple's location key), or null. */
function iso6709(text: string): { lat: number; lon: number } | null {
  const m = /([+-]\d{2}(?:\.\d+)?)([+-]\d{3}(?:\.\d+)?)/.exec(text);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

/** Blanks metadata in an MP4 or MOV file and reads what a report needs from it. */
export function processIsoBmff(input: Buffer): VideoFacts {
  const bytes = Buffer.from(input); // never change the caller's buffer
  const top = boxesIn(bytes, 0, bytes.length);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new VideoStructureError('no moov box');
  const blank: Box[] = top.filter(
    (b) =>
      b.type === 'udta' ||
      b.type === 'meta' ||
      (b.type === 'uuid' && bytes.subarray(b.body, b.body + 16).equals(XMP_UUID)),
  );
  let width: number | undefined;
  let height: number | undefined;
  let durationSeconds: number | undefined;
  let takenAt: Date | null = null;
  let hasVideoTrack = false;
  for (const box of boxesIn(bytes, moov.body, moov.end)) {
    if (box.type === 'udta' || box.type === 'meta') blank.push(box);
    if (box.type === 'mvhd' && box.end - box.body >= 32) {
      const v1 = bytes[box.body] === 1;
      const created = v1 ? Number(bytes.readBigUInt64BE(box.body + 4)) : bytes.readUInt32BE(box.body + 4);
      if (created > SECONDS_1904_TO_1970) takenAt = new Date((created - SECONDS_1904_TO_1970) * 1000);
      const timescale = bytes.readUInt32BE(box.body + (v1 ? 20 : 12));
      const duration = v1 ? Number(bytes.readBigUInt64BE(box.body + 24)) : bytes.readUInt32BE(box.body + 16);
      if (timescale > 0) durationSeconds = duration / timescale;
    }
    if (box.type !== 'trak') continue;
    let isVideo = false;
    let size: { width: number; height: number } | undefined;
    for (const child of boxesIn(bytes, box.body, box.end)) {
      if (child.type === 'udta' || child.type === 'meta') blank.push(child);
      if (child.type === 'tkhd') size = trackSize(bytes, child);
      if (child.type === 'mdia') {
        const hdlr = boxesIn(bytes, child.body, child.end).find((b) => b.type === 'hdlr');
        isVideo = hdlr !== undefined && bytes.toString('latin1', hdlr.body + 8, hdlr.body + 12) === 'vide';
      }
    }
    if (isVideo && !hasVideoTrack) {
      hasVideoTrack = true;
      width = size?.width;
      height = size?.height;
    }
  }
  if (!hasVideoTrack) throw new NotAVideoError('no video track');

  let gps: { lat: number; lon: number } | null = null;
  for (const box of blank) {
    gps ??= iso6709(bytes.toString('latin1', box.body, box.end));
    bytes.write('free', box.start + 4, 'latin1');
    bytes.fill(0, box.body, box.end);
  }
  return { bytes, width, height, durationSeconds, gps, takenAt };
}

/** Presentation size from `tkhd`, turned when the track's matrix rotates by 90 or 270 degrees. */
function trackSize(bytes: Buffer, tkhd: Box): { width: number; height: number } | undefined {
  const v1 = bytes[tkhd.body] === 1;
  const matrix = tkhd.body + (v1 ? 52 : 40);
  const sizeAt = matrix + 36;
  if (sizeAt + 8 > tkhd.end) return undefined;
  const width = Math.round(bytes.readUInt32BE(sizeAt) / 65536);
  const height = Math.round(bytes.readUInt32BE(sizeAt + 4) / 65536);
  if (width === 0 || height === 0) return undefined;
  const turned = bytes.readInt32BE(matrix) === 0 && bytes.readInt32BE(matrix + 16) === 0;
  return turned ? { width: height, height: width } : { width, height };
}

// --- WebM (EBML) ---

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const TAGS = 0x1254c367;
const VOID = 0xec;

/** An EBML variable-length integer at `pos`: its length and value (marker bit removed). */
function readVint(bytes: Buffer, pos: number, keepMarker: boolean): { length: number; value: number } {
  const first = bytes[pos];
  if (first === undefined || first === 0) throw new VideoStructureError(`bad EBML number at ${pos}`);
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (pos + length > bytes.length) throw new VideoStructureError(`EBML number at ${pos} overruns`);
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = bytes[pos + i] ?? 0;
    value = value * 256 + b;
    allOnes &&= b === 0xff;
  }
  // An all-ones size means "unknown" (live recordings); reported as -1.
  return { length, value: !keepMarker && allOnes ? -1 : value };
}

/** Blanks `Tags` in a WebM file; the rest is checked only as far as its top-level elements. */
export function processWebm(input: Buffer): VideoFacts {
  const bytes = Buffer.from(input);
  let pos = 0;
  const header = readVint(bytes, pos, true);
  if (header.value !== EBML_HEADER) throw new VideoStructureError('no EBML header');
  const headerSize = readVint(bytes, pos + header.length, false);
  pos += header.length + headerSize.length + headerSize.value;
  const segmentId = readVint(bytes, pos, true);
  if (segmentId.value !== SEGMENT) throw new VideoStructureError('no Segment after the EBML header');
  const segmentSize = readVint(bytes, pos + segmentId.length, false);
  pos += segmentId.length + segmentSize.length;
  const segmentEnd = segmentSize.value < 0 ? bytes.length : pos + segmentSize.value;
  if (segmentEnd > bytes.length) throw new VideoStructureError('Segment overruns the file');
  while (pos < segmentEnd) {
    const id = readVint(bytes, pos, true);
    const size = readVint(bytes, pos + id.length, false);
    if (size.value < 0) break; // an element of unknown size (a live Cluster) runs to the end: stop here
    const end = pos + id.length + size.length + size.value;
    if (end > segmentEnd) throw new VideoStructureError(`element at ${pos} overruns the Segment`);
    if (id.value === TAGS) {
      // Void ID (1 byte) + a longer size field keep the element's total length.
      const total = end - pos;
      const sizeLength = Math.min(8, size.length + id.length - 1);
      bytes.fill(0, pos, end);
      bytes[pos] = VOID;
      writeVint(bytes, pos + 1, sizeLength, total - 1 - sizeLength);
    }
    pos = end;
  }
  return {
    bytes,
    width: undefined,
    height: undefined,
    durationSeconds: undefined,
    gps: null,
    takenAt: null,
  };
}

function writeVint(bytes: Buffer, pos: number, length: number, value: number): void {
  let rest = value;
  for (let i = length - 1; i >= 1; i--) {
    bytes[pos + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[pos] = (0x100 >> length) | rest;
}
