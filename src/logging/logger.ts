import { pino, type Logger } from 'pino';
import type { AppConfig } from '#src/config/app-config.js';
import { REDACTED, SECRET_HEADERS } from './redact-request.js';

/** Paths pino blanks out wherever they appear, so a secret that reaches a log line stays hidden. */
export const REDACTED_PATHS = [
  ...SECRET_HEADERS.map((name) => `req.headers["${name}"]`),
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiToken',
  '*.privateKey',
  '*.smtpUrl',
  '*.databaseUrl',
];

export function createRootLogger(config: Pick<AppConfig, 'log'>, destination?: NodeJS.WritableStream): Logger {
  const pretty = config.log.format === 'pretty' || (config.log.format === 'auto' && process.stdout.isTTY && !destination);
  const options = {
    level: config.log.level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } });
  return destination ? pino(options, destination) : pino(options);
}

/** Hides the password in a connection URL before it is logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
