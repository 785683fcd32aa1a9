// A fake Ollama server speaking the real wire protocol: /api/chat as JSON and NDJSON, /api/embed, /api/tags,
// /api/version, and Ollama's `{"error": "..."}` bodies.
import {
  FakeServer,
  countTokens,
  demoModel,
  fakeEmbedding,
  jsonAnswer,
  toolArguments,
  toolsToCall,
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

interface ChatBody extends FakeChatBody {
  /** `"json"` or a JSON schema object. */
  format?: unknown;
  logprobs?: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What Ollama refuses among the fields the gateway sends: images are base64, tool-call arguments objects. */
function wireProblem(request: ChatBody): string | null {
  for (const message of request.messages ?? []) {
    const turn = message as {
      content?: unknown;
      images?: unknown;
      tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[];
    };
    if (typeof turn.content !== 'string') return 'json: cannot unmarshal content into string';
    if (turn.images !== undefined) {
      if (
        !Array.isArray(turn.images) ||
        !turn.images.every((image) => typeof image === 'string' && BASE64.test(image))
      )
        return 'illegal base64 data in images';
    }
    for (const call of turn.tool_calls ?? []) {
      const args = call.function?.arguments;
      if (
        typeof call.function?.name !== 'string' ||
        typeof args !== 'object' ||
        args === null ||
        Array.isArray(args)
      )
        return 'json: cannot unmarshal tool call arguments into object';
    }
  }
  return null;
}

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
  const problem = wireProblem(request);
  if (problem !== null) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: problem }));
    return;
  }
  const model = demoModel(request.model ?? 'llama3.2', demo);
  const messages = request.messages ?? [];
  // A paced stream (benchmarks) answers with its own number of chunks; a whole answer never waits.
  const formatted =
    request.format === 'json' || (typeof request.format === 'object' && request.format !== null);
  const words =
    request.stream !== false && pace !== undefined
      ? pacedWords('local', pace)
      : formatted
        ? [jsonAnswer('local', messages)]
        : replyWords('local', messages, demo);
  // Ollama's tool calls: whole, arguments as an object, no id.
  const toolCalls = toolsToCall(request, false).map((name) => ({
    function: { name, arguments: toolArguments(name) },
  }));
  const content = toolCalls.length > 0 ? '' : words.join('');
  const logprobs = request.logprobs
    ? { logprobs: words.map((word) => ({ token: word, logprob: -0.5, top_logprobs: [] })) }
    : {};
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
    const message =
      toolCalls.length > 0
        ? { role: 'assistant', content, tool_calls: toolCalls }
        : { role: 'assistant', content };
    await writeWhole(res, JSON.stringify({ ...final, message, ...logprobs }), fault);
    return;
  }
  const pieces = toolCalls.length > 0 ? [] : words;
  const lines = pieces.map(
    (word) =>
      `${JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: word }, done: false })}\n`,
  );
  // A model that calls tools sends them in one message before the final line, as Ollama does.
  if (toolCalls.length > 0)
    lines.push(
      `${JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })}\n`,
    );
  lines.push(`${JSON.stringify({ ...final, message: { role: 'assistant', content: '' } })}\n`);
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  await writeParts(res, lines, fault, pace, record);
}

interface EmbedBody {
  model?: string;
  input?: unknown;
  truncate?: boolean;
  dimensions?: number;
}

/** Ollama's `/api/embed`: `input` a string or strings, `embeddings` one vector each. */
async function embed({ res, body, fault }: FakeContext): Promise<void> {
  const request = (body ?? {}) as EmbedBody;
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: fault.message ?? `fake upstream error ${fault.status}` }));
    return;
  }
  const raw = request.input;
  const inputs = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  if (typeof request.model !== 'string' || !inputs.every((input) => typeof input === 'string')) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'invalid input type' }));
    return;
  }
  if (fault?.kind === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"model": "broken", "embeddings": [');
    return;
  }
  const texts = inputs;
  await writeWhole(
    res,
    JSON.stringify({
      model: request.model,
      embeddings: texts.map((text) => fakeEmbedding(text, 'local', request.dimensions)),
      total_duration: 1000,
      load_duration: 10,
      prompt_eval_count: texts.reduce((sum, text) => sum + countTokens(text), 0),
    }),
    fault,
  );
}

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['llama3.2', 'qwen2.5'];
  const server = new FakeServer(async (context) => {
    const { req, res, fault } = context;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path === '/api/chat')
      return chat(context, streamShapeOf(req, options.streamShape, context.body));
    if (req.method === 'POST' && path === '/api/embed') return embed(context);
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
