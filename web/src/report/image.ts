// Photos before upload: turned upright, scaled down to 1600 px on the long side and re-encoded as JPEG in the
// browser, so a cheap phone on a slow network sends ~300 KB instead of a 5 MB original (and no metadata).
import { ApiError } from '../api.js';
import { isUpload, type Upload } from '../api-report.js';

export const MAX_SIDE = 1600;
const QUALITY = 0.8;

/** The size that fits `maxSide` on the long side, never larger than the original. */
export function fitWithin(
  width: number,
  height: number,
  maxSide = MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function downscalePhoto(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2D canvas');
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/jpeg', QUALITY);
    });
    if (blob === null) throw new Error('the photo could not be encoded');
    return { blob, ...size };
  } finally {
    bitmap.close();
  }
}

/**
 * `POST /api/v1/public/uploads` with the raw JPEG as the body, reporting progress (0–1); XMLHttpRequest
 * because fetch cannot tell upload progress. A network failure rejects with a TypeError, as fetch does.
 */
export function uploadPhoto(
  blob: Blob,
  onProgress: (share: number) => void,
  lang: 'vi' | 'en',
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/public/uploads');
    xhr.setRequestHeader('content-type', blob.type || 'image/jpeg');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', lang);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(new TypeError('network error'));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300 && isUpload(body)) {
        resolve(body);
        return;
      }
      const error =
        typeof body === 'object' && body !== null && 'error' in body
          ? (body as { error: { code?: unknown; message?: unknown } }).error
          : null;
      reject(
        new ApiError(
          `POST upload: HTTP ${xhr.status}`,
          xhr.status,
          typeof error?.code === 'string' ? error.code : null,
          typeof error?.message === 'string' ? error.message : null,
        ),
      );
    };
    xhr.send(blob);
  });
}
