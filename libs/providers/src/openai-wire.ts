// The provider port's request and answers in the openai SDK's types, both ways. Pure functions, so
// what reaches the cloud (and what counts as a usable answer) is tested without a server.
import type OpenAI from 'openai';
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type {
  ContentPart,
  ProviderMessage,
  ProviderRequest,
  TokenLogprob,
  ToolCall,
  ToolCallDelta,
  ToolChoice,
} from './provider.types';

function partOf(part: ContentPart): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  return {
    type: 'image_url',
    image_url: {
      url: `data:${part.media_type};base64,${part.data}`,
      ...(part.detail === undefined ? {} : { detail: part.detail }),
    },
  };
}

function messageParamOf(message: ProviderMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.tool_call_id ?? '' };
    case 'assistant': {
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // OpenAI's own answers carry null beside tool calls; a client echoes that back.
        content: message.content === '' ? null : message.content,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return message.parts === undefined
        ? { role: 'user', content: message.content }
        : { role: 'user', content: message.parts.map(partOf) };
  }
}

function toolChoiceOf(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.function } };
}

export function openAiParamsOf(request: ProviderRequest): ChatCompletionCreateParamsBase {
  const options = request.options ?? {};
  const params: ChatCompletionCreateParamsBase = {
    model: request.model,
    messages: request.messages.map(messageParamOf),
  };
  if (options.temperature !== undefined) params.temperature = options.temperature;
  if (options.top_p !== undefined) params.top_p = options.top_p;
  if (options.max_tokens !== undefined) params.max_tokens = options.max_tokens;
  if (options.stop !== undefined) params.stop = [...options.stop];
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.presence_penalty !== undefined) params.presence_penalty = options.presence_penalty;
  if (options.frequency_penalty !== undefined) params.frequency_penalty = options.frequency_penalty;
  const format = options.response_format;
  if (format !== undefined) {
    params.response_format =
      format.type === 'json_schema'
        ? {
            type: 'json_schema',
            json_schema: {
              name: format.json_schema.name,
              ...(format.json_schema.description === undefined
                ? {}
                : { description: format.json_schema.description }),
              ...(format.json_schema.schema === undefined
                ? {}
                : { schema: { ...format.json_schema.schema } }),
              ...(format.json_schema.strict == null ? {} : { strict: format.json_schema.strict }),
            },
          }
        : { type: format.type };
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    params.tools = options.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        ...(tool.parameters === undefined ? {} : { parameters: { ...tool.parameters } }),
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
  }
  if (options.tool_choice !== undefined) params.tool_choice = toolChoiceOf(options.tool_choice);
  if (options.parallel_tool_calls !== undefined) params.parallel_tool_calls = options.parallel_tool_calls;
  if (options.logprobs !== undefined) params.logprobs = options.logprobs;
  if (options.top_logprobs !== undefined) params.top_logprobs = options.top_logprobs;
  return params;
}

/** A whole answer's message as the port carries it; null when it holds neither text nor tool calls. */
export function openAiAnswerOf(
  choice: OpenAI.ChatCompletion.Choice | undefined,
): { content: string; tool_calls?: ToolCall[]; logprobs?: TokenLogprob[] } | null {
  const message = choice?.message;
  if (message === undefined || message === null) return null;
  const calls: ToolCall[] = [];
  for (const call of message.tool_calls ?? []) {
    // Only function tools are offered upstream, so only function calls can come back.
    if (call.type !== 'function' || typeof call.function?.name !== 'string') return null;
    calls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments ?? '' });
  }
  // A tool-calling answer has `content: null`: that is an answer, not a malformed one.
  if (typeof message.content !== 'string' && calls.length === 0) return null;
  const logprobs = choice?.logprobs?.content;
  return {
    content: typeof message.content === 'string' ? message.content : '',
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    ...(Array.isArray(logprobs) ? { logprobs } : {}),
  };
}

/** The tool-call pieces of one streamed chunk, in the port's delta shape. */
export function openAiToolCallDeltasOf(chunk: OpenAI.ChatCompletionChunk): ToolCallDelta[] {
  const calls = chunk.choices?.[0]?.delta?.tool_calls ?? [];
  return calls.map((call) => ({
    index: call.index,
    ...(call.id === undefined ? {} : { id: call.id }),
    ...(call.function?.name === undefined ? {} : { name: call.function.name }),
    ...(call.function?.arguments === undefined ? {} : { arguments: call.function.arguments }),
  }));
}
