import { AuditUnavailableError } from '@app/audit';
import { ChatFailedError, type ChatRouting, type ChatStreamEvent, type ChatStreamEvents } from '@app/chat';
import request from 'supertest';
import { httpTestbed, type HttpTestbed } from '../../test/http-testbed';
import { CompletionsController } from './completions.controller';

const routing: ChatRouting = {
  request_id: '0190e5c6-36b4-7a61-9a33-3b1c0c6d9f10',
  provider: 'cloud',
  served_by: 'cloud',
  reason_codes: ['default'],
  policy_version: 'v'.repeat(64),
  model: 'gpt-test',
  model_choice: 'default',
};

/** Events as a stream delivers them: one per turn of the event loop. */
function events(...list: ChatStreamEvent[]): ChatStreamEvents {
  const generator = (async function* () {
    for (const event of list) {
      await new Promise((resolve) => setImmediate(resolve));
      yield event;
    }
  })();
  return Object.assign(generator, { stop: async () => void (await generator.return(undefined)) });
}

/** The `data:` payloads of an SSE body, parsed where they are JSON. */
const dataOf = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as Record<string, unknown>)));

describe(CompletionsController.name, () => {
  let bed: HttpTestbed;
  const post = (body: object) => request(bed.app.getHttpServer()).post('/v1/chat/completions').send(body);
  const streamed = { model: 'auto', stream: true, messages: [{ role: 'user', content: 'hello' }] };

  beforeEach(async () => {
    bed = await httpTestbed([CompletionsController]);
  });

  afterEach(() => bed.close());

  it('streams the deltas, then the finish chunk and [DONE] once the outcome says done', async () => {
    bed.chat.stream.mockResolvedValue({
      routing,
      events: events(
        { type: 'delta', content: 'hel' },
        { type: 'delta', content: 'lo' },
        {
          type: 'done',
          result: { ...routing, usage: null, finish_reason: 'length', latency_ms: 1, provider_latency_ms: 1 },
        },
      ),
    });
    const response = await post(streamed).expect(200);
    expect(response.headers['x-policy-mesh-served-by']).toBe('cloud');
    const data = dataOf(response.text);
    expect(
      data.map((item) => (item === '[DONE]' ? item : (item.choices as { delta: object }[])[0]?.delta)),
    ).toEqual([{ role: 'assistant', content: '' }, { content: 'hel' }, { content: 'lo' }, {}, '[DONE]']);
    expect((data[3] as { choices: { finish_reason: string }[] }).choices[0]!.finish_reason).toBe('length');
  });

  it("writes tool-call pieces in OpenAI's delta shape: id and type on a call's first piece only", async () => {
    bed.chat.stream.mockResolvedValue({
      routing,
      events: events(
        { type: 'delta', content: '', tool_calls: [{ index: 0, id: 'call_1', name: 'f', arguments: '' }] },
        { type: 'delta', content: '', tool_calls: [{ index: 0, arguments: '{"a":1}' }] },
        {
          type: 'done',
          result: {
            ...routing,
            usage: null,
            finish_reason: 'tool_calls',
            latency_ms: 1,
            provider_latency_ms: 1,
          },
        },
      ),
    });
    const data = dataOf((await post(streamed).expect(200)).text);
    const choices = data.slice(1, 4).map((item) => (item as { choices: object[] }).choices[0]);
    expect(choices).toEqual([
      {
        index: 0,
        delta: {
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
        },
        finish_reason: null,
        logprobs: null,
      },
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] },
        finish_reason: null,
        logprobs: null,
      },
      { index: 0, delta: {}, finish_reason: 'tool_calls', logprobs: null },
    ]);
  });

  it.each([
    [
      'a provider that broke off',
      new ChatFailedError(
        'stream_interrupted',
        'cloud provider stream broke off before it finished',
        routing,
      ),
      { type: 'upstream_error', code: 'stream_interrupted' },
    ],
    [
      'an audit row that could not be made durable',
      new AuditUnavailableError(),
      { type: 'service_unavailable', code: 'audit_unavailable' },
    ],
  ])('ends a stream with an error event and no [DONE] after %s', async (_label, error, expected) => {
    bed.chat.stream.mockResolvedValue({
      routing,
      events: events({ type: 'delta', content: 'hel' }, { type: 'error', error }),
    });
    const data = dataOf((await post(streamed).expect(200)).text);
    expect(data).not.toContain('[DONE]');
    expect(data.at(-1)).toEqual({ error: { message: error.message, param: null, ...expected } });
  });

  it("answers a failure before the first token in OpenAI's envelope, status from the table, no served-by", async () => {
    bed.chat.stream.mockRejectedValue(new ChatFailedError('timeout', 'cloud provider timed out', routing));
    const response = await post(streamed).expect(504);
    expect(response.body).toEqual({
      error: { message: 'cloud provider timed out', type: 'timeout_error', code: 'timeout', param: null },
    });
    expect(response.headers['x-policy-mesh-provider']).toBe('cloud');
    expect(response.headers['x-policy-mesh-served-by']).toBeUndefined();
  });

  it('audits a refused body as a rejection of the OpenAI route', async () => {
    const response = await post({ model: 'auto', messages: [] }).expect(400);
    expect(bed.chat.recordRejection).toHaveBeenCalledWith(
      response.headers['x-request-id'],
      'openai',
      'VALIDATION_FAILED',
      null,
      // No key: AUTH_MODE=none.
      null,
    );
    expect(bed.chat.stream).not.toHaveBeenCalled();
  });
});
