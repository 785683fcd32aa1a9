// The fakes' paced streams (the gateway bench's slow upstream) and their quiet mode, without
// changing what the other tests get by default.
import {
  type FakeServer,
  startFakeOllama,
  startFakeOpenAi,
  STREAM_SHAPE_HEADER,
  streamShapeMarker,
} from './index';

const messages = [{ role: 'user', content: 'hello there' }];

async function post(server: FakeServer, path: string, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return res.text();
}

/** The content deltas of an OpenAI SSE body, in order, and whether it ended with [DONE]. */
function sseDeltas(text: string): { deltas: string[]; done: boolean } {
  const data = text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice(6));
  const deltas = data
    .filter((d) => d !== '[DONE]')
    .map((d) => (JSON.parse(d) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content)
    .filter((c): c is string => c !== undefined && c !== '');
  return { deltas, done: data.at(-1) === '[DONE]' };
}

describe('fake upstreams: paced streams', () => {
  const servers: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  const start = async <T extends FakeServer>(server: Promise<T>) => {
    servers.push(await server);
    return server;
  };

  it('streams as many content chunks as the server shape says, then the end', async () => {
    const openai = await start(startFakeOpenAi({ streamShape: { chunks: 5, intervalMs: 1 } }));
    const text = await post(openai, '/v1/chat/completions', { model: 'gpt-4o-mini', messages, stream: true });
    expect(sseDeltas(text)).toEqual({ deltas: ['cloud', ' w1', ' w2', ' w3', ' w4'], done: true });
  });

  it('lets one request pick its own shape with the header', async () => {
    const openai = await start(startFakeOpenAi());
    const paced = await post(
      openai,
      '/v1/chat/completions',
      { model: 'gpt-4o-mini', messages, stream: true },
      { [STREAM_SHAPE_HEADER]: '3x0' },
    );
    expect(sseDeltas(paced).deltas).toEqual(['cloud', ' w1', ' w2']);
    const plain = await post(openai, '/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    });
    expect(sseDeltas(plain).deltas.join('')).toBe('cloud reply to 1 message(s) of 2 word(s).');
  });

  it('lets a request behind a gateway pick its shape with a marker in its last message', async () => {
    const openai = await start(startFakeOpenAi());
    const paced = await post(openai, '/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: `a long one please ${streamShapeMarker({ chunks: 4, intervalMs: 0 })}` },
      ],
      stream: true,
    });
    expect(sseDeltas(paced).deltas).toEqual(['cloud', ' w1', ' w2', ' w3']);
  });

  it('answers whole requests at once and with the usual content whatever the shape', async () => {
    const openai = await start(startFakeOpenAi({ streamShape: { chunks: 20, intervalMs: 1000 } }));
    const body = JSON.parse(
      await post(openai, '/v1/chat/completions', { model: 'gpt-4o-mini', messages }),
    ) as {
      choices: { message: { content: string } }[];
    };
    expect(body.choices[0]?.message.content).toBe('cloud reply to 1 message(s) of 2 word(s).');
  });

  it('paces Ollama NDJSON streams the same way', async () => {
    const ollama = await start(startFakeOllama({ streamShape: { chunks: 4, intervalMs: 1 } }));
    const lines = (await post(ollama, '/api/chat', { model: 'llama3.2', messages }))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: { content: string }; done: boolean });
    expect(lines.filter((l) => !l.done).map((l) => l.message.content)).toEqual([
      'local',
      ' w1',
      ' w2',
      ' w3',
    ]);
    expect(lines.at(-1)?.done).toBe(true);
  });

  it('keeps no request when told not to record, and every request by default', async () => {
    const quiet = await start(startFakeOpenAi({ record: false }));
    const recording = await start(startFakeOpenAi());
    await post(quiet, '/v1/chat/completions', { model: 'gpt-4o-mini', messages });
    await post(recording, '/v1/chat/completions', { model: 'gpt-4o-mini', messages });
    expect(quiet.requests).toHaveLength(0);
    expect(recording.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });
});
