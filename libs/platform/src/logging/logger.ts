import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/config.js';

/**
 * Human-readable logs (pino-pretty) on a terminal outside production; one JSON object
 * per line otherwise (a log shipper, a pipe, a container, production). `LOG_FORMAT`
 * forces either.
 */
export function usesPrettyLogs(config: Pick<AppConfig, 'NODE_ENV' | 'LOG_FORMAT'>, isTTY = process.stdout.isTTY === true): boolean {
  if (config.LOG_FORMAT !== 'auto') return config.LOG_FORMAT === 'pretty';
  return isTTY && config.NODE_ENV !== 'production';
}

/** The process's root logger; the HTTP logger (nestjs-pino) and the start-up lines share it. */
export function createLogger(
  config: Pick<AppConfig, 'NODE_ENV' | 'LOG_FORMAT' | 'LOG_LEVEL'>,
  options: { isTTY?: boolean; destination?: DestinationStream } = {},
): Logger {
  const base = { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] };
  if (usesPrettyLogs(config, options.isTTY)) {
    const stream = pretty({ colorize: options.destination ? false : true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true, sync: true, destination: options.destination ?? 1 });
    return pino(base, stream);
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** Where things are and what to run next, logged first by `npm start`. */
export function startupLines(config: AppConfig, where: { url: string; dataDir: string | null }): string[] {
  const lines: string[] = [];
  if (where.dataDir) {
    lines.push(`data: embedded PostgreSQL 17 on 127.0.0.1:${config.EMBEDDED_PG_PORT}, files in ${where.dataDir} (set DATABASE_URL to use another server)`);
  } else {
    const u = new URL(config.DATABASE_URL!);
    lines.push(`data: PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`);
  }
  lines.push(`docs: ${where.url}/docs (OpenAPI JSON at ${where.url}/docs-json, AsyncAPI at ${where.url}/asyncapi.json)`);
  if (config.jwtSecret && config.NODE_ENV !== 'production') {
    lines.push(`token: npm run cli -- token --sub hr-1 --role hr --units '*'   (then: curl -H "Authorization: Bearer <token>" ${where.url}/api/v1/units)`);
    lines.push(`seed: npm run cli -- seed-demo --staff 2000   (a demo province with a year of records; prints tokens and curl lines)`);
  } else {
    lines.push('token: from the identity provider (JWT_JWKS_URL); the CLI mints development tokens only');
  }
  return lines;
}
