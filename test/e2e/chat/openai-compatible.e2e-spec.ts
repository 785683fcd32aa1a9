// The official openai SDK pointed at the gateway, with only baseURL changed.
import OpenAI from 'openai';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  useGateway,
} from '../../support/gateway-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForRows(harness: GatewayHarness, requestId: string): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const rows = await harness.auditRows('request_id = $1', [requestId]);
    if (rows.length > 0) return rows;
    await sleep(50);
  }
  return [];
}

describe('OpenAI-compatible API through the openai SDK (e2e)', () => {
  const gateway = useGateway('openai_compat', { policy: CLOUD_DEFAULT_POLICY });
  let harness: GatewayHarness;
  let client: OpenAI;
  beforeAll(() => ({ harness, client } = gateway()));

  it.each([
    ['local', 'hello there'],
    ['cloud', LONG_PROMPT],
  ])('answers a whole completion from %s with routing headers', async (provider, content) => {
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(provider === 'local' ? /^local reply/ : /^cloud reply/);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-policy-mesh-provider')).toBe(provider);
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe(
      provider === 'local' ? 'cost_prefer_local' : 'default',
    );
    expect(response.headers.get('x-policy-mesh-policy-version')).toMatch(/^[0-9a-f]{64}$/);
    const requestId = response.headers.get('x-policy-mesh-request-id')!;
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(await harness.auditRows('request_id = $1', [requestId])).toHaveLength(1);
  });

  it.each([
    ['local (NDJSON upstream)', 'hello there', /^local reply/],
    ['cloud (SSE upstream)', LONG_PROMPT, /^cloud reply/],
  ])('streams from %s in OpenAI chunks with usage, audited at the end', async (_label, content, pattern) => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'auto',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content }],
      })
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toMatch(pattern);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const [row] = await harness.auditRows('request_id = $1', [
      response.headers.get('x-policy-mesh-request-id'),
    ]);
    expect(row).toMatchObject({ status: 'success', stream: true, output_tokens: usage?.completion_tokens });
  });

  it('accepts every OpenAI request field and passes on what the provider supports', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: LONG_PROMPT }] },
      ],
      temperature: 0.3,
      max_completion_tokens: 50,
      stop: 'END',
      seed: 7,
      user: 'team-a',
      n: 1,
      logit_bias: {},
      metadata: { purpose: 'test' },
      store: false,
      response_format: { type: 'text' },
      tools: [
        { type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } },
      ],
      // The tools are offered but not to be called: the model answers in text.
      tool_choice: 'none',
    });
    expect(completion.choices[0]!.message.content).toMatch(/^cloud reply/);
    const body = harness.openai.requestsTo('/v1/chat/completions')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      temperature: 0.3,
      max_tokens: 50,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'text' },
      tools: [
        { type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'none',
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: LONG_PROMPT },
    ]);
  });

  it("raises the SDK's APIError with the failure category when the provider fails", async () => {
    harness.ollama.setFault({ kind: 'status', status: 500 });
    const error = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('server_error');
  });

  it("answers invalid input in OpenAI's error envelope", async () => {
    const error = await client.chat.completions
      .create({ model: 'auto', messages: [] })
      .catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('validation_failed');
  });

  it('lists models, "auto" first', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids[0]).toBe('auto');
    expect(ids).toEqual(expect.arrayContaining(['llama3.2', 'gpt-4o-mini']));
  });

  it('audits a client that leaves mid-stream as canceled and closes the upstream request', async () => {
    harness.ollama.setFault({ kind: 'drip', ms: 150 });
    const controller = new AbortController();
    const { data: stream, response } = await client.chat.completions
      .create(
        { model: 'auto', stream: true, messages: [{ role: 'user', content: 'hello there' }] },
        { signal: controller.signal },
      )
      .withResponse();
    const requestId = response.headers.get('x-policy-mesh-request-id')!;
    let received = '';
    // The SDK ends the iteration quietly once its signal aborts.
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta?.content ?? '';
      if (received.length > 0) controller.abort();
    }
    expect(received).toBe('local');
    const rows = await waitForRows(harness, requestId);
    expect(rows).toEqual([
      expect.objectContaining({ status: 'failure', failure_category: 'canceled', stream: true }),
    ]);
    expect(harness.ollama.requestsTo('/api/chat')[0]!.closedByClient).toBe(true);
  });
});
