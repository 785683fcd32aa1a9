export { ChatFailedError } from './chat.errors';
export { ChatModule } from './chat.module';
export { chatReply, failedChatReply } from './chat-reply';
export { ChatService } from './chat.service';
export type {
  ChatEndpoint,
  ChatInput,
  ChatKey,
  ChatReply,
  ChatResult,
  ChatRouting,
  ChatStream,
  ChatStreamDelta,
  ChatStreamEvent,
  ChatStreamEvents,
  ChatStreamResult,
  KeyUsageListener,
  StreamStop,
} from './chat.types';
export { ReadinessService } from './readiness/readiness.service';
export type { ReadinessReport, ReadinessStatus } from './readiness/readiness-report';
