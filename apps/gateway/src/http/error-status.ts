// The one table from a stable error code to its HTTP status (a provider's failure too: 502, or 504
// for a timeout). Libs throw typed errors with a `code`; only the gateway knows about HTTP.
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  // Nobody reads this answer; 400 keeps the row a rejection of the request, under its true code.
  REQUEST_ABORTED: 400,
  JSON_TOO_DEEP: 400,
  UNSUPPORTED_PARAMETER: 400,
  POLICY_INVALID: 400,
  UNSUPPORTED_CONTENT: 400,
  EMBEDDINGS_PIN_CONFLICT: 422,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AUTH_REVOKED: 401,
  AUTH_FORBIDDEN: 403,
  RATE_LIMITED: 429,
  AUDIT_EVENT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  HOST_NOT_ALLOWED: 421,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  PROVIDER_ERROR: 502,
  PROVIDER_TIMEOUT: 504,
  AUDIT_UNAVAILABLE: 503,
  AUDIT_DATABASE_ERROR: 503,
  // Retryable elsewhere, and not a refusal of the request: never a 4xx (which would be audited).
  SHUTTING_DOWN: 503,
};

export function statusForCode(code: string): number | undefined {
  return STATUS_BY_CODE[code];
}

/** The code a bare HTTP status stands for, when an error carried only a status. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
