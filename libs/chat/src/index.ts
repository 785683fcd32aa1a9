export { ChatFailedError, ChatUnsupportedError } from './chat.errors';
export { scannedExtraText } from './scanned-text';
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
export { EmbeddingsPinConflictError } from './embeddings.errors';
export { EmbeddingsService } from './embeddings.service';
export type { EmbeddingInput, EmbeddingsResult } from './embeddings.types';
export { ReadinessService } from './readiness/readiness.service';
export type { ReadinessReport, ReadinessStatus } from './readiness/readiness-report';
