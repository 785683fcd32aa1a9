// The gateway's one exception filter: typed errors become their status and a body with a stable
// code; anything unknown becomes a 500 that names the request id and nothing internal.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ChatService, type ChatEndpoint } from '@app/chat';
import type { Request, Response } from 'express';
import { codeForStatus, statusForCode } from './error-status';
import { ErrorDescription, isOpenAiCompatiblePath, nativeErrorBody, openAiErrorBody } from './error-body';
import { HttpRequestError } from './http-error';
import { correlationIdOf, requestIdOf } from './request-id';

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
      return { status, code, message: exception.message, requestId, violations: [] };
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

const CHAT_ENDPOINTS: Readonly<Record<string, ChatEndpoint>> = {
  '/v1/chat': 'native',
  '/v1/chat/completions': 'openai',
};

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  constructor(private readonly chat: ChatService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const health = exception instanceof HttpException ? exception.getResponse() : undefined;
    if (typeof health === 'object' && health !== null && 'details' in health && 'status' in health) {
      // Terminus's readiness report is the answer itself: keep every dependency's state.
      res.status((exception as HttpException).getStatus()).json(health);
      return;
    }
    const description = describe(exception, requestIdOf(req));
    if (description.status >= 500 && description.code === 'INTERNAL_ERROR') {
      // Only the unexpected deserves a stack trace; 4xx are the client's business.
      this.logger.error({ err: exception, request_id: description.requestId }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const endpoint = req.method === 'POST' ? CHAT_ENDPOINTS[req.path] : undefined;
    if (
      endpoint !== undefined &&
      description.requestId !== undefined &&
      description.status >= 400 &&
      description.status < 500
    ) {
      // A chat request refused after it got its id still leaves its one audit event.
      await this.chat
        .recordRejection(description.requestId, endpoint, description.code, correlationIdOf(req))
        .catch((error: unknown) => {
          this.logger.error(
            { err: error, request_id: description.requestId },
            'could not audit a rejected request',
          );
        });
    }
    const body = isOpenAiCompatiblePath(req.path)
      ? openAiErrorBody(description)
      : nativeErrorBody(description);
    res.status(description.status).json(body);
  }
}
