// A fake Ollama server speaking the real wire protocol: /api/chat as JSON and NDJSON, /api/tags,
// /api/version, and Ollama's `{"error": "..."}` bodies.
import {
  FakeServer,
  countTokens,
  demoModel,
  pacedWords,
  replyWords,
  streamShapeOf,
  writeParts,
  writeWhole,
  type FakeChatBody,
  type FakeContext,
  type FakeServerOptions,
  type StreamShape,
} from './fake-server';

export type FakeOllamaOptions = FakeServerOptions;

type ChatBody = FakeChatBody;

async function chat(
  { res, body, fault, demo, record }: FakeContext,
  pace: StreamShape | undefined,
): Promise<void> {
  const request = (body ?? {}) as ChatBody;
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: fault.message ?? `fake upstream error ${fault.status}` }));
    return;
  }
  const model = demoModel(request.model ?? 'llama3.2', demo);
  const messages = request.messages ?? [];
  // A paced stream (benchmarks) answers with its own number of chunks; a whole answer never waits.
  const words =
    request.stream !== false && pace !== undefined
      ? pacedWords('local', pace)
      : replyWords('local', messages, demo);
  const content = words.join('');
  const promptChars = messages.reduce(
    (sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0),
    0,
  );
  const createdAt = '2026-01-01T00:00:00.000Z';
  const final = {
    model,
    created_at: createdAt,
    done: true,
    done_reason: 'stop',
    total_duration: 1000,
    load_duration: 10,
    prompt_eval_count: countTokens('x'.repeat(promptChars)),
    prompt_eval_duration: 100,
    eval_count: countTokens(content),
    eval_duration: 500,
  };
  if (fault?.kind === 'malformed') {
    res.writeHead(200, {
      'content-type': request.stream === false ? 'application/json' : 'application/x-ndjson',
    });
    res.end('{"model": "broken", "message": {');
    return;
  }
  // Ollama streams unless told `stream: false`.
  if (request.stream === false) {
    await writeWhole(res, JSON.stringify({ ...final, message: { role: 'assistant', content } }), fault);
    return;
  }
  const lines = words.map(
    (word) =>
      `${JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: word }, done: false })}\n`,
  );
  lines.push(`${JSON.stringify({ ...final, message: { role: 'assistant', content: '' } })}\n`);
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  await writeParts(res, lines, fault, pace, record);
}

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['llama3.2', 'qwen2.5'];
  const server = new FakeServer(async (context) => {
    const { req, res, fault } = context;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path === '/api/chat')
      return chat(context, streamShapeOf(req, options.streamShape));
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'fake upstream error' }));
      return;
    }
    if (req.method === 'GET' && path === '/api/version') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: '0.6.4-fake' }));
      return;
    }
    if (req.method === 'GET' && path === '/api/tags') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          models: models
            .map((model) => demoModel(model, options.demo === true))
            .map((name) => ({
              name,
              model: name,
              modified_at: '2026-01-01T00:00:00Z',
              size: 1,
              digest: 'fake',
              details: {},
            })),
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no route ${req.method} ${path}` }));
  }, options);
  return server.listen(options.port);
}
