// Answers in OpenAI's wire format, so the official SDKs work with only baseURL changed.
import type { ChatResult, ChatRouting, ChatStreamDelta } from '@app/chat';
import type { TokenUsage, ToolCall } from '@app/providers';
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

/** Routing metadata on every OpenAI-compatible answer; no served-by when no provider answered. */
export function setRoutingHeaders(res: Response, routing: ChatRouting, answered = true): void {
  res.setHeader('x-policy-mesh-request-id', routing.request_id);
  res.setHeader('x-policy-mesh-provider', routing.provider);
  if (answered) res.setHeader('x-policy-mesh-served-by', routing.served_by);
  res.setHeader('x-policy-mesh-reason-codes', routing.reason_codes.join(','));
  res.setHeader('x-policy-mesh-policy-version', routing.policy_version);
  // The model (as the upstream reported it, or as asked when nobody answered) and how it was chosen:
  // `requested`, `alias` (the policy's models.aliases) or `default` (the name was not served there).
  res.setHeader('x-policy-mesh-model', routing.model);
  res.setHeader('x-policy-mesh-model-choice', routing.model_choice);
}

function toolCallsOf(calls: readonly ToolCall[]) {
  return calls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

/** The answer's message: OpenAI's `content: null` beside tool calls when the model said nothing else. */
function messageOf(result: ChatResult) {
  const calls = result.tool_calls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: result.content, refusal: null };
  return {
    role: 'assistant',
    content: result.content === '' ? null : result.content,
    refusal: null,
    tool_calls: toolCallsOf(calls),
  };
}

/** A stream's delta: its text, and any tool-call pieces in OpenAI's indexed shape. */
export function deltaOf(event: ChatStreamDelta): object {
  const { content, tool_calls: toolCalls } = event;
  if (toolCalls === undefined || toolCalls.length === 0) return { content };
  return {
    ...(content === '' ? {} : { content }),
    tool_calls: toolCalls.map((call) => ({
      index: call.index,
      ...(call.id === undefined ? {} : { id: call.id, type: 'function' }),
      function: {
        ...(call.name === undefined ? {} : { name: call.name }),
        ...(call.arguments === undefined ? {} : { arguments: call.arguments }),
      },
    })),
  };
}

export function completionBody(result: ChatResult, created: number) {
  return {
    id: completionId(result.request_id),
    object: 'chat.completion',
    created,
    model: result.model,
    choices: [
      {
        index: 0,
        message: messageOf(result),
        finish_reason: result.finish_reason ?? 'stop',
        logprobs: result.logprobs === undefined ? null : { content: result.logprobs, refusal: null },
      },
    ],
    usage: usageOf(result.usage),
    system_fingerprint: null,
  };
}

export function chunk(routing: ChatRouting, created: number, delta: object, finishReason: string | null) {
  return {
    id: completionId(routing.request_id),
    object: 'chat.completion.chunk',
    created,
    model: routing.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}

/**
 * A stream's chunks as bytes. Everything but the delta is the same in every chunk of a stream, so
 * it is serialised once; each delta costs one small JSON.stringify. The bytes equal
 * `data: ${JSON.stringify(chunk(…))}\n\n`.
 */
export class ChunkFrames {
  private readonly head: string;
  private readonly tail = ',"finish_reason":null,"logprobs":null}]}\n\n';

  constructor(routing: ChatRouting, created: number) {
    const shell = JSON.stringify(chunk(routing, created, {}, null));
    this.head = `data: ${shell.slice(0, shell.lastIndexOf('"delta":') + '"delta":'.length)}`;
  }

  delta(event: ChatStreamDelta): string {
    return this.head + JSON.stringify(deltaOf(event)) + this.tail;
  }
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
