// Answers in OpenAI's wire format, so the official SDKs work with only baseURL changed.
import type { ChatResult, ChatRouting } from '@app/chat';
import type { TokenUsage } from '@app/providers';
import type { Response } from 'express';

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId}`;
}

export function usageOf(usage: TokenUsage | null) {
  return usage === null
    ? null
    : {
        prompt_tokens: usage.input_tokens,
        completion_tokens: usage.output_tokens,
        total_tokens: usage.input_tokens + usage.output_tokens,
      };
}

/** Routing metadata on every OpenAI-compatible answer. */
export function setRoutingHeaders(res: Response, routing: ChatRouting): void {
  res.setHeader('x-policy-mesh-request-id', routing.requestId);
  res.setHeader('x-policy-mesh-provider', routing.provider);
  res.setHeader('x-policy-mesh-served-by', routing.servedBy);
  res.setHeader('x-policy-mesh-reason-codes', routing.reasonCodes.join(','));
  res.setHeader('x-policy-mesh-policy-version', routing.policyVersion);
}

export function completionBody(result: ChatResult, created: number) {
  return {
    id: completionId(result.requestId),
    object: 'chat.completion',
    created,
    model: result.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.content, refusal: null },
        finish_reason: result.finishReason ?? 'stop',
        logprobs: null,
      },
    ],
    usage: usageOf(result.usage),
    system_fingerprint: null,
  };
}

export function chunk(routing: ChatRouting, created: number, delta: object, finishReason: string | null) {
  return {
    id: completionId(routing.requestId),
    object: 'chat.completion.chunk',
    created,
    model: routing.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}

export function upstreamError(message: string, category: string) {
  return {
    error: {
      message,
      type: category === 'timeout' ? 'timeout_error' : 'upstream_error',
      code: category,
      param: null,
    },
  };
}
