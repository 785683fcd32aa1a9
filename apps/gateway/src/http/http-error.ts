// Errors raised by the gateway's own HTTP layer (body parsing, content type, validation).

export type HttpErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'REQUEST_ABORTED'
  | 'JSON_TOO_DEEP'
  | 'UNSUPPORTED_PARAMETER'
  | 'HOST_NOT_ALLOWED'
  | 'SHUTTING_DOWN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNSUPPORTED_CHARSET'
  | 'UNSUPPORTED_CONTENT'
  | 'AUDIT_EVENT_NOT_FOUND';

/** One violated field of a request body, named by its path (`messages.0.role`). */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export class HttpRequestError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}
