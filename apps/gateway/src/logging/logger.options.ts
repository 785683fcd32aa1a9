// nestjs-pino settings: JSON lines, secrets masked, pretty output only on a developer's terminal.
// pino-http's middleware is mounted on no route: the access line is our own
// (access-log.middleware.ts), written through the root logger these options build, and a line
// logged during a request names its request_id itself instead of inheriting it from a
// per-request child logger found through AsyncLocalStorage.
import type { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';
import { redactSecrets } from './redact';

export function buildLoggerOptions(config: AppConfig): Params {
  return {
    // No route: nestjs-pino still builds the root logger (PinoLogger.root) from pinoHttp below.
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      // The access line keeps what an operator needs and no header values at all. pino-http
      // wraps these around its standard serializers, which the access line relies on.
      serializers: {
        req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({
          method: req.method,
          url: req.url,
          remote_address: req.remoteAddress,
        }),
        res: (res: { statusCode?: number | null; raw?: { statusCode?: number } }) => ({
          status_code: res.statusCode ?? res.raw?.statusCode ?? null,
        }),
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
        ],
        censor: '[Redacted]',
      },
      formatters: {
        log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
      },
      transport: config.prettyLogs
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
    },
  };
}
