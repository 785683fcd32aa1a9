// nestjs-pino settings: JSON lines with request_id, no per-request lines for probes, secrets
// masked, pretty output only on a developer's terminal.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';
import { assignRequestId } from '../http/request-id';
import { isLoggedByOrchestration } from './orchestration-line';
import { redactSecrets } from './redact';

const QUIET_PATHS = new Set(['/v1/health', '/v1/health/ready', '/v1/metrics']);

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function buildLoggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => assignRequestId(req, res),
      // request_id rides on the per-request child logger, so every line of a request carries it.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'request_id' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(pathOf(req)) },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
        // One line per request: a chat answered or failed upstream was already logged by the orchestration.
        if (error === undefined && isLoggedByOrchestration(res)) return 'silent';
        // An upstream's failure (502/504) or a fail-closed 503 is reported, not the gateway's own error.
        if (error !== undefined || res.statusCode === 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return 'info';
      },
      // pino-http invents an Error with a stack for every 5xx; the exception filter already logs real ones.
      customErrorObject: (
        _req: IncomingMessage,
        _res: ServerResponse,
        _error: Error,
        value: Record<string, unknown>,
      ) => {
        const { err: _synthetic, ...rest } = value;
        return rest;
      },
      // The request line keeps what an operator needs and no header values at all.
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
