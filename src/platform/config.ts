// Reads and validates every environment variable in one place; a bad value lists all problems and exits.
import path from 'node:path';
import { DEFAULT_OFFICE_HOURS, type OfficePeriod } from './calendar/calendar.js';

export interface OidcConfig {
  /** Issuer identifier, exactly as in the provider's tokens (a trailing slash matters). */
  issuer: string;
  clientId: string;
  /** Absent: a public client, PKCE only. */
  clientSecret: string | undefined;
  /** The callback registered at the provider. */
  redirectUrl: string;
  /** citizen: accounts created on first sign-in, after consent; officer: linked to existing officer accounts only. */
  accountKind: 'citizen' | 'officer';
  /** Space-separated; includes openid. */
  scope: string;
}

/** Where uploaded photos and videos are kept. */
export type StorageConfig =
  | {
      kind: 'local';
      /** Directory of the files (sharded subdirectories inside). */
      dir: string;
    }
  | {
      kind: 's3';
      /** Endpoint of an S3-compatible service (MinIO, a cloud provider's); undefined: AWS's own. */
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** `host/bucket/key` addresses instead of `bucket.host/key`, as most self-hosted services need. */
      forcePathStyle: boolean;
    };

/** Limits on uploaded photos and videos. */
export interface MediaConfig {
  /** Largest photo accepted, in bytes. */
  maxPhotoBytes: number;
  /** Largest video accepted, in bytes. */
  maxVideoBytes: number;
  /** Largest photo accepted, in pixels (width × height), checked before decoding. */
  maxPixels: number;
}

/** The background map of the portal's maps: a tile server's URL template and its attribution. */
export interface MapTilesConfig {
  /** `https://host/{z}/{x}/{y}.png`, with `{s}` (subdomain) and `{r}` (retina) also allowed. */
  url: string;
  /** Shown on the map as text (never HTML). */
  attribution: string;
  /** What the Content-Security-Policy's img-src must allow for the tiles: the origin, `*.` for `{s}`. */
  cspSource: string;
}

export interface Config {
  /** `production` hides internal detail and refuses demo mode defaults; `test` quiets logs. */
  nodeEnv: 'development' | 'production' | 'test';
  /** TCP port of the HTTP server. */
  port: number;
  /** Interface to listen on; `0.0.0.0` to accept connections from other machines. */
  host: string;
  /** Directory for the embedded database, uploaded files and the process lock. */
  dataDir: string;
  /** Where uploaded photos and videos are kept. */
  storage: StorageConfig;
  /** Limits on uploaded photos and videos. */
  media: MediaConfig;
  /** `postgres://…` of a PostgreSQL server; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Maximum connections in the pool to a PostgreSQL server. */
  databasePoolMax: number;
  /** How long to wait for a new connection to the server before failing. */
  databaseConnectTimeoutMs: number;
  /** Server-side statement timeout, so one stuck query cannot hold a connection forever. */
  databaseStatementTimeoutMs: number;
  /** pino level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo data set on first start and print the demo accounts' passwords. */
  demoMode: boolean;
  /** Reports generated on demo mode's first start (0: none). */
  demoReports: number;
  /** Run job workers and cron schedules in this process. */
  jobsEnabled: boolean;
  /** The system's name as users see it (per province). */
  siteName: string;
  /** Short name used in the header on small screens. */
  siteShortName: string;
  /** The province that runs this deployment. */
  provinceName: string;
  /** Trust `X-Forwarded-*` from a reverse proxy. */
  trustProxy: boolean;
  /** Grace period for in-flight requests and jobs on SIGTERM before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** The province's office hours on a working day, in order; deadlines in working hours count only these. */
  officeHours: OfficePeriod[];
  /** `smtp://` or `smtps://` URL of the mail server; unset: the development provider keeps mail at /dev/mail. */
  smtpUrl: string | undefined;
  /** Sender of the system's e-mail. */
  mailFrom: string;
  /** The address people use to reach this deployment, for links in e-mail. */
  publicUrl: string;
  /** Single sign-on with OpenID Connect (VNeID or the province's own provider); undefined: off. */
  oidc: OidcConfig | undefined;
  /** Open reports of the same category within this distance are offered as possible duplicates. */
  duplicateRadiusMetres: number;
  /** Days after publication without a rating before the system closes a report (0: never). */
  autoCloseDays: number;
  /** Reports one client address may send per hour, per process (0: no limit). */
  reportsPerHour: number;
  /** Photo and video uploads one client address may make per hour, per process (0: no limit). */
  uploadsPerHour: number;
  /** Web Push keys from VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY; undefined: generated into DATA_DIR outside production, off in production. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  /** mailto: or https: contact sent to push services with every message. */
  vapidSubject: string;
  /** Background tiles of the maps; null: MAP_TILE_URL=off (the maps show outlines and reports only). */
  mapTiles: MapTilesConfig | null;
}

