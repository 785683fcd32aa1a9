// Every request gets one id: a valid inbound X-Request-Id (a UUID) is kept, anything else is replaced.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { v7 as uuidv7, validate as isUuid } from 'uuid';

export const REQUEST_ID_HEADER = 'x-request-id';

/** The request id for this request, assigned once and echoed in the X-Request-Id header. */
export function assignRequestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const inbound = req.headers[REQUEST_ID_HEADER];
  const id = typeof inbound === 'string' && isUuid(inbound) ? inbound.toLowerCase() : uuidv7();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The id already assigned to a request (by the logger middleware, which runs first). */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}
