// Every request gets the gateway's own id, a fresh UUID v7, whatever the caller sends: it is the
// audit row's identity, so a reused inbound id can never cost a row. A caller's X-Request-Id is
// kept as a correlation id (searchable in the audit) when it is a short plain value.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** 1–128 characters of letters, digits and `-_.:;=+/@~`: ids and trace headers, nothing to escape. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:;=+/@~-]{1,128}$/;

type IdentifiedRequest = IncomingMessage & { id?: unknown; correlationId?: string | null };

/** The request id for this request, assigned once and echoed in the X-Request-Id header. */
export function assignRequestId(req: IdentifiedRequest, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const id = uuidv7();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  const inbound = req.headers[REQUEST_ID_HEADER];
  req.correlationId = typeof inbound === 'string' && CORRELATION_ID_PATTERN.test(inbound) ? inbound : null;
  if (req.correlationId !== null) res.setHeader(CORRELATION_ID_HEADER, req.correlationId);
  return id;
}

/** The id already assigned to a request (by the logger middleware, which runs first). */
export function requestIdOf(req: IdentifiedRequest): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/** The caller's own id for this request, when it sent a usable one. */
export function correlationIdOf(req: IdentifiedRequest): string | null {
  return req.correlationId ?? null;
}
