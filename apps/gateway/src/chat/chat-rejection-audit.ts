// A chat request refused after it got its id (bad body, wrong content type, too large…) still leaves
// its one audit row: status rejected and the refusal's code. A request the orchestration took is
// audited by it, whatever happens next, so it is never audited here too. A caller refused for its
// key or its rate limit (401/403/429) is not a chat request at all: counted and logged, not audited.
import { Injectable, Logger } from '@nestjs/common';
import { ChatService, type ChatEndpoint } from '@app/chat';
import { AppConfig } from '@app/config';
import { ApiKeyAuthenticator } from '@app/identity';
import type { Request, Response } from 'express';
import { presentedKey } from '../auth/presented-key';
import { principalOf } from '../auth/request-principal';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { isLoggedByOrchestration } from '../logging/orchestration-line';
import { routePath } from '../http/route-path';

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
  '/v1/embeddings': 'embeddings',
};

@Injectable()
export class ChatRejectionAudit {
  private readonly logger = new Logger(ChatRejectionAudit.name);
  private readonly audited = new WeakSet<Request>();

  constructor(
    private readonly chat: ChatService,
    private readonly config: AppConfig,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** Audits a 4xx answer to a chat route; anything else is not a rejection and is left alone. */
  async refused(req: Request, res: Response, status: number, code: string): Promise<void> {
    const endpoint = req.method === 'POST' ? CHAT_ENDPOINTS[routePath(req.path)] : undefined;
    const requestId = requestIdOf(req);
    if (endpoint === undefined || requestId === undefined || status < 400 || status >= 500) return;
    if (CALLER_REFUSALS.has(code)) return;
    if (isLoggedByOrchestration(res) || this.audited.has(req)) return;
    this.audited.add(req);
    try {
      const keyId = await this.callerKeyId(req);
      if (keyId === undefined) return;
      await this.chat.recordRejection(requestId, endpoint, code, correlationIdOf(req), keyId);
    } catch (error) {
      this.logger.error({ err: error, request_id: requestId }, 'could not audit a rejected request');
    }
  }

  /**
   * The key the row names: null without keys. A body refused before the guard ran (malformed,
   * too large, wrong type) is audited only for a caller with a valid key; a stranger's bad body
   * leaves no row, as a stranger's request does (undefined).
   */
  private async callerKeyId(req: Request): Promise<string | null | undefined> {
    if (this.config.auth.mode === 'none') return null;
    const principal = principalOf(req);
    if (principal !== undefined) return principal.id;
    try {
      return (await this.authenticator.authenticate(presentedKey(req))).id;
    } catch {
      return undefined;
    }
  }
}
