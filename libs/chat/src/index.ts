export { BudgetService } from './budget.service';
export { decisionString } from './chat-audit-event';
export { ChatFailedError } from './chat.errors';
export { ChatModule } from './chat.module';
export { ChatService } from './chat.service';
export type { ChatStream } from './chat.service';
export type { ChatEndpoint, ChatInput, ChatResult, ChatRouting } from './chat.types';
