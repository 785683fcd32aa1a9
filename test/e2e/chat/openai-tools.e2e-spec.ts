// What agent frameworks rely on, through the official openai SDK with only baseURL changed: tools
// (whole and streamed, on both tiers), tool turns, structured output, log probabilities and image
// parts, each checked against what reached the upstream, byte for byte.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { RecordedRequest } from '../../fakes';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  useGateway,
} from '../../support/gateway-harness';

const WEATHER: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const CLOCK: ChatCompletionTool = { type: 'function', function: { name: 'get_time' } };
/** The arguments the fakes put in their tool calls. */
const FAKE_ARGS = (name: string) => JSON.stringify({ tool: name, n: 1 });
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

/** A conversation after one tool round: the question, the model's call, the tool's result. */
function afterToolCall(
  question: string,
  result: string,
  args = '{"city":"Paris"}',
): ChatCompletionMessageParam[] {
  return [
    { role: 'user', content: question },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: result },
  ];
}

/** The SDK's error for a refused request, with the gateway's request id to find its audit row. */
const refusal = (caught: InstanceType<typeof OpenAI.APIError>) => ({
  error: caught,
  requestId: caught.headers?.get('x-request-id') ?? null,
});

const only = (requests: RecordedRequest[]): RecordedRequest => {
  expect(requests).toHaveLength(1);
  return requests[0]!;
};

