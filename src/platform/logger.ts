// pino JSON logs. Personal data (names, phones, e-mails, Zalo ids, passwords, tokens) never reaches a log line.
import pino, { type Logger, type LoggerOptions } from 'pino';

/** Field names whose values are replaced, wherever they appear in a logged object. */
const SENSITIVE_KEYS = [
  'password',
  'passwordHash',
  'password_hash',
  'token',
  'authorization',
  'cookie',
  'phone',
  'email',
  'name',
  'displayName',
  'display_name',
  'reporterName',
  'zaloId',
  'zalo_id',
  'address',
];

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  const paths = SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return {
    level,
    base: { service: 'pakn' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...paths, 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    serializers: {
      err: pino.stdSerializers.err,
      // Only method and path: query strings and headers may carry personal data; the client IP is personal data too.
      req: (req: { method?: string; url?: string; id?: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url?.split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export function createLogger(level: LoggerOptions['level']): Logger {
  return pino(loggerOptions(level));
}
