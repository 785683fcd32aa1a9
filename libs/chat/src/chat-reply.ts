// The native answer's shape, for POST /v1/chat and `policy-mesh chat --json` alike.
import type { ChatFailedError } from './chat.errors';
import type { ChatReply, ChatResult } from './chat.types';

export function chatReply(result: ChatResult): ChatReply {
  return {
    request_id: result.request_id,
    provider: result.provider,
    served_by: result.served_by,
    reason_codes: result.reason_codes,
    content: result.content,
    error: null,
    model: result.model,
    usage: result.usage,
    policy_version: result.policy_version,
  };
}

/** A provider failure: nobody served, so served_by is null (as in the audit row and the log line). */
export function failedChatReply(failure: ChatFailedError): ChatReply {
  const { routing } = failure;
  return {
    request_id: routing.request_id,
    provider: routing.provider,
    served_by: null,
    reason_codes: routing.reason_codes,
    content: null,
    error: failure.message,
    failure_category: failure.failure_category,
    model: routing.model,
    usage: null,
    policy_version: routing.policy_version,
  };
}
