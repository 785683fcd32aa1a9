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
});
