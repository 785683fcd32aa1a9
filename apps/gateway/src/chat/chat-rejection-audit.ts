// A chat request refused after it got its id (bad body, wrong content type, too large…) still leaves
// its one audit row: status rejected and the refusal's code. A request the orchestration took is
// audited by it, whatever happens next, so it is never audited here too. A caller refused for its
// key or its rate limit (401/403/429) is not a chat request at all: counted and logged, not audited.
import { Injectable, Logger } from '@nestjs/common';
import { ChatService, type ChatEndpoint } from '@app/chat';
import type { Request, Response } from 'express';
import { principalOf } from '../auth/request-principal';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { isLoggedByOrchestration } from '../logging/orchestration-line';

/** Refusals of the caller rather than of its request. */
const CALLER_REFUSALS = new Set([
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'AUTH_REVOKED',
  'AUTH_FORBIDDEN',
  'RATE_LIMITED',
]);

const CHAT_ENDPOINTS: Readonly<Record<string, ChatEndpoint>> = {
  '/v1/chat': 'native',
  '/v1/chat/completions': 'openai',
};

@Injectable()
export class ChatRejectionAudit {
  private readonly logger = new Logger(ChatRejectionAudit.name);
  private readonly audited = new WeakSet<Request>();

  constructor(private readonly chat: ChatService) {}

  /** Audits a 4xx answer to a chat route; anything else is not a rejection and is left alone. */
  async refused(req: Request, res: Response, status: number, code: string): Promise<void> {
    const endpoint = req.method === 'POST' ? CHAT_ENDPOINTS[req.path] : undefined;
    const requestId = requestIdOf(req);
    if (endpoint === undefined || requestId === undefined || status < 400 || status >= 500) return;
    if (CALLER_REFUSALS.has(code)) return;
    if (isLoggedByOrchestration(res) || this.audited.has(req)) return;
    this.audited.add(req);
    try {
      await this.chat.recordRejection(
        requestId,
        endpoint,
        code,
        correlationIdOf(req),
        principalOf(req)?.id ?? null,
      );
    } catch (error) {
      this.logger.error({ err: error, request_id: requestId }, 'could not audit a rejected request');
    }
  }
}
