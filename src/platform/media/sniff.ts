// Recognises an uploaded file by its first bytes (magic numbers), never by its name or declared type.
//
// A small table instead of the `file-type` package: its current release needs Node 22, and the few
// formats we accept, or want to name when refusing, are easy to tell apart.

/** What the content says the file is; only some of these are accepted (see `ACCEPTED`). */
export type SniffedType =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'gif'
  | 'avif'
  | 'heic'
  | 'mp4'
  | 'mov'
  | 'webm'
  // Named only to say what was refused:
  | 'matroska'
  | 'pdf'
  | 'svg'
  | 'html'
  | 'xml'
  | 'tiff'
  | 'zip';

/** The content type each recognised file is stored and served with. */
export const MIME: Record<SniffedType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  matroska: 'video/x-matroska',
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
  html: 'text/html',
  xml: 'application/xml',
  tiff: 'image/tiff',
  zip: 'application/zip',
};

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Buffer, at: number, length: number): string =>
  bytes.toString('latin1', at, Math.min(bytes.length, at + length));

// ISO BMFF brands (ISO/IEC 14496-12 `ftyp`) of still images: HEIF/HEIC and AVIF share the container
// with MP4 and MOV, so the brands decide.
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

/** `ftyp` at offset 4: the major brand and the compatible brands decide between image, MOV and MP4. */
function sniffIsoBmff(bytes: Buffer): SniffedType | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const size = bytes.readUInt32BE(0);
  if (size < 16 || size > 4096 || size > bytes.length) return null;
  const major = ascii(bytes, 8, 4);
  const brands = [major];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, 4));
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  return major === 'qt  ' ? 'mov' : 'mp4';
}

/** EBML header (Matroska and WebM): the DocType element (0x4282) says which. */
function sniffEbml(bytes: Buffer): SniffedType | null {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const head = bytes.subarray(0, 64);
  const at = head.indexOf(Buffer.from([0x42, 0x82]));
  if (at < 0) return 'matroska';
  // The DocType's size is a one-byte EBML varint (0x80 | length) in every real file.
  const length = (head[at + 2] ?? 0) & 0x7f;
  return ascii(head, at + 3, length) === 'webm' ? 'webm' : 'matroska';
}

/** Text formats that must never be taken for an image: SVG can carry scripts, HTML is HTML. */
function sniffText(bytes: Buffer): SniffedType | null {
  const text = bytes
    .toString('utf8', 0, Math.min(bytes.length, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('%pdf-')) return 'pdf';
  if (/<svg[\s>]/.test(text)) return 'svg';
  if (text.startsWith('<!doctype html') || /<(html|head|body|script)[\s>]/.test(text)) return 'html';
  if (text.startsWith('<?xml')) return 'xml';
  return null;
}

/** The file's type from its content, or null when it is nothing we know. */
export function sniffMediaType(bytes: Buffer): SniffedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return sniffIsoBmff(bytes) ?? sniffEbml(bytes) ?? sniffText(bytes);
}
