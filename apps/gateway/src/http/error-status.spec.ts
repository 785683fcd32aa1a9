import { statusForCode } from './error-status';
import type { HttpErrorCode } from './http-error';

/** Every code of the gateway's HTTP layer with the status docs/API.md ("Errors") promises for it. */
const DOCUMENTED: Readonly<Record<HttpErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  REQUEST_ABORTED: 400,
  JSON_TOO_DEEP: 400,
  UNSUPPORTED_PARAMETER: 400,
  UNSUPPORTED_CONTENT: 400,
  HOST_NOT_ALLOWED: 421,
  SHUTTING_DOWN: 503,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  AUDIT_EVENT_NOT_FOUND: 404,
};

describe('statusForCode', () => {
  it('answers a request that arrives while the gateway drains with 503 SHUTTING_DOWN, not a 400', () => {
    expect(statusForCode('SHUTTING_DOWN')).toBe(503);
  });

  it.each(Object.entries(DOCUMENTED))('answers %s with its documented status %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });
});