/** Every variable the app reads, with its default and meaning; the README table mirrors this list. */
export const CONFIG_VARIABLES = [
  ['NODE_ENV', 'development', 'development | production | test'],
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '127.0.0.1', 'interface to listen on (0.0.0.0 for all)'],
  ['DATA_DIR', './data', 'embedded database, files and the process lock'],
  ['DATABASE_URL', '(unset: embedded PGlite)', 'postgres://user:pass@host:5432/db of a PostgreSQL server'],
  ['DATABASE_POOL_MAX', '10', 'connections in the pool (server only)'],
  ['DATABASE_CONNECT_TIMEOUT_MS', '5000', 'connection timeout (server only)'],
  ['DATABASE_STATEMENT_TIMEOUT_MS', '30000', 'statement timeout (server only)'],
  ['STORAGE', 'local', 'where uploaded photos and videos are kept: local (a directory) | s3 (a bucket)'],
  ['STORAGE_DIR', 'DATA_DIR/media', 'directory of uploaded files (STORAGE=local)'],
  [
    'S3_ENDPOINT',
    "(unset: AWS's endpoint for S3_REGION)",
    'https://host:port of an S3-compatible service (MinIO, a cloud provider)',
  ],
  ['S3_REGION', 'us-east-1', 'region of the bucket'],
  ['S3_BUCKET', '(required with STORAGE=s3)', 'bucket of uploaded files'],
  ['S3_ACCESS_KEY_ID', '(required with STORAGE=s3)', 'access key id'],
  ['S3_SECRET_ACCESS_KEY', '(required with STORAGE=s3)', 'secret access key'],
  [
    'S3_FORCE_PATH_STYLE',
    'true',
    'path-style addresses (host/bucket/key), as MinIO and most self-hosted services need',
  ],
  ['MEDIA_MAX_PHOTO_BYTES', '15728640 (15 MB)', 'largest photo accepted, in bytes'],
  ['MEDIA_MAX_VIDEO_BYTES', '31457280 (30 MB)', 'largest video accepted, in bytes'],
  [
    'MEDIA_MAX_PIXELS',
    '50000000',
    'largest photo accepted, in pixels (width × height), checked before decoding',
  ],
  ['LOG_LEVEL', 'info', 'fatal | error | warn | info | debug | trace | silent'],
  [
    'DEMO_MODE',
    'true without DATABASE_URL, else false',
    'load demo data on first start, print demo passwords',
  ],
  ['DEMO_REPORTS', '300', "generated reports loaded on demo mode's first start (0: none)"],
  ['JOBS_ENABLED', 'true', 'run job workers and schedules in this process'],
  ['SITE_NAME', 'Hệ thống thông tin phản ánh hiện trường', 'system name shown to users'],
  ['SITE_SHORT_NAME', 'PAKN', 'short name for small screens'],
  ['PROVINCE_NAME', 'Bắc Giang', 'province running this deployment'],
  ['TRUST_PROXY', 'false', 'trust X-Forwarded-* headers from a reverse proxy'],
  ['SHUTDOWN_TIMEOUT_MS', '10000', 'grace period on SIGTERM'],
  [
    'SMTP_URL',
    '(unset: development mail provider, /dev/mail)',
    'smtp(s)://user:pass@host:port of the mail server',
  ],
  ['MAIL_FROM', 'PAKN <no-reply@localhost>', 'sender of e-mail'],
  ['PUBLIC_URL', 'http://HOST:PORT', 'address of this deployment, used in links sent by e-mail'],
  [
    'OIDC_ISSUER',
    '(unset: single sign-on off)',
    "issuer URL of the OpenID Connect provider (VNeID or the province's SSO); https, or http on 127.0.0.1/localhost",
  ],
  ['OIDC_CLIENT_ID', '(required with OIDC_ISSUER)', 'client id registered at the provider'],
  ['OIDC_CLIENT_SECRET', '(unset: public client, PKCE only)', 'client secret (sent with HTTP Basic)'],
  ['OIDC_REDIRECT_URL', 'PUBLIC_URL/api/v1/auth/oidc/callback', 'callback URL registered at the provider'],
  [
    'OIDC_ACCOUNT_KIND',
    'citizen',
    'citizen (account created on first sign-in, after consent) | officer (linked to existing officer accounts only)',
  ],
  ['OIDC_SCOPES', 'openid profile email phone', 'scopes requested from the provider'],
  ['OFFICE_HOURS', '07:30-11:30,13:30-17:00', "the province's office hours on working days (Mon–Fri)"],
  [
    'DUPLICATE_RADIUS_M',
    '150',
    'open reports of the same category this close (metres) are offered as duplicates',
  ],
  [
    'AUTO_CLOSE_DAYS',
    '7',
    "days after an answer is published without the reporter's rating before the report closes by itself (0: never)",
  ],
  ['REPORTS_PER_HOUR', '120', 'reports one client address may send per hour, per process (0: no limit)'],
  [
    'UPLOADS_PER_HOUR',
    '600',
    'photo and video uploads one client address may make per hour, per process (0: no limit)',
  ],
  [
    'VAPID_PUBLIC_KEY',
    '(unset: generated once into DATA_DIR/vapid.json; production: Web Push off)',
    'Web Push public key (base64url, 87 characters); with VAPID_PRIVATE_KEY. Generate both with npx web-push generate-vapid-keys',
  ],
  [
    'VAPID_PRIVATE_KEY',
    '(required with VAPID_PUBLIC_KEY)',
    'Web Push private key (base64url, 43 characters)',
  ],
  [
    'VAPID_SUBJECT',
    'mailto:no-reply@localhost (required in production with the keys)',
    'mailto: or https: contact push services may use to reach the operator',
  ],
  [
    'MAP_TILE_URL',
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    "the maps' background tiles: an https:// URL template with {z}, {x}, {y} (and optionally {s}, {r}); off: no background",
  ],
  [
    'MAP_TILE_ATTRIBUTION',
    '© OpenStreetMap',
    "the tile provider's attribution, shown on the maps (plain text)",
  ],
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** `HH:MM-HH:MM` → the period and its minutes of the day, or null when it is not a valid period. */
function parsePeriod(text: string): { start: string; end: string; from: number; to: number } | null {
  const m = /^\s*(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [, h1 = '', m1 = '', h2 = '', m2 = ''] = m;
  const from = Number(h1) * 60 + Number(m1);
  const to = Number(h2) * 60 + Number(m2);
  if (Number(m1) > 59 || Number(m2) > 59 || from >= to || to > 24 * 60) return null;
  return { start: `${h1}:${m1}`, end: `${h2}:${m2}`, from, to };
}

export const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * Checks a tile URL template and gives the img-src source the CSP needs for it, or says what is wrong. Only
 * the placeholders Leaflet fills are allowed; `{s}` only as the host's first label (it becomes `*.` in the
 * CSP, which allows that one level and nothing wider). https only, except a tile server on this machine.
 */
