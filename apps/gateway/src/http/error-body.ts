// The two shapes an error answer takes: the native one, and OpenAI's envelope on the
// OpenAI-compatible routes (so the official SDKs raise their usual typed errors).
import type { FieldViolation } from './http-error';
import { routePath } from './route-path';

export interface ErrorDescription {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly violations: readonly FieldViolation[];
}

export interface NativeErrorBody {
  statusCode: number;
  code: string;
  message: string;
  request_id: string | null;
  violations?: FieldViolation[];
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

const OPENAI_COMPATIBLE_PATHS = ['/v1/chat/completions', '/v1/models', '/v1/embeddings'];

export function isOpenAiCompatiblePath(path: string): boolean {
  const route = routePath(path);
  return OPENAI_COMPATIBLE_PATHS.some((prefix) => route === prefix || route.startsWith(`${prefix}/`));
}

function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return status === 503 ? 'service_unavailable' : 'server_error';
  return 'invalid_request_error';
}

export function nativeErrorBody(error: ErrorDescription): NativeErrorBody {
  const body: NativeErrorBody = {
    statusCode: error.status,
    code: error.code,
    message: error.message,
    request_id: error.requestId ?? null,
  };
  if (error.violations.length > 0) body.violations = [...error.violations];
  return body;
}

export function openAiErrorBody(error: ErrorDescription): OpenAiErrorBody {
  const first = error.violations[0];
  const message = first === undefined ? error.message : `${error.message}: ${first.field} ${first.message}`;
  return {
    error: {
      message,
      type: openAiErrorType(error.status),
      code: error.code.toLowerCase(),
      param: first?.field ?? null,
    },
  };
}