describe('tools, structured output and images through the openai SDK (e2e)', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  const cloudChats = () => harness.openai.requestsTo('/v1/chat/completions');
  const localChats = () => harness.ollama.requestsTo('/api/chat');
  const gateway = useGateway('openai_tools', { policy: CLOUD_DEFAULT_POLICY });
  beforeAll(() => ({ harness, client } = gateway()));

  describe('tool calls, whole answers', () => {
    it('answers a cloud tool call with message.tool_calls, content null and finish_reason tool_calls', async () => {
      const { data, response } = await client.chat.completions
        .create({
          model: 'auto',
          messages: [{ role: 'user', content: LONG_PROMPT }],
          tools: [WEATHER, CLOCK],
        })
        .withResponse();
      expect(response.headers.get('x-policy-mesh-served-by')).toBe('cloud');
      expect(data.choices[0]).toMatchObject({
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_fake_0',
              type: 'function',
              function: { name: 'get_weather', arguments: FAKE_ARGS('get_weather') },
            },
            {
              id: 'call_fake_1',
              type: 'function',
              function: { name: 'get_time', arguments: FAKE_ARGS('get_time') },
            },
          ],
        },
      });
      // The cloud got the tools as the client wrote them, and nothing else was added or lost.
      expect(only(cloudChats()).raw).toBe(
        JSON.stringify({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: LONG_PROMPT }],
          tools: [WEATHER, CLOCK],
          stream: false,
        }),
      );
      const [row] = await harness.auditRows('request_id = $1', [
        response.headers.get('x-policy-mesh-request-id'),
      ]);
      expect(row).toMatchObject({ status: 'success', served_by: 'cloud', reason_codes: ['default'] });
    });

    it("answers a local tool call in OpenAI's shape, Ollama's whole call given an id and JSON arguments", async () => {
      const { data, response } = await client.chat.completions
        .create({ model: 'auto', messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER] })
        .withResponse();
      expect(response.headers.get('x-policy-mesh-served-by')).toBe('local');
      const choice = data.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      expect(choice.message.tool_calls).toEqual([
        {
          id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
          type: 'function',
          function: { name: 'get_weather', arguments: FAKE_ARGS('get_weather') },
        },
      ]);
      expect(only(localChats()).raw).toBe(
        JSON.stringify({
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'weather?' }],
          options: {},
          tools: [WEATHER],
          stream: false,
        }),
      );
    });
  });

  describe('tool calls, streamed', () => {
    it.each([
      ['cloud', LONG_PROMPT, /^call_fake_\d$/],
      ['local', 'weather?', /^call_[0-9a-f]{24}$/],
    ])('streams %s tool calls as OpenAI deltas the SDK assembles', async (tier, content, idPattern) => {
      const stream = client.chat.completions.stream({
        model: 'auto',
        messages: [{ role: 'user', content }],
        tools: [WEATHER, CLOCK],
      });
      const final = await stream.finalChatCompletion();
      const choice = final.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.tool_calls).toEqual([
        expect.objectContaining({
          id: expect.stringMatching(idPattern),
          type: 'function',
          function: { name: 'get_weather', arguments: FAKE_ARGS('get_weather') },
        }),
        expect.objectContaining({
          id: expect.stringMatching(idPattern),
          type: 'function',
          function: { name: 'get_time', arguments: FAKE_ARGS('get_time') },
        }),
      ]);
      expect((tier === 'cloud' ? cloudChats() : localChats()).map((r) => r.body)).toEqual([
        expect.objectContaining({ tools: [WEATHER, CLOCK], stream: true }),
      ]);
    });

    it('sends the first piece of each call with its id and name, as OpenAI does', async () => {
      const stream = await client.chat.completions.create({
        model: 'auto',
        stream: true,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [WEATHER],
      });
      const pieces: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
      for await (const chunk of stream) pieces.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      expect(pieces).toEqual([
        {
          index: 0,
          id: expect.stringMatching(/^call_/),
          type: 'function',
          function: { name: 'get_weather', arguments: FAKE_ARGS('get_weather') },
        },
      ]);
    });
  });

  describe('tool turns in the conversation', () => {
    it('forwards the assistant call and the tool result to the cloud as OpenAI messages', async () => {
      const messages = afterToolCall(LONG_PROMPT, 'Sunny, 21 degrees');
      const completion = await client.chat.completions.create({ model: 'auto', messages, tools: [WEATHER] });
      expect(completion.choices[0]!.message.content).toMatch(/^cloud reply/);
      expect(only(cloudChats()).raw).toBe(
        JSON.stringify({
          model: 'gpt-4o-mini',
          messages: [
            messages[0],
            messages[1],
            { role: 'tool', content: 'Sunny, 21 degrees', tool_call_id: 'call_1' },
          ],
          tools: [WEATHER],
          stream: false,
        }),
      );
    });

    it('forwards them to Ollama in its own shape: arguments as an object, the result named by its tool', async () => {
      // Kept short, so the cost rule keeps it local.
      const messages = afterToolCall('weather?', 'Sunny', '{}');
      const completion = await client.chat.completions.create({ model: 'auto', messages, tools: [WEATHER] });
      expect(completion.choices[0]!.message.content).toMatch(/^local reply/);
      expect(only(localChats()).raw).toBe(
        JSON.stringify({
          model: 'llama3.2',
          messages: [
            { role: 'user', content: 'weather?' },
            {
              role: 'assistant',
              content: '',
              tool_calls: [{ function: { name: 'get_weather', arguments: {} } }],
            },
            { role: 'tool', content: 'Sunny', tool_name: 'get_weather' },
          ],
          options: {},
          tools: [WEATHER],
          stream: false,
        }),
      );
    });
  });

  describe('structured output and the other fields', () => {
    it.each([
      ['json_object', { type: 'json_object' as const }, 'json'],
      [
        'json_schema',
        {
          type: 'json_schema' as const,
          json_schema: {
            name: 'answer',
            schema: { type: 'object', properties: { provider: { type: 'string' } } },
          },
        },
        { type: 'object', properties: { provider: { type: 'string' } } },
      ],
    ])('passes response_format %s to both tiers (Ollama: format)', async (_label, format, ollamaFormat) => {
      const cloud = await client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: LONG_PROMPT }],
        response_format: format,
        seed: 42,
        stop: ['END'],
      });
      expect(JSON.parse(cloud.choices[0]!.message.content!)).toEqual({ provider: 'cloud', messages: 1 });
      expect(only(cloudChats()).body).toMatchObject({ response_format: format, seed: 42, stop: ['END'] });

      const local = await client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: 'json please' }],
        response_format: format,
        seed: 42,
        stop: ['END'],
      });
      expect(JSON.parse(local.choices[0]!.message.content!)).toEqual({ provider: 'local', messages: 1 });
      expect(only(localChats()).body).toMatchObject({
        format: ollamaFormat,
        options: { seed: 42, stop: ['END'] },
      });
    });

    it('returns log probabilities from both tiers for whole answers', async () => {
      for (const content of [LONG_PROMPT, 'hello there']) {
        const completion = await client.chat.completions.create({
          model: 'auto',
          messages: [{ role: 'user', content }],
          logprobs: true,
          top_logprobs: 2,
        });
        const tokens = completion.choices[0]!.logprobs!.content!;
        expect(tokens.map((token) => token.token).join('')).toBe(completion.choices[0]!.message.content);
      }
      expect(only(cloudChats()).body).toMatchObject({ logprobs: true, top_logprobs: 2 });
      expect(only(localChats()).body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    });
  });

  describe('image parts', () => {
    const withImage = (text: string): ChatCompletionMessageParam[] => [
      {
        role: 'user',
        content: [
          { type: 'text', text },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
    ];

    it('keeps a request with an image local under the default policy, with its own reason code', async () => {
      const { data, response } = await client.chat.completions
        .create({ model: 'auto', messages: withImage(LONG_PROMPT) })
        .withResponse();
      expect(data.choices[0]!.message.content).toMatch(/^local reply/);
      expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('image_present');
      expect(cloudChats()).toHaveLength(0);
      expect(only(localChats()).raw).toBe(
        JSON.stringify({
          model: 'llama3.2',
          messages: [{ role: 'user', content: LONG_PROMPT, images: [PNG] }],
          options: {},
          stream: false,
        }),
      );
      const rows = await harness.auditRows('request_id = $1', [
        response.headers.get('x-policy-mesh-request-id'),
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        reason_codes: ['image_present'],
        prompt_flags: expect.objectContaining({ images: 1 }),
      });
      // The audit keeps a count, never the bytes or the words.
      expect(JSON.stringify(rows[0])).not.toContain(PNG.slice(0, 24));
      expect(JSON.stringify(rows[0])).not.toContain('bicycle');
    });

    it.each([
      ['a remote image', { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
      ['an audio part', { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }],
    ])('refuses %s with BadRequestError unsupported_content', async (_label, part) => {
      const error = await client.chat.completions
        .create({
          model: 'auto',
          messages: [{ role: 'user', content: [part] as OpenAI.ChatCompletionContentPart[] }],
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, code: 'unsupported_content' });
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toMatch(
        /^messages\.0\.content\.0/,
      );
      expect(localChats()).toHaveLength(0);
      expect(cloudChats()).toHaveLength(0);
    });
  });

  describe("errors in OpenAI's shape", () => {
    it('refuses tool_choice "required" on the local tier with unsupported_parameter, audited as a rejection', async () => {
      const { error, requestId } = await client.chat.completions
        .create({
          model: 'auto',
          messages: [{ role: 'user', content: 'weather?' }],
          tools: [WEATHER],
          tool_choice: 'required',
        })
        .withResponse()
        .then(() => ({ error: null, requestId: null }), refusal);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ code: 'unsupported_parameter', param: 'tool_choice' });
      expect(localChats()).toHaveLength(0);
      expect(cloudChats()).toHaveLength(0);
      expect(await harness.auditRows('request_id = $1', [requestId])).toEqual([
        expect.objectContaining({ status: 'rejected', error_code: 'UNSUPPORTED_PARAMETER' }),
      ]);
    });

    it.each([false, true])(
      "answers 400 unsupported_parameter when the local model cannot call tools (Ollama's own 400), stream %s",
      async (stream) => {
        harness.ollama.setFault({
          kind: 'status',
          status: 400,
          message: 'registry.ollama.ai/library/gemma:2b does not support tools',
        });
        const { error, requestId } = await client.chat.completions
          .create({
            model: 'auto',
            messages: [{ role: 'user', content: 'weather?' }],
            tools: [WEATHER],
            stream,
          })
          .withResponse()
          .then(() => ({ error: null, requestId: null }), refusal);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(error).toMatchObject({ code: 'unsupported_parameter', param: 'tools' });
        expect(error?.message).not.toContain('gemma');
        expect(localChats()).toHaveLength(1);
        expect(cloudChats()).toHaveLength(0);
        expect(await harness.auditRows('request_id = $1', [requestId])).toEqual([
          expect.objectContaining({
            status: 'failure',
            provider: 'local',
            failure_category: 'client_error',
          }),
        ]);
      },
    );

    it('does not fall back from a failed cloud to a local tier that cannot honour tool_choice', async () => {
      harness.openai.setFault({ kind: 'status', status: 500 });
      const error = await client.chat.completions
        .create({
          model: 'auto',
          messages: [{ role: 'user', content: LONG_PROMPT }],
          tools: [WEATHER],
          tool_choice: { type: 'function', function: { name: 'get_weather' } },
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      expect(error).toMatchObject({ status: 502, code: 'server_error' });
      expect(localChats()).toHaveLength(0);
    });

    it('passes tool_choice "required" and parallel_tool_calls to the cloud, which honours them', async () => {
      const completion = await client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: LONG_PROMPT }],
        tools: [WEATHER, CLOCK],
        tool_choice: 'required',
        parallel_tool_calls: false,
      });
      expect(completion.choices[0]!.message.tool_calls).toHaveLength(1);
      expect(only(cloudChats()).body).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
    });

    it.each([
      ['a streamed logprobs request', { stream: true, logprobs: true }, 'unsupported_parameter', 'logprobs'],
      [
        'a custom tool',
        { tools: [{ type: 'custom', custom: { name: 'x' } }] },
        'unsupported_parameter',
        'tools.0.type',
      ],
      [
        'a malformed tool',
        { tools: [{ type: 'function', function: { name: 'no spaces' } }] },
        'validation_failed',
        'tools.0.function.name',
      ],
      [
        'a tool message without its call id',
        { messages: [{ role: 'tool', content: 'x' }] },
        'validation_failed',
        'messages.0.tool_call_id',
      ],
      [
        'a bad response_format',
        { response_format: { type: 'yaml' } },
        'validation_failed',
        'response_format.type',
      ],
    ])('raises BadRequestError for %s', async (_label, extra, code, param) => {
      const error = await client.chat.completions
        .create({ model: 'auto', messages: [{ role: 'user', content: 'hello' }], ...extra } as never)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ code, param });
    });
  });
});

describe('image parts under `images: allow` (e2e)', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  const gateway = useGateway('openai_images_allow', {
    policy: { ...CLOUD_DEFAULT_POLICY, images: 'allow' },
  });
  beforeAll(() => ({ harness, client } = gateway()));

  it('sends the image to the cloud as an OpenAI part when the text routes there', async () => {
    const messages: ChatCompletionMessageParam[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: LONG_PROMPT },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${PNG}`, detail: 'high' } },
        ],
      },
    ];
    const { response } = await client.chat.completions.create({ model: 'auto', messages }).withResponse();
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('default');
    expect(only(harness.openai.requestsTo('/v1/chat/completions')).raw).toBe(
      JSON.stringify({ model: 'gpt-4o-mini', messages, stream: false }),
    );
  });

  it('keeps it local with the text when a keyword says so', async () => {
    harness.openai.reset();
    const { response } = await client.chat.completions
      .create({
        model: 'auto',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: `${LONG_PROMPT} (internal)` },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            ],
          },
        ],
      })
      .withResponse();
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('sensitive_keyword_match');
    expect(harness.openai.requests).toHaveLength(0);
  });
});
