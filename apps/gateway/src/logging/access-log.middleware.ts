// The access line: one JSON line per request that the orchestration's line does not describe,
// written through the root pino logger. It replaces pino-http's middleware, which built two child
// loggers per request (serializing the request even when the line was skipped) and ran every
// request inside an AsyncLocalStorage context that then taxed every promise of the process.
// Its fields and their order are pino-http's, so log consumers see the same line.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Logger as PinoRootLogger } from 'pino';
import { PinoLogger } from 'nestjs-pino';
import { assignRequestId } from '../http/request-id';
import { accessLevel, isQuietPath } from './access-level';

/** What pino-http writes, in the same order: request id, request, response, time, message. */
function writeAccessLine(
  root: PinoRootLogger,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  startedAt: number,
  error: Error | undefined,
): void {
  const level = accessLevel(res, error);
  if (level === 'silent') return;
  const failed = error !== undefined || res.statusCode >= 500;
  // As pino-http: a client that went away before its answer was complete is not "completed".
  const aborted = req.readableAborted || !res.writableEnded;
  // The root logger's serializers (pino-http's, wrapped around ours) reduce req and res as before.
  root[level](
    { request_id: requestId, req, res, responseTime: Date.now() - startedAt },
    failed ? 'request errored' : aborted ? 'request aborted' : 'request completed',
  );
}

@Injectable()
export class AccessLogMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const requestId = assignRequestId(req, res);
    if (!isQuietPath(req)) {
      const startedAt = Date.now();
      const done = (error?: Error) => {
        res.removeListener('close', done);
        res.removeListener('finish', done);
        res.removeListener('error', done);
        // Set by LoggerModule when the app starts, before the first request.
        writeAccessLine(PinoLogger.root, req, res, requestId, startedAt, error);
      };
      res.on('close', done);
      res.on('finish', done);
      res.on('error', done);
    }
    next();
  }
}
