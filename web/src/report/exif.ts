// The GPS position a camera wrote into a JPEG (EXIF), read before the photo is re-encoded (which drops all
// metadata): a photo taken at the scene can give the report its place. Only the few tags needed are read.

const GPS_IFD_POINTER = 0x8825;

/** Latitude and longitude in degrees from the EXIF of a JPEG's first bytes; null when there is none. */
export function gpsFromJpeg(bytes: ArrayBuffer): { latitude: number; longitude: number } | null {
  const view = new DataView(bytes);
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    const length = view.getUint16(offset + 2);
    // APP1 with "Exif\0\0"
    if (marker === 0xffe1 && offset + 10 <= view.byteLength && view.getUint32(offset + 4) === 0x45786966)
      return gpsFromTiff(view, offset + 10);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
    offset += 2 + length;
  }
  return null;
}

function gpsFromTiff(view: DataView, tiff: number): { latitude: number; longitude: number } | null {
  try {
    const little = view.getUint16(tiff) === 0x4949;
    const u16 = (at: number) => view.getUint16(tiff + at, little);
    const u32 = (at: number) => view.getUint32(tiff + at, little);
    /** Tag → offset (from the TIFF start) of its 12-byte entry, for one IFD. */
    const entries = (ifd: number) => {
      const found = new Map<number, number>();
      const count = u16(ifd);
      for (let i = 0; i < count; i++) found.set(u16(ifd + 2 + i * 12), ifd + 2 + i * 12);
      return found;
    };
    const gpsPointer = entries(u32(4)).get(GPS_IFD_POINTER);
    if (gpsPointer === undefined) return null;
    const gps = entries(u32(gpsPointer + 8));
    const ref = (tag: number) => {
      const entry = gps.get(tag);
      return entry === undefined ? null : String.fromCharCode(view.getUint8(tiff + entry + 8));
    };
    const degrees = (tag: number) => {
      const entry = gps.get(tag);
      if (entry === undefined || u16(entry + 2) !== 5 || u32(entry + 4) !== 3) return null;
      const at = u32(entry + 8);
      const rational = (i: number) => {
        const denominator = u32(at + i * 8 + 4);
        return denominator === 0 ? 0 : u32(at + i * 8) / denominator;
      };
      return rational(0) + rational(1) / 60 + rational(2) / 3600;
    };
    const lat = degrees(2);
    const lon = degrees(4);
    if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
    const latitude = ref(1) === 'S' ? -lat : lat;
    const longitude = ref(3) === 'W' ? -lon : lon;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
    return { latitude, longitude };
  } catch {
    // A truncated or malformed EXIF block: no position, the photo itself is still fine.
    return null;
  }
}
