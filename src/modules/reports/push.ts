// Web Push (RFC 8030, 8291, 8292): the deployment's VAPID keys, checking a browser's subscription before it is
// stored, and the `push.send` job that encrypts one message and posts it to the browser's push service.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../platform/db/tables.js';
import type { ErrorDetail } from '../../platform/errors.js';
import type { JobDefinition } from '../../platform/jobs/queue.js';
import { reportsDb } from './intake.js';

export const PUSH_JOB = 'push.send';

/** The application server's key pair (base64url, as browsers and web-push take them) and its contact. */
export interface VapidKeys {
  /** Uncompressed P-256 public key: 65 bytes, 87 base64url characters starting with `B`. */
  publicKey: string;
  /** P-256 private key: 32 bytes, 43 base64url characters. Secret. */
  privateKey: string;
  /** `mailto:` or `https:` address where push services can reach the operator (the JWT's `sub`). */
  subject: string;
}

/** What a browser's service worker receives: public facts only, never who follows or who reported. */
export interface PushPayload {
  code: string;
  kind: string;
  title: string;
  body: string;
  url: string;
}

export interface PushJobData {
  subscriptionId: string;
  payload: PushPayload;
}

/** A browser's `PushSubscription.toJSON()`. */
export interface PushSubscriptionInput {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

export const VAPID_PUBLIC_KEY = /^B[A-Za-z0-9_-]{86}$/;
export const VAPID_PRIVATE_KEY = /^[A-Za-z0-9_-]{43}$/;

/**
 * Push services of the browsers people use (Chromium-based browsers: FCM; Firefox: Mozilla; Edge on Windows:
 * WNS; Safari: Apple). The server posts to a subscription's endpoint, so accepting any address would let
 * anyone make it send requests wherever they like (SSRF): only these hosts and their subdomains are accepted.
 */
export const PUSH_SERVICE_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  'push.services.mozilla.com',
  'notify.windows.com',
  'push.apple.com',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Decodes base64url with or without padding; null when it is not base64url. */
function base64url(text: string): Buffer | null {
  const bare = text.replace(/=+$/, '');
  return /^[A-Za-z0-9_-]*$/.test(bare) ? Buffer.from(bare, 'base64url') : null;
}

/** Whether 65 bytes are an uncompressed point on P-256 (not just the right length). */
function isP256Point(bytes: Buffer): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    crypto.createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: bytes.subarray(1, 33).toString('base64url'),
        y: bytes.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a subscription beyond its schema: the endpoint is https on a known push service (http on
 * 127.0.0.1/localhost only when `allowLoopback`, for tests), the browser's key is a P-256 point and the auth
 * secret 16 bytes. Returns the subscription with unpadded keys, or the problems found.
 */
export function checkSubscription(
  subscription: PushSubscriptionInput,
  options: { allowLoopback?: boolean; hosts?: readonly string[] } = {},
): { ok: PushSubscriptionInput; problems: [] } | { ok: null; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  let url: URL | null;
  try {
    url = new URL(subscription.endpoint);
  } catch {
    url = null;
  }
  const hosts = options.hosts ?? PUSH_SERVICE_HOSTS;
  const known =
    url !== null &&
    url.protocol === 'https:' &&
    hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));
  const loopback =
    url !== null &&
    options.allowLoopback === true &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK.has(url.hostname);
  if (url === null || url.username !== '' || url.password !== '' || !(known || loopback))
    problems.push({
      field: '/body/subscription/endpoint',
      problem: 'not an https address of a known push service',
      messages: {
        vi: 'Trình duyệt này chưa được hỗ trợ nhận thông báo. Vui lòng dùng trình duyệt khác hoặc đăng nhập để nhận thông báo qua thư điện tử hoặc tin nhắn.',
        en: 'Notifications are not supported for this browser. Please use another browser, or sign in to be told by e-mail or text message.',
      },
    });
  const p256dh = base64url(subscription.keys.p256dh);
  if (p256dh === null || !isP256Point(p256dh))
    problems.push({
      field: '/body/subscription/keys/p256dh',
      problem: 'not an uncompressed P-256 public key',
    });
  const auth = base64url(subscription.keys.auth);
  if (auth === null || auth.length !== 16)
    problems.push({ field: '/body/subscription/keys/auth', problem: 'not a 16-byte authentication secret' });
  if (problems.length > 0 || p256dh === null || auth === null) return { ok: null, problems };
  return {
    ok: {
      endpoint: subscription.endpoint,
      keys: { p256dh: p256dh.toString('base64url'), auth: auth.toString('base64url') },
    },
    problems: [],
  };
}

