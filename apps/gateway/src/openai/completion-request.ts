// The validated OpenAI body as the orchestration needs it: the conversation as it goes upstream
// (tool calls, tool results and images kept), each turn's text as the policy scans it, and the
// generation options the providers pass on. What the body asks for and no provider here can do is
// refused with a code, never dropped in silence.
import type {
  ContentPart as UpstreamPart,
  GenerationOptions,
  ImagePart,
  ProviderMessage,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from '@app/providers';
import type { ChatMessage } from '@app/routing-policy';
import { HttpRequestError } from '../http/http-error';
import { exceedsJsonDepth } from '../http/json-depth';
import { MAX_JSON_DEPTH } from '../http/request-limits';
import type { CompletionMessageDto, CompletionRequestDto, OpenAiRole } from './completion-request.dto';
import type { MessageContent } from './message-content';
import type { ToolChoiceValue, ToolDto } from './tool.dto';

export interface CompletionRequest {
  readonly model: string | undefined;
  /** Each turn's text as the policy scans it. */
  readonly messages: ChatMessage[];
  /** The same turns as they go upstream. */
  readonly upstream: ProviderMessage[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly options: GenerationOptions;
  readonly user: string | null;
}

/** Inline images only: the gateway fetches nothing on a client's behalf, and Ollama takes bytes. */
const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]*={0,2})$/;

function unsupportedContent(field: string, message: string): HttpRequestError {
  return new HttpRequestError('UNSUPPORTED_CONTENT', 'content part not supported', [{ field, message }]);
}

function imageOf(url: string, detail: unknown, field: string): ImagePart {
  const match = DATA_URL.exec(url);
  if (match === null) {
    throw unsupportedContent(
      `${field}.image_url.url`,
      'image_url.url must be an inline base64 data: URL of a png, jpeg, gif or webp image (remote images are not fetched)',
    );
  }
  return {
    type: 'image',
    media_type: match[1]!,
    data: match[2]!,
    ...(detail === 'auto' || detail === 'low' || detail === 'high' ? { detail } : {}),
  };
}

/** Text parts joined, and the parts themselves when an image is among them. */
function contentOf(
  content: MessageContent | undefined,
  index: number,
  role: OpenAiRole,
): { text: string; parts?: UpstreamPart[] } {
  if (content === undefined || content === null) return { text: '' };
  if (typeof content === 'string') return { text: content };
  const parts: UpstreamPart[] = content.map((part, partIndex) => {
    const field = `messages.${index}.content.${partIndex}`;
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    // An assistant turn echoed back may hold the model's refusal: text like any other.
    if (part.type === 'refusal' && typeof part.refusal === 'string' && role === 'assistant')
      return { type: 'text', text: part.refusal };
    // Images are user input in OpenAI's API; an image elsewhere could not be sent to Ollama.
    if (part.type === 'image_url' && part.image_url !== undefined && role === 'user')
      return imageOf(part.image_url.url, part.image_url.detail, field);
    throw unsupportedContent(field, `content part of type "${part.type}" is not supported here`);
  });
  const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  return parts.some((part) => part.type === 'image') ? { text, parts } : { text };
}

/** OpenAI roles upstream: developer instructions are system; a legacy `function` result is user input. */
function upstreamRole(role: OpenAiRole): ProviderMessage['role'] {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'assistant':
      return 'assistant';
    case 'tool':
      return 'tool';
    case 'user':
    case 'function':
      return 'user';
  }
}

/**
 * Every string inside JSON text: tool-call arguments may spell a word with \u escapes that the
 * raw text hides, so the policy scans the decoded strings too. Deterministic: object order as sent.
 * The text is bounded like a body (at most MAX_JSON_DEPTH levels, checked before it is parsed) and
 * walked without recursion, so no arguments string can cost the stack.
 */
function decodedStrings(json: string, field: string): string[] {
  if (exceedsJsonDepth(Buffer.from(json), MAX_JSON_DEPTH)) {
    const message = `must not nest more than ${MAX_JSON_DEPTH} levels deep`;
    throw new HttpRequestError('JSON_TOO_DEEP', `${field} ${message}`, [{ field, message }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const found: string[] = [];
  const pending: unknown[] = [parsed];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i -= 1) pending.push(value[i]);
    else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      // Keys and values in the order sent: pushed in reverse, popped in order.
      for (let i = entries.length - 1; i >= 0; i -= 1) pending.push(entries[i]![1], entries[i]![0]);
    }
  }
  return found;
}

/** What the policy reads of a turn: its text, and each tool call's name and arguments. */
function scannedText(text: string, calls: readonly ToolCall[], index: number): string {
  if (calls.length === 0) return text;
  const pieces = [text];
  calls.forEach((call, callIndex) => {
    pieces.push(call.name, call.arguments);
    const field = `messages.${index}.tool_calls.${callIndex}.function.arguments`;
    for (const decoded of decodedStrings(call.arguments, field)) pieces.push(decoded);
  });
  return pieces.join('\n');
}

