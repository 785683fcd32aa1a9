import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { HttpRequestError } from '../http/http-error';
import { MAX_MESSAGES } from '../http/request-limits';
import { GatewayValidationPipe } from '../http/validation.pipe';
import { toCompletionRequest } from './completion-request';
import { CompletionRequestDto } from './completion-request.dto';

const pipe = new GatewayValidationPipe();
const asBody: ArgumentMetadata = { type: 'body', metatype: CompletionRequestDto };
const user = (content: unknown = 'hi') => ({ role: 'user', content });

async function validate(body: unknown): Promise<CompletionRequestDto> {
  return (await pipe.transform(body, asBody)) as CompletionRequestDto;
}

async function violations(body: unknown): Promise<{ field: string; message: string }[]> {
  const error = await validate(body).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpRequestError);
  expect((error as HttpRequestError).code).toBe('VALIDATION_FAILED');
  return [...(error as HttpRequestError).violations];
}

describe(CompletionRequestDto.name, () => {
  it('accepts every documented field within its range and passes on what the providers use', async () => {
    const body = await validate({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }], name: 'ann' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', content: 'result', tool_call_id: 'x' },
      ],
      temperature: 2,
      top_p: 0,
      max_completion_tokens: 1,
      max_tokens: 9,
      n: 1,
      stop: ['a', 'b', 'c', 'd'],
      seed: -7,
      presence_penalty: -2,
      frequency_penalty: 2,
      response_format: { type: 'json_object' },
      logprobs: true,
      top_logprobs: 20,
      user: 'team-a',
      stream: true,
      stream_options: { include_usage: true },
      logit_bias: { '50256': -100 },
      metadata: { purpose: 'test' },
      store: false,
      tools: [{ type: 'function', function: { name: 'noop' } }],
      some_future_field: { anything: 1 },
    });
    const request = toCompletionRequest(body);
    expect(request.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'result' },
    ]);
    expect(request.options).toEqual({
      temperature: 2,
      top_p: 0,
      max_tokens: 1,
      stop: ['a', 'b', 'c', 'd'],
      seed: -7,
      presence_penalty: -2,
      frequency_penalty: 2,
      response_format: { type: 'json_object' },
      tools: [{ name: 'noop' }],
      logprobs: true,
      top_logprobs: 20,
    });
    expect(request).toMatchObject({ stream: true, includeUsage: true, user: 'team-a', model: 'gpt-4o-mini' });
    expect(body).not.toHaveProperty('some_future_field');
  });

  it('treats null as unset, as OpenAI does', async () => {
    const request = toCompletionRequest(
      await validate({
        messages: [user()],
        temperature: null,
        max_tokens: null,
        stop: null,
        n: null,
        response_format: null,
        stream: null,
        user: null,
      }),
    );
    expect(request.options).toEqual({});
    expect(request.stream).toBe(false);
    expect(request.user).toBeNull();
  });

  it.each([
    ['max_tokens', { max_tokens: -1 }, 'max_tokens must be at least 1'],
    ['max_tokens', { max_tokens: 0 }, 'max_tokens must be at least 1'],
    ['max_tokens', { max_tokens: 1.5 }, 'max_tokens must be an integer'],
    ['max_completion_tokens', { max_completion_tokens: 0 }, 'max_completion_tokens must be at least 1'],
    ['n', { n: -5 }, 'n must be between 1 and 128'],
    ['n', { n: 129 }, 'n must be between 1 and 128'],
    ['temperature', { temperature: 2.01 }, 'temperature must be between 0 and 2'],
    ['temperature', { temperature: -0.1 }, 'temperature must be between 0 and 2'],
    ['temperature', { temperature: '1' }, 'temperature must be a number'],
    ['top_p', { top_p: 1.5 }, 'top_p must be between 0 and 1'],
    ['presence_penalty', { presence_penalty: -3 }, 'presence_penalty must be between -2 and 2'],
    ['frequency_penalty', { frequency_penalty: 2.5 }, 'frequency_penalty must be between -2 and 2'],
    [
      'stop',
      { stop: Array.from({ length: 10_000 }, () => 'x') },
      'stop must be a string or an array of at most 4 strings',
    ],
    ['stop', { stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop must be a string or an array of at most 4 strings'],
    ['stop', { stop: [1] }, 'stop must be a string or an array of at most 4 strings'],
    ['seed', { seed: 1.5 }, 'seed must be an integer'],
    ['logprobs', { logprobs: 'yes' }, 'logprobs must be a boolean'],
    ['top_logprobs', { top_logprobs: 21 }, 'top_logprobs must be between 0 and 20'],
    ['user', { user: 42 }, 'user must be a string'],
    ['response_format', { response_format: 'json' }, 'response_format must be an object'],
    [
      'response_format.type',
      { response_format: { type: 'yaml' } },
      'response_format.type must be one of text, json_object, json_schema',
    ],
    [
      'response_format.json_schema',
      { response_format: { type: 'json_schema' } },
      'response_format.json_schema is required when type is json_schema',
    ],
    [
      'response_format.json_schema.name',
      { response_format: { type: 'json_schema', json_schema: { name: 'has space' } } },
      'json_schema.name must be 1-64 letters, digits, underscores or dashes',
    ],
    [
      'response_format.json_schema.strict',
      { response_format: { type: 'json_schema', json_schema: { name: 'x', strict: 'yes' } } },
      'json_schema.strict must be a boolean',
    ],
    ['model', { model: 'gpt\u0000' }, 'model must not contain a NUL character'],
  ])('refuses %s out of its documented range', async (field, extra, message) => {
    await expect(violations({ messages: [user()], ...extra })).resolves.toContainEqual({ field, message });
  });

  it('accepts a complete json_schema response format', async () => {
    const body = await validate({
      messages: [user()],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer_1', schema: { type: 'object' }, strict: true },
      },
    });
    expect(body.response_format?.json_schema?.name).toBe('answer_1');
  });

  it('names every violated field of a message', async () => {
    const found = await violations({ messages: [{ role: 'wizard', content: 42 }] });
    expect(found).toEqual(
      expect.arrayContaining([
        {
          field: 'messages.0.role',
          message: 'role must be one of system, developer, user, assistant, tool, function',
        },
        { field: 'messages.0.content', message: expect.stringMatching(/^content must be a string/) },
      ]),
    );
  });

  it('caps the number of messages at the gateway-wide limit', async () => {
    await expect(
      violations({ messages: Array.from({ length: MAX_MESSAGES + 1 }, () => user()) }),
    ).resolves.toContainEqual({
      field: 'messages',
      message: `messages must contain at most ${MAX_MESSAGES} messages`,
    });
    await expect(
      validate({ messages: Array.from({ length: MAX_MESSAGES }, () => user()) }),
    ).resolves.toBeDefined();
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[user()], 'hello', 42]) {
      await expect(violations(body)).resolves.toContainEqual({
        field: 'messages',
        message: 'messages must be an array',
      });
    }
  });

  it('refuses n > 1 with its own code instead of answering one choice in silence', async () => {
    const body = await validate({ messages: [user()], n: 2 });
    expect(() => toCompletionRequest(body)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_PARAMETER',
        violations: [expect.objectContaining({ field: 'n' })],
      }),
    );
  });

  it('refuses a content part the policy cannot scan', async () => {
    const body = await validate({
      messages: [user([{ type: 'image_url', image_url: { url: 'data:,' } }])],
    });
    expect(() => toCompletionRequest(body)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_CONTENT' }));
  });

  const PNG = 'iVBORw0KGgo=';

  it('keeps tool calls, tool results and images for upstream, and gives the policy their text', async () => {
    const request = toCompletionRequest(
      await validate({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'look' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'lookup', arguments: '{"q":"\\u0073ecret"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'the answer' },
        ],
      }),
    );
    expect(request.upstream).toEqual([
      {
        role: 'user',
        content: 'look',
        parts: [
          { type: 'text', text: 'look' },
          { type: 'image', media_type: 'image/png', data: PNG, detail: 'low' },
        ],
      },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"\\u0073ecret"}' }],
      },
      { role: 'tool', content: 'the answer', tool_call_id: 'call_1' },
    ]);
    // The policy reads the call's name, its raw arguments and their decoded strings.
    expect(request.messages).toEqual([
      { role: 'user', content: 'look' },
      { role: 'assistant', content: '\nlookup\n{"q":"\\u0073ecret"}\nq\nsecret' },
      { role: 'user', content: 'the answer' },
    ]);
  });

  it.each([
    [
      'a remote image',
      { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      'messages.0.content.0.image_url.url',
    ],
    [
      'an svg data URL',
      { type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } },
      'messages.0.content.0.image_url.url',
    ],
    ['audio', { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }, 'messages.0.content.0'],
    ['a file', { type: 'file', file: { file_id: 'f' } }, 'messages.0.content.0'],
  ])('refuses %s with UNSUPPORTED_CONTENT naming the part', async (_label, part, field) => {
    const body = await validate({ messages: [user([part])] });
    expect(() => toCompletionRequest(body)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_CONTENT',
        violations: [expect.objectContaining({ field })],
      }),
    );
  });

  it("reads an assistant's echoed refusal part as its text", async () => {
    const request = toCompletionRequest(
      await validate({
        messages: [
          user(),
          { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot' }] },
          user(),
        ],
      }),
    );
    expect(request.upstream[1]).toEqual({ role: 'assistant', content: 'I cannot' });
  });

  it('refuses an image outside a user turn', async () => {
    const body = await validate({
      messages: [
        {
          role: 'system',
          content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }],
        },
        user(),
      ],
    });
    expect(() => toCompletionRequest(body)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_CONTENT' }));
  });

  it('passes tools, tool_choice, parallel_tool_calls and a json_schema format on', async () => {
    const request = toCompletionRequest(
      await validate({
        messages: [user()],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'weather',
              parameters: { type: 'object' },
              strict: true,
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
        response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' } } },
      }),
    );
    expect(request.options).toEqual({
      tools: [{ name: 'get_weather', description: 'weather', parameters: { type: 'object' }, strict: true }],
      tool_choice: { function: 'get_weather' },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' } } },
    });
  });

  it.each([
    [
      'a custom tool',
      { tools: [{ type: 'custom', custom: { name: 'x' } }] },
      'UNSUPPORTED_PARAMETER',
      'tools.0.type',
    ],
    [
      'allowed_tools',
      {
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'allowed_tools', allowed_tools: {} },
      },
      'UNSUPPORTED_PARAMETER',
      'tool_choice.type',
    ],
    [
      'a tool_choice naming no offered tool',
      {
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'function', function: { name: 'b' } },
      },
      'VALIDATION_FAILED',
      'tool_choice.function.name',
    ],
    ['top_logprobs without logprobs', { top_logprobs: 3 }, 'VALIDATION_FAILED', 'top_logprobs'],
    ['tool_choice without tools', { tool_choice: 'auto' }, 'VALIDATION_FAILED', 'tool_choice'],
    [
      'parallel_tool_calls without tools',
      { parallel_tool_calls: true },
      'VALIDATION_FAILED',
      'parallel_tool_calls',
    ],
    ['legacy functions', { functions: [{ name: 'f' }] }, 'UNSUPPORTED_PARAMETER', 'functions'],
    ['a legacy function_call', { function_call: 'auto' }, 'UNSUPPORTED_PARAMETER', 'function_call'],
  ])('refuses %s with its code', async (_label, extra, code, field) => {
    const body = await validate({ messages: [user()], ...extra });
    expect(() => toCompletionRequest(body)).toThrow(
      expect.objectContaining({ code, violations: [expect.objectContaining({ field })] }),
    );
  });

  it.each([
    ['tool_choice', { tool_choice: 'always' }],
    ['tools.0.function.name', { tools: [{ type: 'function', function: { name: 'has space' } }] }],
    ['tools', { tools: {} }],
    [
      'parallel_tool_calls',
      { parallel_tool_calls: 'yes', tools: [{ type: 'function', function: { name: 'f' } }] },
    ],
    ['messages.0.tool_call_id', { messages: [{ role: 'tool', content: 'r' }] }],
    [
      'messages.0.tool_calls.0.function.arguments',
      {
        messages: [
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'a', arguments: {} } }],
          },
        ],
      },
    ],
    ['messages.0.content', { messages: [user([{ type: 'image_url', image_url: 'data:' }])] }],
  ])('refuses a malformed %s as VALIDATION_FAILED', async (field, extra) => {
    const found = await violations({ messages: [user()], ...extra });
    expect(found.map((violation) => violation.field)).toContain(field);
  });
});
