// A real Web Push service on 127.0.0.1 for tests, and the browser's side of a subscription. The service
// speaks RFC 8030 as far as an application server sees it: POST to the subscription's endpoint with a VAPID
// `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292, the ES256 signature checked against k, the audience
// against the service's origin), `Content-Encoding: aes128gcm` and a `TTL`; 201 Created, or the status the
// test asks for (410 Gone: the browser dropped the subscription). The browser decrypts with its own ECDH key
// and auth secret (RFC 8291 over RFC 8188), written here from the RFCs, independently of web-push's code.
import crypto from 'node:crypto';
import http from 'node:http';

export interface ReceivedPush {
  /** The subscription's id: the last segment of its endpoint. */
  id: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The VAPID JWT's claims, as checked. */
  claims: { aud: string; exp: number; sub: string };
  /** The VAPID public key (k). */
  vapidKey: string;
  body: Buffer;
}

export interface PushService {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Every accepted request (well-formed and correctly signed), in order, whatever status it was answered. */
  received: ReceivedPush[];
  /** Requests refused as malformed or badly signed, with the reason: a test expects none. */
  refused: string[];
  /** Answer this status to a subscription id instead of 201. */
  answer: Map<string, number>;
  endpointFor(id: string): string;
  close(): Promise<void>;
}

function verifyVapid(
  authorization: string | undefined,
  origin: string,
): { claims: ReceivedPush['claims']; key: string } | string {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(
    authorization ?? '',
  );
  if (!m) return 'no vapid authorization';
  const [, token = '', key = ''] = m;
  const [head = '', payload = '', signature = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string; typ?: string };
  if (header.alg !== 'ES256') return `alg ${header.alg}`;
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return 'k is not an uncompressed P-256 key';
  const publicKey = crypto.createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = crypto.verify(
    'sha256',
    Buffer.from(`${head}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return 'bad signature';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ReceivedPush['claims'];
  const now = Date.now() / 1000;
  if (claims.aud !== origin) return `audience ${claims.aud}`;
  // RFC 8292: at most 24 hours ahead.
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600 + 60)) return 'expiry';
  if (!/^(mailto:|https:)/.test(claims.sub)) return 'subject';
  return { claims, key };
}

export async function startPushService(): Promise<PushService> {
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  const answer = new Map<string, number>();
  let origin = '';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(request.url ?? '')?.[1];
      const refuse = (status: number, reason: string) => {
        refused.push(reason);
        response.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
      };
      if (request.method !== 'POST' || id === undefined) {
        refuse(404, 'no such subscription');
        return;
      }
      const vapid = verifyVapid(request.headers.authorization, origin);
      const problem =
        typeof vapid === 'string'
          ? vapid
          : request.headers['content-encoding'] !== 'aes128gcm'
            ? 'content encoding'
            : !/^\d+$/.test(String(request.headers.ttl ?? ''))
              ? 'TTL'
              : null;
      if (typeof vapid === 'string' || problem !== null) {
        refuse(typeof vapid === 'string' ? 403 : 400, problem ?? '');
        return;
      }
      const status = answer.get(id) ?? 201;
      received.push({
        id,
        status,
        headers: request.headers,
        claims: vapid.claims,
        vapidKey: vapid.key,
        body: Buffer.concat(chunks),
      });
      response
        .writeHead(status, status === 201 ? { location: `${origin}/message/${received.length}` } : {})
        .end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    received,
    refused,
    answer,
    endpointFor: (id) => `${origin}/push/${id}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

/** A browser's subscription: its key pair and auth secret, the JSON it sends, and how it decrypts. */
export interface Browser {
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  /** Decrypts one aes128gcm message body (one record) to text; throws when it was not for this browser. */
  decrypt(body: Buffer): string;
}

export function newBrowser(endpoint: string): Browser {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  const uaPublic = ecdh.getPublicKey();
  const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) =>
    Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info, length));
  return {
    subscription: {
      endpoint,
      expirationTime: null,
      keys: { p256dh: uaPublic.toString('base64url'), auth: auth.toString('base64url') },
    },
    decrypt(body) {
      // RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id = the server's ECDH key.
      const salt = body.subarray(0, 16);
      const recordSize = body.readUInt32BE(16);
      const idLength = body[20] ?? 0;
      const asPublic = body.subarray(21, 21 + idLength);
      const record = body.subarray(21 + idLength);
      if (record.length > recordSize) throw new Error('more than one record');
      // RFC 8291 §3.3–3.4.
      const ecdhSecret = ecdh.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
      const ikm = hkdf(ecdhSecret, auth, keyInfo, 32);
      const cek = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
      const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);
      const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([
        decipher.update(record.subarray(0, record.length - 16)),
        decipher.final(),
      ]);
      // The last record: the content, the delimiter 0x02, then zero or more zero bytes of padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end -= 1;
      if (padded[end] !== 2) throw new Error('no last-record delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}
