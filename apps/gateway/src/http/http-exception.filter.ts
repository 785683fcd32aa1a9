// The gateway's one exception filter: typed errors become their status and a body with a stable
// code; anything unknown becomes a 500 that names the request id and nothing internal.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChatRejectionAudit } from '../chat/chat-rejection-audit';
import { codeForStatus, statusForCode } from './error-status';
import { ErrorDescription, isOpenAiCompatiblePath, nativeErrorBody, openAiErrorBody } from './error-body';
import { type FieldViolation, HttpRequestError } from './http-error';
import { requestIdOf } from './request-id';
import { ConnectionDrain } from './connection-drain';

function describe(exception: unknown, requestId: string | undefined): ErrorDescription {
  if (exception instanceof HttpRequestError) {
    return {
      status: statusForCode(exception.code) ?? 400,
      code: exception.code,
      message: exception.message,
      requestId,
      violations: exception.violations,
    };
  }
  const code = (exception as { code?: unknown } | null)?.code;
  if (exception instanceof Error && typeof code === 'string') {
    const status = statusForCode(code);
    if (status !== undefined) {
      // A lib's typed refusal may name the fields it refused (ChatUnsupportedError does).
      const violations = (exception as { violations?: unknown }).violations;
      return {
        status,
        code,
        message: exception.message,
        requestId,
        violations: Array.isArray(violations) ? (violations as FieldViolation[]) : [],
      };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const message = status === 404 ? 'no such route' : status >= 500 ? 'internal error' : exception.message;
    return { status, code: codeForStatus(status), message, requestId, violations: [] };
  }
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    message: `internal error (request ${requestId ?? 'unknown'})`,
    requestId,
    violations: [],
  };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  constructor(
    private readonly rejections: ChatRejectionAudit,
    private readonly drain: ConnectionDrain,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const description = describe(exception, requestIdOf(req));
    if (description.status >= 500 && description.code === 'INTERNAL_ERROR') {
      // Only the unexpected deserves a stack trace; 4xx are the client's business.
      this.logger.error({ err: exception, request_id: description.requestId }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // Counted like a handler: a drain waits for this row before the audit's last flush.
    const finished = this.drain.handlerStarted();
    try {
      await this.rejections.refused(req, res, description.status, description.code);
    } finally {
      finished();
    }
    const body = isOpenAiCompatiblePath(req.path)
      ? openAiErrorBody(description)
      : nativeErrorBody(description);
    res.status(description.status).json(body);
  }
}
