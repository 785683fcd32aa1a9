// Turns whatever an SDK, fetch or a socket threw into exactly one failure category, with a message
// of our own: the upstream's text never reaches a caller (it may echo the prompt or a key). That
// text goes to one debug log line, masked (upstream-text.ts).
import { Logger } from '@nestjs/common';
import type { CallDeadline } from './call-deadline';
import { ProviderError } from './provider.error';
import type { FailureCategory, Tier } from './provider.types';
import { maskUpstreamText, upstreamText, type UpstreamTextContext } from './upstream-text';

const logger = new Logger('ProviderFailure');

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

// Ollama answers 400 "<model> does not support tools" (or images, or vision) when the model lacks
// the capability: only the upstream knows its models, so its refusal is read, in these words only.
const MODEL_LACKS = /\bdoes not support (tools|images|vision)\b/i;

function unsupportedBy(failure: ProviderError, text: string | null): ProviderError {
  const lacks = failure.category === 'client_error' && text !== null ? MODEL_LACKS.exec(text) : null;
  if (lacks === null) return failure;
  const field = lacks[1]!.toLowerCase() === 'tools' ? 'tools' : 'image_url';
  const label = failure.provider === 'local' ? 'local provider' : 'cloud provider';
  const message = `the ${label}'s model does not support ${field === 'tools' ? 'tools' : 'image parts'}`;
  return new ProviderError(failure.provider, failure.category, message, failure.status, { field, message });
}

function categoryForStatus(status: number): FailureCategory {
  if (status === 401 || status === 403) return 'auth_error';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

/**
 * The failure as a caller may see it, and the upstream's own words in a debug line (secrets and the
 * request's words masked) for the operator who turns debug logging on.
 */
export function classifyFailure(
  provider: Tier,
  error: unknown,
  deadline: CallDeadline,
  streamStarted: boolean,
  context: UpstreamTextContext = {},
): ProviderError {
  if (error instanceof ProviderError) return error;
  const text = upstreamText(error);
  const failure = unsupportedBy(categorize(provider, error, deadline, streamStarted), text);
  if (text !== null && text !== '') {
    logger.debug(
      {
        provider,
        category: failure.category,
        upstream_status: failure.status,
        upstream_message: maskUpstreamText(text, context),
      },
      'provider failure detail',
    );
  }
  return failure;
}

function categorize(
  provider: Tier,
  error: unknown,
  deadline: CallDeadline,
  streamStarted: boolean,
): ProviderError {
  const label = provider === 'local' ? 'local provider' : 'cloud provider';
  if (deadline.timedOut) return new ProviderError(provider, 'timeout', `${label} timed out`);
  if (deadline.canceled) return new ProviderError(provider, 'canceled', 'request canceled by the client');
  const status = statusOf(error);
  if (status !== null) {
    const category = categoryForStatus(status);
    return new ProviderError(provider, category, `${label} answered HTTP ${status} (${category})`, status);
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
  return new ProviderError(provider, 'invalid_response', `${label} sent an unusable response`);
}