export function parseTileUrl(template: string): { cspSource: string } | string {
  if (template.length > 500) return 'must be at most 500 characters';
  const placeholders = template.match(/\{[^}]*\}/g) ?? [];
  const unknown = placeholders.filter((p) => !['{z}', '{x}', '{y}', '{s}', '{r}'].includes(p));
  if (unknown.length > 0)
    return `has unknown placeholders ${unknown.join(', ')} (allowed: {z} {x} {y} {s} {r})`;
  if (!['{z}', '{x}', '{y}'].every((p) => template.includes(p))) return 'must contain {z}, {x} and {y}';
  let url: URL;
  try {
    url = new URL(template.replace(/\{[zxyr]\}/g, '0').replace(/\{s\}/g, 'a'));
  } catch {
    return 'is not a URL';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)))
    return 'must be an https:// address (http:// only on 127.0.0.1 or localhost), or off';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  const hostPart = /^https?:\/\/([^/?#]+)/.exec(template)?.[1] ?? '';
  if (hostPart.replace(/^\{s\}\./, '').includes('{'))
    return 'may use only {s}, as the first part of the host name ({s}.tile.example.org), in the host';
  const host = hostPart.startsWith('{s}.') ? `*.${url.host.slice(2)}` : url.host;
  return { cspSource: `${url.protocol}//${host}` };
}

/** Parses `env` into a Config or throws a ConfigError that lists every problem found. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = read(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name}=${JSON.stringify(value)} must be one of: ${allowed.join(', ')}`);
    return fallback;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(value)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const value = read(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    problems.push(`${name}=${JSON.stringify(value)} must be true or false`);
    return fallback;
  };
  const text = (name: string, fallback: string, maxLength = 200): string => {
    const value = read(name);
    if (value === undefined) return fallback;
    if (value.length > maxLength) problems.push(`${name} must be at most ${maxLength} characters`);
    return value.normalize('NFC');
  };

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok: boolean;
    try {
      ok = ['postgres:', 'postgresql:'].includes(new URL(databaseUrl).protocol);
    } catch {
      ok = false;
    }
    // The value may hold a password: name the variable, never echo it.
    if (!ok) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const officeHours = (): OfficePeriod[] => {
    const value = read('OFFICE_HOURS');
    if (value === undefined) return DEFAULT_OFFICE_HOURS.map((p) => ({ ...p }));
    const periods = value.split(',').map(parsePeriod);
    const inOrder = periods.every((p, i) => {
      const before = i === 0 ? null : periods[i - 1];
      return p !== null && (before === null || (before !== undefined && before.to <= p.from));
    });
    if (!inOrder) {
      problems.push(
        `OFFICE_HOURS=${JSON.stringify(value)} must be periods like 07:30-11:30,13:30-17:00, in order, not overlapping`,
      );
      return DEFAULT_OFFICE_HOURS.map((p) => ({ ...p }));
    }
    return periods.flatMap((p) => (p ? [{ start: p.start, end: p.end }] : []));
  };

  const smtpUrl = read('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const publicUrl = read('PUBLIC_URL');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl))
    problems.push(`PUBLIC_URL=${JSON.stringify(publicUrl)} must be an http:// or https:// address`);

  const oidcIssuer = read('OIDC_ISSUER');
  let oidc: OidcConfig | undefined;
  if (oidcIssuer !== undefined) {
    let issuerUrl: URL | null;
    try {
      issuerUrl = new URL(oidcIssuer);
    } catch {
      issuerUrl = null;
    }
    const loopback = issuerUrl !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(issuerUrl.hostname);
    if (
      issuerUrl === null ||
      !(issuerUrl.protocol === 'https:' || (issuerUrl.protocol === 'http:' && loopback))
    ) {
      problems.push(
        `OIDC_ISSUER=${JSON.stringify(oidcIssuer)} must be an https:// URL (http:// only on 127.0.0.1 or localhost)`,
      );
    }
    const clientId = read('OIDC_CLIENT_ID');
    if (clientId === undefined) problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
    const redirectUrl = read('OIDC_REDIRECT_URL');
    if (redirectUrl !== undefined && !/^https?:\/\/[^\s/]+\/[^\s#]*$/.test(redirectUrl)) {
      problems.push(
        `OIDC_REDIRECT_URL=${JSON.stringify(redirectUrl)} must be an http:// or https:// address`,
      );
    }
    const scope = read('OIDC_SCOPES') ?? 'openid profile email phone';
    if (!scope.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES must include openid');
    oidc = {
      issuer: oidcIssuer,
      clientId: clientId ?? '',
      // A secret: never echoed in a problem.
      clientSecret: read('OIDC_CLIENT_SECRET'),
      redirectUrl: redirectUrl ?? '',
      accountKind: oneOf('OIDC_ACCOUNT_KIND', ['citizen', 'officer'], 'citizen'),
      scope,
    };
  }

  // Uploaded files. The S3 settings are read whatever STORAGE says, so every variable is checked.
  const storageKind = oneOf('STORAGE', ['local', 's3'], 'local');
  const storageDir = read('STORAGE_DIR');
  const s3Endpoint = read('S3_ENDPOINT');
  const s3Region = read('S3_REGION') ?? 'us-east-1';
  const s3Bucket = read('S3_BUCKET');
  const s3AccessKeyId = read('S3_ACCESS_KEY_ID');
  const s3SecretAccessKey = read('S3_SECRET_ACCESS_KEY');
  const s3ForcePathStyle = bool('S3_FORCE_PATH_STYLE', true);
  let storage: StorageConfig = {
    kind: 'local',
    dir: path.resolve(storageDir ?? path.join(read('DATA_DIR') ?? './data', 'media')),
  };
  if (storageKind === 's3') {
    // The endpoint may carry credentials in its user part: named, never echoed.
    if (s3Endpoint !== undefined && !/^https?:\/\/[^\s/]+\/?$/.test(s3Endpoint))
      problems.push('S3_ENDPOINT must be an http:// or https:// address with no path');
    if (!/^[a-z0-9-]+$/.test(s3Region))
      problems.push(`S3_REGION=${JSON.stringify(s3Region)} is not a region name`);
    if (s3Bucket === undefined) problems.push('S3_BUCKET is required when STORAGE=s3');
    else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3Bucket))
      problems.push(
        `S3_BUCKET=${JSON.stringify(s3Bucket)} is not a bucket name (3–63 of a-z, 0-9, dot, hyphen)`,
      );
    if (s3AccessKeyId === undefined) problems.push('S3_ACCESS_KEY_ID is required when STORAGE=s3');
    if (s3SecretAccessKey === undefined) problems.push('S3_SECRET_ACCESS_KEY is required when STORAGE=s3');
    storage = {
      kind: 's3',
      endpoint: s3Endpoint?.replace(/\/$/, ''),
      region: s3Region,
      bucket: s3Bucket ?? '',
      accessKeyId: s3AccessKeyId ?? '',
      secretAccessKey: s3SecretAccessKey ?? '',
      forcePathStyle: s3ForcePathStyle,
    };
  }
  const media: MediaConfig = {
    maxPhotoBytes: integer('MEDIA_MAX_PHOTO_BYTES', 15 * 1024 * 1024, 100_000, 200 * 1024 * 1024),
    maxVideoBytes: integer('MEDIA_MAX_VIDEO_BYTES', 30 * 1024 * 1024, 100_000, 1024 * 1024 * 1024),
    // sharp's own ceiling is 16383 × 16383.
    maxPixels: integer('MEDIA_MAX_PIXELS', 50_000_000, 1_000_000, 16383 * 16383),
  };

  const vapidPublicKey = read('VAPID_PUBLIC_KEY');
  const vapidPrivateKey = read('VAPID_PRIVATE_KEY');
  const vapidSubject = read('VAPID_SUBJECT');
  if ((vapidPublicKey === undefined) !== (vapidPrivateKey === undefined))
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both or neither');
  if (vapidPublicKey !== undefined && !/^B[A-Za-z0-9_-]{86}$/.test(vapidPublicKey))
    problems.push(
      'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key in base64url (87 characters starting with B)',
    );
  // A secret: named, never echoed.
  if (vapidPrivateKey !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(vapidPrivateKey))
    problems.push('VAPID_PRIVATE_KEY must be a P-256 private key in base64url (43 characters)');
  if (
    vapidSubject !== undefined &&
    !/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+(\/\S*)?)$/.test(vapidSubject)
  )
    problems.push(`VAPID_SUBJECT=${JSON.stringify(vapidSubject)} must be a mailto: or https:// address`);

  const mapTiles = ((): MapTilesConfig | null => {
    const url = read('MAP_TILE_URL') ?? DEFAULT_MAP_TILE_URL;
    const attribution = text('MAP_TILE_ATTRIBUTION', '© OpenStreetMap', 300);
    if (url.toLowerCase() === 'off') return null;
    const parsed = parseTileUrl(url);
    if (typeof parsed === 'string') {
      // The template is public (every browser gets it), but one with a user part is not echoed.
      problems.push(`MAP_TILE_URL${url.includes('@') ? '' : `=${JSON.stringify(url)}`} ${parsed}`);
      return null;
    }
    return { url, attribution, cspSource: parsed.cspSource };
  })();

  const host = read('HOST') ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) problems.push(`HOST=${JSON.stringify(host)} is not a host name or address`);

  const config: Config = {
    nodeEnv: oneOf('NODE_ENV', ['development', 'production', 'test'], 'development'),
    port: integer('PORT', 3000, 0, 65535),
    host,
    dataDir: path.resolve(read('DATA_DIR') ?? './data'),
    databaseUrl,
    databasePoolMax: integer('DATABASE_POOL_MAX', 10, 1, 500),
    databaseConnectTimeoutMs: integer('DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    databaseStatementTimeoutMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    storage,
    media,
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    demoMode: bool('DEMO_MODE', databaseUrl === undefined),
    demoReports: integer('DEMO_REPORTS', 300, 0, 100_000),
    jobsEnabled: bool('JOBS_ENABLED', true),
    siteName: text('SITE_NAME', 'Hệ thống thông tin phản ánh hiện trường'),
    siteShortName: text('SITE_SHORT_NAME', 'PAKN', 40),
    provinceName: text('PROVINCE_NAME', 'Bắc Giang', 100),
    duplicateRadiusMetres: integer('DUPLICATE_RADIUS_M', 150, 10, 5000),
    autoCloseDays: integer('AUTO_CLOSE_DAYS', 7, 0, 365),
    reportsPerHour: integer('REPORTS_PER_HOUR', 120, 0, 1_000_000),
    uploadsPerHour: integer('UPLOADS_PER_HOUR', 600, 0, 1_000_000),
    vapidKeys:
      vapidPublicKey !== undefined && vapidPrivateKey !== undefined
        ? { publicKey: vapidPublicKey, privateKey: vapidPrivateKey }
        : undefined,
    vapidSubject: vapidSubject ?? 'mailto:no-reply@localhost',
    mapTiles,
    trustProxy: bool('TRUST_PROXY', false),
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    officeHours: officeHours(),
    smtpUrl,
    mailFrom: text('MAIL_FROM', 'PAKN <no-reply@localhost>'),
    publicUrl: '',
    oidc,
  };
  config.publicUrl = (
    publicUrl ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${config.port}`
  ).replace(/\/$/, '');
  if (config.oidc && config.oidc.redirectUrl === '')
    config.oidc.redirectUrl = `${config.publicUrl}/api/v1/auth/oidc/callback`;
  if (config.nodeEnv === 'production' && config.vapidKeys && vapidSubject === undefined)
    problems.push('VAPID_SUBJECT is required in production when VAPID keys are set');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
