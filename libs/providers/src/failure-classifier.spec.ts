import { CallDeadline } from './call-deadline';
import { classifyFailure } from './failure-classifier';
import { ProviderError } from './provider.error';

/** An error as the SDKs and fetch raise them: a status, a code, a cause chain. */
function sdkError(message: string, fields: Record<string, unknown> = {}, name = 'Error'): Error {
  return Object.assign(Object.assign(new Error(message), { name }), fields);
}

describe('classifyFailure', () => {
  let deadline: CallDeadline;

  beforeEach(() => {
    deadline = new CallDeadline(60_000);
  });

  afterEach(() => {
    deadline.dispose();
    jest.useRealTimers();
  });

  it('keeps a ProviderError as it is', () => {
    const error = new ProviderError('local', 'rate_limited', 'slow down');
    expect(classifyFailure('local', error, deadline, true)).toBe(error);
  });

  it('says timeout when the deadline fired, whatever the SDK made of the abort', () => {
    jest.useFakeTimers();
    const expired = new CallDeadline(10);
    jest.advanceTimersByTime(11);
    expect(
      classifyFailure('cloud', sdkError('Request was aborted.', {}, 'APIUserAbortError'), expired, true),
    ).toMatchObject({ provider: 'cloud', category: 'timeout', safeMessage: 'cloud provider timed out' });
  });

  it('says canceled when the caller went away', () => {
    const caller = new AbortController();
    caller.abort();
    const canceled = new CallDeadline(60_000, caller.signal);
    expect(classifyFailure('local', sdkError('aborted'), canceled, false)).toMatchObject({
      category: 'canceled',
      safeMessage: 'request canceled by the client',
    });
    canceled.dispose();
  });

  it.each([
    [401, 'auth_error'],
    [403, 'auth_error'],
    [429, 'rate_limited'],
    [408, 'timeout'],
    [504, 'timeout'],
    [500, 'server_error'],
    [503, 'server_error'],
    [400, 'client_error'],
    [404, 'client_error'],
  ] as const)(
    'maps an upstream status %i to %s, naming the status, never the upstream text',
    (status, category) => {
      const failure = classifyFailure('cloud', sdkError('upstream said no', { status }), deadline, false);
      expect(failure).toMatchObject({
        category,
        status,
        safeMessage: `cloud provider answered HTTP ${status} (${category})`,
      });
    },
  );

  it("reads Ollama's status_code, keeping its error text out of the message", () => {
    const error = sdkError('ignored', { status_code: 404, error: 'model "x" not found' });
    expect(classifyFailure('local', error, deadline, false)).toMatchObject({
      category: 'client_error',
      safeMessage: 'local provider answered HTTP 404 (client_error)',
    });
  });

  it("reads a model's missing capability from Ollama's 400 as an unsupported field, in words of its own", () => {
    const tools = sdkError('ignored', {
      status_code: 400,
      error: 'registry.ollama.ai/library/gemma:2b does not support tools',
    });
    expect(classifyFailure('local', tools, deadline, false)).toMatchObject({
      category: 'client_error',
      unsupported: { field: 'tools', message: "the local provider's model does not support tools" },
    });
    const images = sdkError('ignored', { status_code: 400, error: 'this model does not support images' });
    expect(classifyFailure('local', images, deadline, false).unsupported).toMatchObject({
      field: 'image_url',
    });
    const other = sdkError('ignored', { status_code: 400, error: 'invalid input type' });
    expect(classifyFailure('local', other, deadline, false).unsupported).toBeNull();
  });

  it('calls garbage invalid_response, before or after the answer began', () => {
    for (const started of [false, true])
      expect(classifyFailure('local', new SyntaxError('Unexpected token'), deadline, started)).toMatchObject({
        category: 'invalid_response',
        safeMessage: 'local provider sent a malformed response',
      });
  });

  it('calls a break after the answer began stream_interrupted', () => {
    expect(
      classifyFailure('cloud', sdkError('socket hang up', { code: 'ECONNRESET' }), deadline, true),
    ).toMatchObject({
      category: 'stream_interrupted',
    });
  });

  it.each([
    [
      'a refused connection in the cause chain',
      sdkError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
    ],
    ['an unknown host', sdkError('getaddrinfo', { code: 'ENOTFOUND' })],
    ["the openai SDK's connection error", sdkError('Connection error.', {}, 'APIConnectionError')],
    ["fetch's TypeError", new TypeError('fetch failed')],
  ])('calls %s unreachable', (_label, error) => {
    expect(classifyFailure('local', error, deadline, false)).toMatchObject({
      category: 'unreachable',
      safeMessage: 'local provider is unreachable',
    });
  });

  it('calls anything else an unusable response, without the error text', () => {
    expect(classifyFailure('cloud', sdkError('something odd'), deadline, false)).toMatchObject({
      category: 'invalid_response',
      safeMessage: 'cloud provider sent an unusable response',
    });
  });
});
