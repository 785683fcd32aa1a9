// The validated OpenAI body as the orchestration needs it: text messages in the providers' three
// roles and the generation options the providers pass on. What the body asks for and no provider
// here can do is refused with a code, never dropped in silence.
import type { GenerationOptions } from '@app/providers';
import type { ChatMessage } from '@app/routing-policy';
import { HttpRequestError } from '../http/http-error';
import type { CompletionMessageDto, CompletionRequestDto, OpenAiRole } from './completion-request.dto';
import type { MessageContent } from './message-content';

export interface CompletionRequest {
  readonly model: string | undefined;
  readonly messages: ChatMessage[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly options: GenerationOptions;
  readonly user: string | null;
}

/** Only text is routable: the policy cannot scan an image for PII, so it must not route one. */
function contentText(content: MessageContent | undefined, index: number): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, partIndex) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw new HttpRequestError('UNSUPPORTED_CONTENT', 'only text content can be routed', [
          {
            field: `messages.${index}.content.${partIndex}`,
            message: `content part of type "${part.type}" is not supported`,
          },
        ]);
      }
      return part.text;
    })
    .join('\n');
}

/** OpenAI roles in the providers' three: developer instructions are system; tool output is user input. */
function roleOf(role: OpenAiRole): ChatMessage['role'] {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'assistant':
      return 'assistant';
    case 'user':
    case 'tool':
    case 'function':
      return 'user';
  }
}

function messageOf(message: CompletionMessageDto, index: number): ChatMessage {
  return { role: roleOf(message.role), content: contentText(message.content, index) };
}

/** A value the client set (null counts as unset, as in OpenAI's API). */
const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

function optionsOf(body: CompletionRequestDto): GenerationOptions {
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop = given(body.stop) ? (typeof body.stop === 'string' ? [body.stop] : body.stop) : undefined;
  return {
    ...(given(body.temperature) ? { temperature: body.temperature } : {}),
    ...(given(body.top_p) ? { top_p: body.top_p } : {}),
    ...(given(maxTokens) ? { max_tokens: maxTokens } : {}),
    ...(stop !== undefined ? { stop } : {}),
    ...(given(body.seed) ? { seed: body.seed } : {}),
    ...(given(body.presence_penalty) ? { presence_penalty: body.presence_penalty } : {}),
    ...(given(body.frequency_penalty) ? { frequency_penalty: body.frequency_penalty } : {}),
    ...(body.response_format?.type === 'json_object' ? { response_format: { type: 'json_object' } } : {}),
  };
}

export function toCompletionRequest(body: CompletionRequestDto): CompletionRequest {
  if (given(body.n) && body.n > 1) {
    throw new HttpRequestError('UNSUPPORTED_PARAMETER', 'only one choice per request is supported', [
      { field: 'n', message: 'n must be 1 (or omitted): several choices per request are not supported' },
    ]);
  }
  return {
    model: body.model,
    messages: body.messages.map(messageOf),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    options: optionsOf(body),
    user: body.user ?? null,
  };
}
