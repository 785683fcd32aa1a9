// Parses JSON bodies with a size limit and a nesting bound, and turns every parser failure into a
// typed 4xx error, so malformed, oversized, too deep or non-JSON bodies never reach a handler and
// never become a 500.
import { Injectable, NestMiddleware } from '@nestjs/common';
import { AppConfig } from '@app/config';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HttpRequestError } from './http-error';
import { exceedsJsonDepth } from './json-depth';
import { MAX_JSON_DEPTH } from './request-limits';

const TOO_DEEP = 'json.too.deep';

/** Runs on the raw bytes before JSON.parse, so nothing deeper than the bound is ever built. */
function refuseDeepNesting(_req: Request, _res: Response, body: Buffer): void {
  if (exceedsJsonDepth(body, MAX_JSON_DEPTH)) throw Object.assign(new Error(TOO_DEEP), { type: TOO_DEEP });
}

interface BodyParserFailure {
  readonly type?: unknown;
  readonly status?: unknown;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function toRequestError(error: unknown, limit: number): HttpRequestError {
  const type = (error as BodyParserFailure).type;
  switch (type) {
    case 'entity.too.large':
      return new HttpRequestError('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${limit} bytes`);
    case TOO_DEEP:
      return new HttpRequestError('JSON_TOO_DEEP', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    case 'request.aborted':
      // The client went away mid-body: nothing was wrong with what it sent so far.
      return new HttpRequestError(
        'REQUEST_ABORTED',
        'the client closed the connection before its body was complete',
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpRequestError('UNSUPPORTED_CHARSET', 'request body must be UTF-8 JSON');
    default:
      return new HttpRequestError('MALFORMED_JSON', 'request body is not valid JSON');
  }
}

@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.server.bodyLimitBytes;
    this.parse = express.json({ limit: this.limit, strict: false, verify: refuseDeepNesting });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!hasBody(req)) {
      next();
      return;
    }
    if (!req.is('application/json') && !req.is('application/*+json')) {
      next(new HttpRequestError('UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json'));
      return;
    }
    void this.parse(req, res, (error?: unknown) => {
      next(error === undefined || error === null ? undefined : toRequestError(error, this.limit));
    });
  }
}