function turnOf(
  message: CompletionMessageDto,
  index: number,
): { scanned: ChatMessage; upstream: ProviderMessage } {
  const role = upstreamRole(message.role);
  const { text, parts } = contentOf(message.content, index, message.role);
  const calls: ToolCall[] =
    message.role === 'assistant'
      ? (message.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        }))
      : [];
  const upstream: ProviderMessage = {
    role,
    content: text,
    ...(parts === undefined ? {} : { parts }),
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    ...(role === 'tool' && message.tool_call_id !== undefined ? { tool_call_id: message.tool_call_id } : {}),
  };
  // The policy's three roles: a tool result is input to the model like a user turn.
  const scannedRole: ChatMessage['role'] = role === 'tool' ? 'user' : role;
  return { scanned: { role: scannedRole, content: scannedText(text, calls, index) }, upstream };
}

/** A value the client set (null counts as unset, as in OpenAI's API). */
const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

function unsupportedParameter(field: string, message: string): HttpRequestError {
  return new HttpRequestError('UNSUPPORTED_PARAMETER', 'parameter not supported', [{ field, message }]);
}

function toolsOf(tools: readonly ToolDto[]): ToolDefinition[] {
  return tools.map((tool, index) => {
    if (tool.type !== 'function' || tool.function === undefined) {
      throw unsupportedParameter(
        `tools.${index}.type`,
        tool.type === 'function'
          ? 'a function tool needs its function object'
          : `only function tools can be served (not "${tool.type}")`,
      );
    }
    const fn = tool.function;
    return {
      name: fn.name,
      ...(given(fn.description) ? { description: fn.description } : {}),
      ...(given(fn.parameters) ? { parameters: fn.parameters } : {}),
      ...(given(fn.strict) ? { strict: fn.strict } : {}),
    };
  });
}

function toolChoiceOf(choice: ToolChoiceValue, tools: readonly ToolDefinition[]): ToolChoice {
  if (typeof choice === 'string') return choice;
  if (choice.type !== 'function') {
    throw unsupportedParameter('tool_choice.type', `tool_choice of type "${choice.type}" is not supported`);
  }
  const name = String(choice.function?.name);
  if (!tools.some((tool) => tool.name === name)) {
    throw new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', [
      {
        field: 'tool_choice.function.name',
        message: `tool_choice names "${name}", which is not among tools`,
      },
    ]);
  }
  return { function: name };
}

function optionsOf(body: CompletionRequestDto): GenerationOptions {
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop = given(body.stop) ? (typeof body.stop === 'string' ? [body.stop] : body.stop) : undefined;
  const format = body.response_format;
  const tools = given(body.tools) ? toolsOf(body.tools) : [];
  // As OpenAI answers them: a choice among no tools is a mistake, not something to drop.
  for (const field of ['tool_choice', 'parallel_tool_calls'] as const) {
    if (given(body[field]) && tools.length === 0) {
      throw new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', [
        { field, message: `${field} is only allowed when tools are offered` },
      ]);
    }
  }
  if (given(body.top_logprobs) && body.logprobs !== true) {
    throw new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', [
      { field: 'top_logprobs', message: 'top_logprobs needs logprobs: true' },
    ]);
  }
  return {
    ...(given(body.temperature) ? { temperature: body.temperature } : {}),
    ...(given(body.top_p) ? { top_p: body.top_p } : {}),
    ...(given(maxTokens) ? { max_tokens: maxTokens } : {}),
    ...(stop !== undefined ? { stop } : {}),
    ...(given(body.seed) ? { seed: body.seed } : {}),
    ...(given(body.presence_penalty) ? { presence_penalty: body.presence_penalty } : {}),
    ...(given(body.frequency_penalty) ? { frequency_penalty: body.frequency_penalty } : {}),
    ...(format?.type === 'json_object' || format?.type === 'text'
      ? { response_format: { type: format.type } }
      : {}),
    ...(format?.type === 'json_schema' && format.json_schema !== undefined
      ? {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: format.json_schema.name,
              ...(given(format.json_schema.schema) ? { schema: format.json_schema.schema } : {}),
              ...(given(format.json_schema.strict) ? { strict: format.json_schema.strict } : {}),
              ...(given(format.json_schema.description)
                ? { description: format.json_schema.description }
                : {}),
            },
          },
        }
      : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(given(body.tool_choice) ? { tool_choice: toolChoiceOf(body.tool_choice, tools) } : {}),
    ...(given(body.parallel_tool_calls) ? { parallel_tool_calls: body.parallel_tool_calls } : {}),
    ...(body.logprobs === true ? { logprobs: true } : {}),
    ...(body.logprobs === true && given(body.top_logprobs) ? { top_logprobs: body.top_logprobs } : {}),
  };
}

export function toCompletionRequest(body: CompletionRequestDto): CompletionRequest {
  // The legacy function-calling fields would otherwise be dropped, and a client would wait for a
  // call that never comes.
  for (const legacy of ['functions', 'function_call'] as const) {
    if (given(body[legacy]))
      throw unsupportedParameter(legacy, `${legacy} is not supported: use tools and tool_choice`);
  }
  if (given(body.n) && body.n > 1) {
    throw new HttpRequestError('UNSUPPORTED_PARAMETER', 'only one choice per request is supported', [
      { field: 'n', message: 'n must be 1 (or omitted): several choices per request are not supported' },
    ]);
  }
  const turns = body.messages.map(turnOf);
  return {
    model: body.model,
    messages: turns.map((turn) => turn.scanned),
    upstream: turns.map((turn) => turn.upstream),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    options: optionsOf(body),
    user: body.user ?? null,
  };
}
