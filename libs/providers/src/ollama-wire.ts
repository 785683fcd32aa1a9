// The provider port's request and answers in the ollama SDK's types, both ways. Ollama has no
// tool-call ids, takes tool-call arguments as objects rather than JSON text, names the tool a
// result answers instead of the call, and takes images as base64 strings beside the text: the
// translation lives here, pure, so it is tested without a server.
import { randomBytes } from 'node:crypto';
import type { ChatRequest, Message, Options, Tool, ToolCall as OllamaToolCall } from 'ollama';

/** Ollama's log probability of one token (the SDK's `Logprob`, spelt out: not every build exports it). */
interface OllamaLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly top_logprobs?: readonly { readonly token: string; readonly logprob: number }[];
}
import type {
  ProviderMessage,
  ProviderRequest,
  TokenLogprob,
  ToolCall,
  ToolCallDelta,
  UnsupportedField,
} from './provider.types';

/** OpenAI-style generation settings in Ollama's `options` vocabulary. */
function optionsOf(request: ProviderRequest): Partial<Options> {
  const options = request.options ?? {};
  const mapped: Partial<Options> = {};
  if (options.temperature !== undefined) mapped.temperature = options.temperature;
  if (options.top_p !== undefined) mapped.top_p = options.top_p;
  if (options.max_tokens !== undefined) mapped.num_predict = options.max_tokens;
  if (options.stop !== undefined) mapped.stop = [...options.stop];
  if (options.seed !== undefined) mapped.seed = options.seed;
  if (options.presence_penalty !== undefined) mapped.presence_penalty = options.presence_penalty;
  if (options.frequency_penalty !== undefined) mapped.frequency_penalty = options.frequency_penalty;
  return mapped;
}

/** Tool-call arguments as Ollama wants them (an object); undefined when the JSON text is not one. */
function argumentsObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What Ollama cannot do with this request; checked before the call so nothing is dropped silently. */
export function ollamaUnsupported(request: ProviderRequest, stream: boolean): UnsupportedField | null {
  const options = request.options ?? {};
  const choice = options.tool_choice;
  if (choice !== undefined && choice !== 'auto' && choice !== 'none') {
    return {
      field: 'tool_choice',
      message: `the local provider (Ollama) cannot force a tool call: tool_choice must be "auto" or "none" there`,
    };
  }
  if (options.parallel_tool_calls === false) {
    return {
      field: 'parallel_tool_calls',
      message: 'the local provider (Ollama) cannot limit a turn to one tool call: omit parallel_tool_calls',
    };
  }
  if (stream && options.logprobs === true) {
    return { field: 'logprobs', message: 'logprobs are served for whole answers only, not for streams' };
  }
  for (const [index, message] of request.messages.entries()) {
    for (const [callIndex, call] of (message.tool_calls ?? []).entries()) {
      if (argumentsObject(call.arguments) === undefined) {
        return {
          field: `messages.${index}.tool_calls.${callIndex}.function.arguments`,
          message: 'the local provider (Ollama) takes tool-call arguments only as a JSON object',
        };
      }
    }
  }
  return null;
}

function messageOf(message: ProviderMessage, toolNames: ReadonlyMap<string, string>): Message {
  const mapped: Message = { role: message.role, content: message.content };
  const images = (message.parts ?? []).flatMap((part) => (part.type === 'image' ? [part.data] : []));
  if (images.length > 0) mapped.images = images;
  if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
    mapped.tool_calls = message.tool_calls.map((call) => ({
      function: { name: call.name, arguments: argumentsObject(call.arguments) ?? {} },
    }));
  }
  // Ollama names the tool a result comes from; OpenAI names the call, whose tool is known from the turn that made it.
  const toolName = message.tool_call_id === undefined ? undefined : toolNames.get(message.tool_call_id);
  if (message.role === 'tool' && toolName !== undefined) mapped.tool_name = toolName;
  return mapped;
}

export function ollamaChatRequestOf(request: ProviderRequest): ChatRequest {
  const toolNames = new Map<string, string>();
  for (const message of request.messages)
    for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.name);
  const options = request.options ?? {};
  const chat: ChatRequest = {
    model: request.model,
    messages: request.messages.map((message) => messageOf(message, toolNames)),
    options: optionsOf(request),
  };
  const format = options.response_format;
  if (format?.type === 'json_object') chat.format = 'json';
  if (format?.type === 'json_schema') chat.format = format.json_schema.schema ?? 'json';
  // `tool_choice: "none"` is honoured by not offering the tools at all.
  if (options.tools !== undefined && options.tools.length > 0 && options.tool_choice !== 'none') {
    chat.tools = options.tools.map(
      (tool): Tool => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          ...(tool.parameters === undefined ? {} : { parameters: { ...tool.parameters } }),
        },
      }),
    );
  }
  if (options.logprobs !== undefined) chat.logprobs = options.logprobs;
  if (options.top_logprobs !== undefined) chat.top_logprobs = options.top_logprobs;
  return chat;
}

/** Ollama gives calls no id; the client needs one to answer each call, so the gateway mints it. */
function callIdOf(call: OllamaToolCall): string {
  const given = (call as { id?: unknown }).id;
  return typeof given === 'string' && given !== '' ? given : `call_${randomBytes(12).toString('hex')}`;
}

/** Ollama's tool calls (whole, arguments as objects) as the port's calls (arguments as JSON text). */
export function ollamaToolCallsOf(message: Message | undefined): ToolCall[] {
  return (message?.tool_calls ?? []).map((call) => ({
    id: callIdOf(call),
    name: call.function.name,
    arguments: JSON.stringify(call.function.arguments ?? {}),
  }));
}

/** Whole calls as OpenAI stream deltas: one piece per call, numbered after the calls already sent. */
export function ollamaToolCallDeltasOf(calls: readonly ToolCall[], firstIndex: number): ToolCallDelta[] {
  return calls.map((call, offset) => ({
    index: firstIndex + offset,
    id: call.id,
    name: call.name,
    arguments: call.arguments,
  }));
}

/** Ollama's log probabilities in OpenAI's shape (Ollama gives no bytes). */
export function ollamaLogprobsOf(logprobs: readonly OllamaLogprob[] | undefined): TokenLogprob[] | undefined {
  if (logprobs === undefined || !Array.isArray(logprobs as unknown)) return undefined;
  return logprobs.map((item) => ({
    token: item.token,
    logprob: item.logprob,
    bytes: null,
    top_logprobs: (item.top_logprobs ?? []).map((top) => ({
      token: top.token,
      logprob: top.logprob,
      bytes: null,
    })),
  }));
}
