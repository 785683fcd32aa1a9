// A fake OpenAI server speaking the real wire protocol: chat completions as JSON and as SSE with
// `data: [DONE]`, embeddings (float or base64), the model list, and OpenAI's error envelope.
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

export type FakeOpenAiOptions = FakeServerOptions;

interface ChatBody extends FakeChatBody {
  stream_options?: { include_usage?: boolean };
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  response_format?: { type?: string };
  logprobs?: boolean;
}

function errorBody(status: number, message: string): string {
  const type =
    status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_error' : 'server_error';
  const code = status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null;
  return JSON.stringify({ error: { message, type, code, param: null } });
}

/** What the real API refuses with a 400 among the fields the gateway sends (tool turns, images). */
function wireProblem(chat: ChatBody): string | null {
  for (const [index, message] of (chat.messages ?? []).entries()) {
    const turn = message as {
      role?: string;
      content?: unknown;
      tool_call_id?: unknown;
      tool_calls?: { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } }[];
    };
    if (turn.role === 'tool' && typeof turn.tool_call_id !== 'string')
      return `messages[${index}].tool_call_id is required`;
    for (const call of turn.tool_calls ?? []) {
      if (typeof call.id !== 'string' || call.type !== 'function' || typeof call.function?.name !== 'string')
        return `messages[${index}].tool_calls is malformed`;
      if (typeof call.function.arguments !== 'string')
        return `messages[${index}].tool_calls arguments must be a string`;
    }
    if (Array.isArray(turn.content)) {
      for (const part of turn.content as { type?: string; text?: unknown; image_url?: { url?: unknown } }[]) {
        if (part.type === 'text' && typeof part.text === 'string') continue;
        if (part.type === 'image_url' && typeof part.image_url?.url === 'string') continue;
        return `messages[${index}].content has an invalid part`;
      }
    }
  }
  for (const tool of chat.tools ?? []) {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') return 'tools is malformed';
  }
  return null;
}

