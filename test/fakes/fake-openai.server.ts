// A fake OpenAI server speaking the real wire protocol: chat completions as JSON and as SSE with
// `data: [DONE]`, the model list, and OpenAI's error envelope.
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

export type FakeOpenAiOptions = FakeServerOptions;

interface ChatBody extends FakeChatBody {
  stream_options?: { include_usage?: boolean };
}

function errorBody(status: number, message: string): string {
  const type =
    status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_error' : 'server_error';
  const code = status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null;
  return JSON.stringify({ error: { message, type, code, param: null } });
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
  const messages = chat.messages ?? [];
  const model = demo
    ? demoModel(chat.model ?? 'gpt-4o-mini', true)
    : `${chat.model ?? 'gpt-4o-mini'}-2024-07-18`;
  // A paced stream (benchmarks) answers with its own number of chunks; a whole answer never waits.
  const words =
    chat.stream && pace !== undefined ? pacedWords('cloud', pace) : replyWords('cloud', messages, demo);
  // Counted, not joined: a large paced answer is never held whole.
  const contentChars = words.reduce((sum, word) => sum + word.length, 0);
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
            message: { role: 'assistant', content: words.join(''), refusal: null },
            finish_reason: 'stop',
            logprobs: null,
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
  // Paced, the first chunk carries the role and the first word, so every paced part is content.
  // Made as they are written, so a large answer is never held whole.
  const includeUsage = chat.stream_options?.include_usage === true;
  function* parts(): Generator<string> {
    if (pace === undefined) yield chunk({ role: 'assistant', content: '' }, null);
    for (const [index, word] of words.entries())
      yield chunk(
        pace !== undefined && index === 0 ? { role: 'assistant', content: word } : { content: word },
        null,
      );
    yield chunk({}, 'stop');
    if (includeUsage)
      yield `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`;
    yield 'data: [DONE]\n\n';
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await writeParts(res, parts(), fault, pace, record);
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  const server = new FakeServer(async (context) => {
    const { req, res } = context;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path === '/v1/chat/completions')
      return chatCompletions(context, streamShapeOf(req, options.streamShape));
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
