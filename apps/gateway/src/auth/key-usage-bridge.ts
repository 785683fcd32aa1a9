// Each keyed request's tokens, once it is answered, go to its key's tokens-per-minute window.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChatService } from '@app/chat';
import { KeyRateLimiter } from '@app/identity';

@Injectable()
export class KeyUsageBridge implements OnModuleInit {
  constructor(
    private readonly chat: ChatService,
    private readonly limiter: KeyRateLimiter,
  ) {}

  onModuleInit(): void {
    this.chat.onKeyUsage((key, tokens) => this.limiter.addTokens(key.id, tokens));
  }
}