async function chatCompletions(
  { res, body, fault, demo, record }: FakeContext,
  pace: StreamShape | undefined,
): Promise<void> {
  const chat = (body ?? {}) as ChatBody;
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json' });
    res.end(errorBody(fault.status, fault.message ?? `fake upstream error ${fault.status}`));
    return;
  }
  const problem = wireProblem(chat);
  if (problem !== null) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { message: problem, type: 'invalid_request_error', code: null, param: null } }),
    );
    return;
  }
  const messages = chat.messages ?? [];
  const model = demo
    ? demoModel(chat.model ?? 'gpt-4o-mini', true)
    : `${chat.model ?? 'gpt-4o-mini'}-2024-07-18`;
  // A paced stream (benchmarks) answers with its own number of chunks; a whole answer never waits.
  const formatted =
    chat.response_format?.type === 'json_object' || chat.response_format?.type === 'json_schema';
  const words =
    chat.stream && pace !== undefined
      ? pacedWords('cloud', pace)
      : formatted
        ? [jsonAnswer('cloud', messages)]
        : replyWords('cloud', messages, demo);
  const calls = chat.tool_choice === 'none' ? [] : toolsToCall(chat, chat.parallel_tool_calls === false);
  const toolCalls = calls.map((name, index) => ({
    id: `call_fake_${index}`,
    type: 'function',
    function: { name, arguments: JSON.stringify(toolArguments(name)) },
  }));
  // Counted, not joined: a large paced answer is never held whole.
  const contentChars = toolCalls.length > 0 ? 0 : words.reduce((sum, word) => sum + word.length, 0);
  const promptChars = messages.reduce(
    (sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0),
    0,
  );
  const usage = {
    prompt_tokens: countTokens('x'.repeat(promptChars)),
    completion_tokens: Math.max(1, Math.ceil(contentChars / 4)),
    total_tokens: countTokens('x'.repeat(promptChars)) + Math.max(1, Math.ceil(contentChars / 4)),
  };
  const id = 'chatcmpl-fake';
  const created = 1_700_000_000;
  if (fault?.kind === 'malformed') {
    res.writeHead(200, { 'content-type': chat.stream ? 'text/event-stream' : 'application/json' });
    res.end(
      chat.stream ? 'data: {"id": "chatcmpl-fake", "choices": [\n\n' : '{"id": "chatcmpl-fake", "choices": [',
    );
    return;
  }
  if (!chat.stream) {
    await writeWhole(
      res,
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message:
              toolCalls.length > 0
                ? { role: 'assistant', content: null, refusal: null, tool_calls: toolCalls }
                : { role: 'assistant', content: words.join(''), refusal: null },
            finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
            logprobs: chat.logprobs
              ? {
                  content: words.map((word) => ({
                    token: word,
                    logprob: -0.25,
                    bytes: [...Buffer.from(word)],
                    top_logprobs: [],
                  })),
                  refusal: null,
                }
              : null,
          },
        ],
        usage,
      }),
      fault,
    );
    return;
  }
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`;
  // Tool calls stream as OpenAI streams them: the first piece of each call carries its id, type and
  // name with empty arguments, later pieces the arguments in fragments.
  const toolParts = toolCalls.flatMap((call, index) => {
    const args = call.function.arguments;
    const half = args.length >> 1;
    return [
      chunk(
        {
          ...(index === 0 ? { role: 'assistant', content: null } : {}),
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
          ],
        },
        null,
      ),
      chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }, null),
      chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, null),
    ];
  });
  // Paced, the first chunk carries the role and the first word, so every paced part is content.
  // Made as they are written, so a large answer is never held whole.
  const includeUsage = chat.stream_options?.include_usage === true;
  function* parts(): Generator<string> {
    if (toolParts.length > 0) {
      yield* toolParts;
      yield chunk({}, 'tool_calls');
    } else {
      if (pace === undefined) yield chunk({ role: 'assistant', content: '' }, null);
      for (const [index, word] of words.entries())
        yield chunk(
          pace !== undefined && index === 0 ? { role: 'assistant', content: word } : { content: word },
          null,
        );
      yield chunk({}, 'stop');
    }
    if (includeUsage)
      yield `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`;
    yield 'data: [DONE]\n\n';
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await writeParts(res, parts(), fault, pace, record);
}

interface EmbeddingsBody {
  model?: string;
  input?: unknown;
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
}

/** A float32 little-endian vector as base64: what OpenAI sends for `encoding_format: "base64"`. */
function base64Vector(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** OpenAI's `/v1/embeddings`: text (or token ids, as OpenAI takes them) in, one vector each out. */
async function embeddings({ res, body, fault }: FakeContext): Promise<void> {
  const request = (body ?? {}) as EmbeddingsBody;
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json' });
    res.end(errorBody(fault.status, fault.message ?? `fake upstream error ${fault.status}`));
    return;
  }
  const raw = request.input;
  const inputs: unknown[] =
    typeof raw === 'string' || (Array.isArray(raw) && typeof raw[0] === 'number')
      ? [raw]
      : Array.isArray(raw)
        ? raw
        : [];
  if (inputs.length === 0 || typeof request.model !== 'string') {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message: "'input' and 'model' are required",
          type: 'invalid_request_error',
          code: null,
          param: 'input',
        },
      }),
    );
    return;
  }
  if (fault?.kind === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object": "list", "data": [');
    return;
  }
  const texts = inputs.map((input) => (typeof input === 'string' ? input : JSON.stringify(input)));
  const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  const data = texts.map((text, index) => {
    const vector = fakeEmbedding(text, 'cloud', request.dimensions);
    return {
      object: 'embedding',
      index,
      embedding: request.encoding_format === 'base64' ? base64Vector(vector) : vector,
    };
  });
  await writeWhole(
    res,
    JSON.stringify({
      object: 'list',
      data,
      model: request.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }),
    fault,
  );
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  const server = new FakeServer(async (context) => {
    const { req, res } = context;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path === '/v1/chat/completions')
      return chatCompletions(context, streamShapeOf(req, options.streamShape, context.body));
    if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(context);
    if (req.method === 'GET' && path === '/v1/models') {
      if (context.fault?.kind === 'status') {
        res.writeHead(context.fault.status, { 'content-type': 'application/json' });
        res.end(errorBody(context.fault.status, 'fake upstream error'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: models.map((name) => ({
            id: demoModel(name, options.demo === true),
            object: 'model',
            created: 0,
            owned_by: 'fake',
          })),
        }),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(errorBody(404, `no route ${req.method} ${path}`));
  }, options);
  return server.listen(options.port);
}
