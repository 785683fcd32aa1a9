// Turns whatever an SDK, fetch or a socket threw into exactly one failure category.
import type { CallDeadline } from './call-deadline';
import { ProviderError } from './provider.error';
import type { FailureCategory, Tier } from './provider.types';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const EXCERPT_CHARS = 160;

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { status?: unknown; status_code?: unknown };
  if (typeof candidate.status === 'number') return candidate.status;
  if (typeof candidate.status_code === 'number') return candidate.status_code;
  return null;
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function categoryForStatus(status: number): FailureCategory {
  if (status === 401 || status === 403) return 'auth_error';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

/** A short, key-free excerpt of an upstream message, safe to hand to a client. */
export function safeExcerpt(text: string): string {
  const scrubbed = text
    .replace(/\b(sk-[A-Za-z0-9_-]{6})[A-Za-z0-9_-]*/g, '$1…')
    .replace(/\s+/g, ' ')
    .trim();
  return scrubbed.length > EXCERPT_CHARS ? `${scrubbed.slice(0, EXCERPT_CHARS)}…` : scrubbed;
}

function upstreamMessage(error: unknown): string {
  if (error instanceof Error) {
    const ollamaError = (error as { error?: unknown }).error;
    return typeof ollamaError === 'string' ? ollamaError : error.message;
  }
  return String(error);
}

export function classifyFailure(
  provider: Tier,
  error: unknown,
  deadline: CallDeadline,
  streamStarted: boolean,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const label = provider === 'local' ? 'local provider' : 'cloud provider';
  if (deadline.timedOut) return new ProviderError(provider, 'timeout', `${label} timed out`);
  if (deadline.canceled) return new ProviderError(provider, 'canceled', 'request canceled by the client');
  const status = statusOf(error);
  if (status !== null) {
    const category = categoryForStatus(status);
    return new ProviderError(
      provider,
      category,
      `${label} answered ${status}: ${safeExcerpt(upstreamMessage(error))}`,
      status,
    );
  }
  // Garbage is garbage whether or not the answer had begun.
  if (error instanceof SyntaxError) {
    return new ProviderError(provider, 'invalid_response', `${label} sent a malformed response`);
  }
  if (streamStarted) {
    return new ProviderError(provider, 'stream_interrupted', `${label} stream broke off before it finished`);
  }
  const codes = causeCodes(error);
  const name = error instanceof Error ? error.name : '';
  if (
    codes.some((code) => CONNECTION_CODES.has(code)) ||
    name === 'APIConnectionError' ||
    (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message))
  ) {
    return new ProviderError(provider, 'unreachable', `${label} is unreachable`);
  }
  return new ProviderError(
    provider,
    'invalid_response',
    `${label} sent an unusable response: ${safeExcerpt(upstreamMessage(error))}`,
  );
}
