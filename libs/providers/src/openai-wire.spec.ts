import type OpenAI from 'openai';
import { openAiAnswerOf, openAiParamsOf, openAiToolCallDeltasOf } from './openai-wire';
import type { ProviderRequest } from './provider.types';

const choice = (message: object, extra: object = {}) =>
  ({
    index: 0,
    finish_reason: 'tool_calls',
    logprobs: null,
    message,
    ...extra,
  }) as OpenAI.ChatCompletion.Choice;

describe('openAiAnswerOf', () => {
  it('takes a tool-calling answer with content null as an answer, not an invalid response', () => {
    const answer = openAiAnswerOf(
      choice({
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      }),
    );
    expect(answer).toEqual({ content: '', tool_calls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }] });
  });

  it('still refuses a message with neither text nor tool calls', () => {
    expect(openAiAnswerOf(choice({ role: 'assistant', content: null, refusal: null }))).toBeNull();
    expect(openAiAnswerOf(undefined)).toBeNull();
  });

  it('keeps the log probabilities OpenAI sent', () => {
    const content = [{ token: 'hi', logprob: -0.1, bytes: [104, 105], top_logprobs: [] }];
    expect(
      openAiAnswerOf(
        choice({ role: 'assistant', content: 'hi', refusal: null }, { logprobs: { content, refusal: null } }),
      ),
    ).toEqual({ content: 'hi', logprobs: content });
  });
});

describe('openAiParamsOf', () => {
  it('sends tool turns, tool calls, images, tools and structured output in OpenAI wire shape', () => {
    const request: ProviderRequest = {
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: 'look',
          parts: [
            { type: 'text', text: 'look' },
            { type: 'image', media_type: 'image/png', data: 'AAAA', detail: 'low' },
          ],
        },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: 'done', tool_call_id: 'c1' },
      ],
      options: {
        tools: [{ name: 'f', description: 'does f', parameters: { type: 'object' } }],
        tool_choice: { function: 'f' },
        parallel_tool_calls: false,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', schema: { type: 'object' }, strict: true },
        },
        logprobs: true,
        top_logprobs: 2,
      },
    };
    expect(openAiParamsOf(request)).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', content: 'done', tool_call_id: 'c1' },
      ],
      tools: [
        { type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' } } },
      ],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object' }, strict: true },
      },
      logprobs: true,
      top_logprobs: 2,
    });
  });
});

describe('openAiToolCallDeltasOf', () => {
  it('keeps the pieces of streamed tool calls with their index', () => {
    const chunk = {
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [{ index: 1, id: 'c2', type: 'function', function: { name: 'g', arguments: '' } }],
          },
          finish_reason: null,
        },
      ],
    } as unknown as OpenAI.ChatCompletionChunk;
    expect(openAiToolCallDeltasOf(chunk)).toEqual([{ index: 1, id: 'c2', name: 'g', arguments: '' }]);
  });
});
