// The providers' HTTP transport: a `fetch` over `node:http(s)` with a keep-alive agent. Node 20's
// global fetch (undici with WHATWG streams) costs several times more per call on this hot path
// (docs/PERFORMANCE.md, "Providers"); the SDKs accept any fetch, so they get this one.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { BufferedResponse } from './buffered-response';

export type FetchFunction = typeof globalThis.fetch;

function headersOf(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (let index = 0; index < message.rawHeaders.length; index += 2) {
    headers.append(message.rawHeaders[index]!, message.rawHeaders[index + 1]!);
  }
  return headers;
}

async function bodyOf(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return Buffer.from(body as ArrayBuffer);
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** A successful Server-Sent Events answer: what the OpenAI SDK iterates, event by event. */
function isEventStream(message: IncomingMessage, status: number): boolean {
  const type = message.headers['content-type'] ?? '';
  return status >= 200 && status < 300 && /^text\/event-stream\b/i.test(type);
}

/**
 * A streamed answer whose `body` is the socket's own Node stream. Its readers iterate it (the
 * OpenAI provider's event decoder, and the SDK's own, which takes any async-iterable body as it
 * is), so they read the socket's buffers directly instead of through a web stream made over them:
 * one layer, two copies and a promise chain per chunk fewer, and backpressure is Node's own
 * (nothing is read until the reader asks). Only for a successful event stream, which only a stream
 * iterator reads; every other answer keeps a real web-stream body (`text()`, `json()` and
 * `getReader()` work on it).
 */
function nodeBodyResponse(message: IncomingMessage, init: ResponseInit): Response {
  const response = new Response(null, init);
  Object.defineProperty(response, 'body', { value: message, enumerable: true });
  return response;
}

/** A JSON body (not NDJSON or SSE), read whole by its consumer anyway. */
function isWholeJson(message: IncomingMessage): boolean {
  const type = message.headers['content-type'] ?? '';
  return /^application\/json\b/i.test(type);
}

/**
 * No cap on connections per upstream: each streamed answer holds its connection for the whole
 * answer, so a cap is a cap on concurrent streams, and the requests over it would wait unseen in
 * the pool while their provider timeout runs (at 300 streams behind 256 sockets, 44 waited a whole
 * answer for their first byte). Concurrency is bounded where the clients come in, not here. Idle
 * connections kept for reuse stay bounded.
 */
const POOL = { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, keepAliveMsecs: 30_000 };

export function createPooledFetch(): { fetch: FetchFunction; close: () => Promise<void> } {
  const agents = { http: new HttpAgent(POOL), https: new HttpsAgent(POOL) };
  const pooled = async (input: Parameters<FetchFunction>[0], init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const secure = url.protocol === 'https:';
    const body = await bodyOf(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    if (body !== undefined) headers['content-length'] = String(body.length);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      // Whatever breaks the call (before or during the body we read) rejects as fetch would.
      const fail = (error: unknown) =>
        reject(
          signal?.aborted
            ? Object.assign(new Error('The operation was aborted'), { name: 'AbortError', cause: error })
            : new TypeError('fetch failed', { cause: error }),
        );
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http },
        (message) => {
          const status = message.statusCode ?? 502;
          const whole = isWholeJson(message) && status !== 204 && status !== 304;
          const responseInit = whole
            ? undefined
            : { status, statusText: message.statusMessage, headers: headersOf(message) };
          if (status === 204 || status === 304) return resolve(new Response(null, responseInit));
          if (responseInit !== undefined) {
            // Not a whole JSON answer: an event stream hands over the socket's own stream, the rest
            // (NDJSON, errors of other types) a web stream.
            if (isEventStream(message, status)) return resolve(nodeBodyResponse(message, responseInit));
            return resolve(new Response(Readable.toWeb(message) as ReadableStream<Uint8Array>, responseInit));
          }
          // A whole JSON answer is read here and handed over as one buffer, in a response object
          // of its own (buffered-response.ts): a web stream over the socket, or fetch's Response
          // and Headers around the buffer, cost more than the rest of the call. A body cut short
          // fails like a socket error.
          const chunks: Buffer[] = [];
          message.on('data', (chunk: Buffer) => chunks.push(chunk));
          message.once('end', () =>
            resolve(new BufferedResponse(message, Buffer.concat(chunks)) as unknown as Response),
          );
          message.once('close', () => {
            if (!message.complete) fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
          });
        },
      );
      const abort = () =>
        request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', abort, { once: true });
      request.once('close', () => signal?.removeEventListener('abort', abort));
      request.once('error', fail);
      request.end(body);
    });
  };
  return {
    fetch: pooled as FetchFunction,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
      return Promise.resolve();
    },
  };
}
