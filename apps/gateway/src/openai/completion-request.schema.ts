// The OpenAI chat completions request, as loose as OpenAI's own API: every field a client may send
// is accepted (unknown ones are ignored, never refused); what the chosen provider supports is
// passed on. Only text content is routable: a part the policy cannot scan is refused.
import type { GenerationOptions } from '@app/providers';
import type { ChatMessage } from '@app/routing-policy';
import { z } from 'zod';
import { HttpRequestError, type FieldViolation } from '../http/http-error';

const textPart = z.object({ type: z.literal('text'), text: z.string() }).passthrough();
const anyPart = z.object({ type: z.string() }).passthrough();

const message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function'], {
      message: 'role must be one of system, developer, user, assistant, tool, function',
    }),
    content: z.union([z.string(), z.array(anyPart), z.null()]).optional(),
  })
  .passthrough();

const completionRequest = z
  .object({
    model: z.string().optional(),
    messages: z
      .array(message, { message: 'messages must be an array' })
      .min(1, { message: 'messages must contain at least one message' }),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    temperature: z.number().nullish(),
    top_p: z.number().nullish(),
    max_tokens: z.number().int().nullish(),
    max_completion_tokens: z.number().int().nullish(),
    stop: z.union([z.string(), z.array(z.string())]).nullish(),
    seed: z.number().int().nullish(),
    presence_penalty: z.number().nullish(),
    frequency_penalty: z.number().nullish(),
    response_format: z.object({ type: z.string() }).passthrough().nullish(),
    user: z.string().nullish(),
  })
  .passthrough();

export interface CompletionRequest {
  readonly model: string | undefined;
  readonly messages: ChatMessage[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly options: GenerationOptions;
  readonly user: string | null;
}

function contentText(content: z.infer<typeof message>['content'], index: number): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, partIndex) => {
      const text = textPart.safeParse(part);
      if (!text.success) {
        throw new HttpRequestError('UNSUPPORTED_CONTENT', 'only text content can be routed', [
          {
            field: `messages.${index}.content.${partIndex}`,
            message: `content part of type "${part.type}" is not supported`,
          },
        ]);
      }
      return text.data.text;
    })
    .join('\n');
}

/** OpenAI roles in the providers' three: developer instructions are system; tool output is user input. */
function roleOf(role: z.infer<typeof message>['role']): ChatMessage['role'] {
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

export function parseCompletionRequest(body: unknown): CompletionRequest {
  const parsed = completionRequest.safeParse(body);
  if (!parsed.success) {
    const violations: FieldViolation[] = parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    throw new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', violations);
  }
  const data = parsed.data;
  const stop =
    data.stop === undefined || data.stop === null
      ? undefined
      : typeof data.stop === 'string'
        ? [data.stop]
        : data.stop;
  const maxTokens = data.max_completion_tokens ?? data.max_tokens ?? undefined;
  const format = data.response_format?.type === 'json_object' ? { type: 'json_object' as const } : undefined;
  const options: GenerationOptions = {
    ...(data.temperature !== undefined && data.temperature !== null ? { temperature: data.temperature } : {}),
    ...(data.top_p !== undefined && data.top_p !== null ? { top_p: data.top_p } : {}),
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    ...(stop !== undefined ? { stop } : {}),
    ...(data.seed !== undefined && data.seed !== null ? { seed: data.seed } : {}),
    ...(data.presence_penalty !== undefined && data.presence_penalty !== null
      ? { presence_penalty: data.presence_penalty }
      : {}),
    ...(data.frequency_penalty !== undefined && data.frequency_penalty !== null
      ? { frequency_penalty: data.frequency_penalty }
      : {}),
    ...(format !== undefined ? { response_format: format } : {}),
  };
  return {
    model: data.model,
    messages: data.messages.map((item, index) => ({
      role: roleOf(item.role),
      content: contentText(item.content, index),
    })),
    stream: data.stream === true,
    includeUsage: data.stream_options?.include_usage === true,
    options,
    user: data.user ?? null,
  };
}