/**
 * The VAPID keys to use: the configured ones; otherwise, outside production, a pair generated on the first
 * start and kept in `DATA_DIR/vapid.json` (mode 0600), so browsers' subscriptions survive restarts. In
 * production without keys Web Push is off (undefined): keys must be the same in every process, and a
 * generated pair would silently differ between machines.
 */
export async function resolveVapidKeys(options: {
  dataDir: string;
  nodeEnv: 'development' | 'production' | 'test';
  keys: { publicKey: string; privateKey: string } | undefined;
  subject: string;
}): Promise<VapidKeys | undefined> {
  if (options.keys) return { ...options.keys, subject: options.subject };
  if (options.nodeEnv === 'production') return undefined;
  const file = path.join(options.dataDir, 'vapid.json');
  const read = async (): Promise<VapidKeys> => {
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Record<string, unknown>>;
    const { publicKey, privateKey } = stored;
    if (
      typeof publicKey !== 'string' ||
      typeof privateKey !== 'string' ||
      !VAPID_PUBLIC_KEY.test(publicKey) ||
      !VAPID_PRIVATE_KEY.test(privateKey)
    )
      throw new Error(`${file} does not hold a VAPID key pair; delete it to generate a new one`);
    return { publicKey, privateKey, subject: options.subject };
  };
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { default: webPush } = await import('web-push');
  const generated = webPush.generateVAPIDKeys();
  await fs.mkdir(options.dataDir, { recursive: true });
  // Written aside, then linked into place: a crash never leaves half a file, and of two processes starting
  // on one directory the second one's link fails and it reads the first one's pair.
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  await fs.writeFile(
    temporary,
    `${JSON.stringify({ publicKey: generated.publicKey, privateKey: generated.privateKey }, null, 2)}\n`,
    { mode: 0o600, flag: 'wx' },
  );
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return read();
}

/** Thrown for an answer of the push service that a later attempt may change (5xx, 429, 401…): retried. */
export class PushDeliveryError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`push service answered ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'PushDeliveryError';
  }
}

/**
 * The job: one encrypted message (aes128gcm, VAPID-signed) to one subscription. 404 or 410 from the push
 * service means the browser dropped the subscription: it is marked gone and never used again. Any other
 * failure throws, so the job is retried with backoff. Without VAPID keys (Web Push off) it fails visibly.
 */
export function pushJob(deps: {
  db: Db;
  vapid?: VapidKeys | undefined;
  timeoutMs?: number;
}): JobDefinition<PushJobData> {
  return {
    name: PUSH_JOB,
    retryLimit: 6,
    retryDelaySeconds: 30,
    handler: async ({ subscriptionId, payload }) => {
      const vapid = deps.vapid;
      if (!vapid) throw new Error('Web Push is not configured (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)');
      const db = reportsDb(deps.db);
      const subscription = await db
        .selectFrom('push_subscriptions')
        .select(['endpoint', 'p256dh', 'auth', 'gone_at'])
        .where('id', '=', subscriptionId)
        .executeTakeFirst();
      if (!subscription || subscription.gone_at !== null) return;
      // web-push loads on the first message, not at start.
      const { default: webPush } = await import('web-push');
      const request = webPush.generateRequestDetails(
        {
          endpoint: subscription.endpoint,
          keys: { p256dh: subscription.p256dh, auth: subscription.auth },
        },
        JSON.stringify(payload),
        {
          vapidDetails: vapid,
          contentEncoding: 'aes128gcm',
          // A status change is news for a few days; after that the report page says more.
          TTL: 3 * 24 * 3600,
          urgency: 'normal',
          // A newer message about the same report replaces one the browser has not fetched yet.
          topic: payload.code.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
        },
      );
      // Typed as strings, but web-push gives TTL and Content-Length as numbers.
      const given: Record<string, string | number> = request.headers;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(given))
        // fetch sets the length itself from the body.
        if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
      const response = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: new Uint8Array(request.body),
        // A push service answers; it does not send us elsewhere (a redirect would be a way around the host check).
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      });
      const text = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
      if (response.status === 404 || response.status === 410) {
        await db
          .updateTable('push_subscriptions')
          .set({ gone_at: new Date() })
          .where('id', '=', subscriptionId)
          .where('gone_at', 'is', null)
          .execute();
        return;
      }
      if (response.status < 200 || response.status >= 300) throw new PushDeliveryError(response.status, text);
    },
  };
}
