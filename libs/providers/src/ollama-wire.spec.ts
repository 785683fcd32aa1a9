import {
  ollamaChatRequestOf,
  ollamaLogprobsOf,
  ollamaToolCallDeltasOf,
  ollamaToolCallsOf,
  ollamaUnsupported,
} from './ollama-wire';
import type { ProviderRequest } from './provider.types';

const base: ProviderRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] };

describe('ollamaChatRequestOf', () => {
  it("sends images as base64, tool calls with object arguments, and names a tool result's tool", () => {
    const chat = ollamaChatRequestOf({
      model: 'llama3.2',
      messages: [
        {
          role: 'user',
          content: 'look',
          parts: [
            { type: 'text', text: 'look' },
            { type: 'image', media_type: 'image/png', data: 'AAAA' },
          ],
        },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', name: 'lookup', arguments: '{"q":"x"}' }],
        },
        { role: 'tool', content: 'found', tool_call_id: 'c1' },
      ],
      options: {
        tools: [{ name: 'lookup', description: 'finds', parameters: { type: 'object' }, strict: true }],
        tool_choice: 'auto',
        response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } },
        seed: 3,
        stop: ['END'],
      },
    });
    expect(chat).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'user', content: 'look', images: ['AAAA'] },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'lookup', arguments: { q: 'x' } } }],
        },
        { role: 'tool', content: 'found', tool_name: 'lookup' },
      ],
      options: { seed: 3, stop: ['END'] },
      format: { type: 'object' },
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'finds', parameters: { type: 'object' } },
        },
      ],
    });
  });

  it('honours tool_choice none by offering no tools, and json_object as format json', () => {
    const chat = ollamaChatRequestOf({
      ...base,
      options: { tools: [{ name: 'f' }], tool_choice: 'none', response_format: { type: 'json_object' } },
    });
    expect(chat.tools).toBeUndefined();
    expect(chat.format).toBe('json');
  });
});

describe('ollamaUnsupported', () => {
  it.each([
    ['tool_choice', { tool_choice: 'required' as const }, false],
    ['tool_choice', { tool_choice: { function: 'f' } }, false],
    ['parallel_tool_calls', { parallel_tool_calls: false }, false],
    ['logprobs', { logprobs: true }, true],
  ])('names %s it cannot honour', (field, options, stream) => {
    expect(ollamaUnsupported({ ...base, options }, stream)).toEqual(expect.objectContaining({ field }));
  });

  it('names tool-call arguments that are not a JSON object', () => {
    const request: ProviderRequest = {
      ...base,
      messages: [{ role: 'assistant', content: '', tool_calls: [{ id: 'c', name: 'f', arguments: '[1]' }] }],
    };
    expect(ollamaUnsupported(request, false)?.field).toBe('messages.0.tool_calls.0.function.arguments');
  });

  it('honours what it can', () => {
    expect(
      ollamaUnsupported(
        { ...base, options: { tool_choice: 'auto', parallel_tool_calls: true, logprobs: true } },
        false,
      ),
    ).toBeNull();
  });
});

describe("Ollama's answers", () => {
  it('turns whole tool calls into calls with JSON arguments and minted ids, then into indexed deltas', () => {
    const calls = ollamaToolCallsOf({
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }],
    });
    expect(calls).toEqual([
      { id: expect.stringMatching(/^call_[0-9a-f]{24}$/), name: 'f', arguments: '{"a":1}' },
    ]);
    expect(ollamaToolCallDeltasOf(calls, 2)).toEqual([
      { index: 2, id: calls[0]!.id, name: 'f', arguments: '{"a":1}' },
    ]);
  });

  it('gives log probabilities in OpenAI shape', () => {
    expect(
      ollamaLogprobsOf([{ token: 'a', logprob: -1, top_logprobs: [{ token: 'b', logprob: -2 }] }]),
    ).toEqual([
      { token: 'a', logprob: -1, bytes: null, top_logprobs: [{ token: 'b', logprob: -2, bytes: null }] },
    ]);
    expect(ollamaLogprobsOf(undefined)).toBeUndefined();
  });
});
