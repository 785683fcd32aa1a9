// The part both fake upstreams share: an HTTP server on an ephemeral loopback port that records
// every request, knows which ones the client abandoned, and applies injected faults.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'malformed' }
  | { kind: 'disconnect'; afterChunks: number }
  | { kind: 'drip'; ms: number }
  | { kind: 'refuse' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
  /** The body exactly as it arrived, for byte-for-byte comparisons. */
  readonly raw: string;
  /** True when the client closed the connection before the answer was complete. */
  closedByClient: boolean;
  /**
   * True once a streamed part could not be handed to the socket at once (`res.write` returned
   * false): the client stopped reading, and its backpressure reached this server.
   */
  writesBackedUp: boolean;
  /** True once the whole answer was written (`res.end()`). */
  answered: boolean;
}

export interface FakeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: unknown;
  readonly fault: Fault | null;
  readonly record: RecordedRequest;
  /** Demo mode (`npm run demo`): answers say they are demo answers, model names start with `demo-`. */
  readonly demo: boolean;
}

export type FakeHandler = (context: FakeContext) => Promise<void>;

export interface FakeServerOptions {
  /** Model names the server lists (and answers for). */
  readonly models?: readonly string[];
  /** A fixed port (for `npm run fakes`); an ephemeral one when omitted. */
  readonly port?: number;
  /** Answers that say they are demo answers, under `demo-` model names (`npm run demo`). */
  readonly demo?: boolean;
  /** Every streamed answer paced like a slow model (benchmarks); a request's header overrides it. */
  readonly streamShape?: StreamShape;
  /**
   * Keep every request in `requests` (the default, for tests). A long benchmark turns it off so
   * the fake's memory and CPU stay flat over hundreds of thousands of requests.
   */
  readonly record?: boolean;
}

/** A paced stream: `chunks` content chunks, `intervalMs` apart, then the end right away. */
export interface StreamShape {
  readonly chunks: number;
  readonly intervalMs: number;
  /** Each chunk's content this many characters long (a large answer), instead of one short word. */
  readonly chunkChars?: number;
}

/**
 * Per request: `x-fake-stream-shape: 20x50` is 20 content chunks 50 ms apart; `1000x0x16384` is
 * 1,000 chunks of 16,384 characters each, as fast as the client takes them.
 */
export const STREAM_SHAPE_HEADER = 'x-fake-stream-shape';

/**
 * The same pace asked for inside the last message (`[[fake-stream:30000x0]]`), for a caller behind
 * a gateway, which forwards none of its headers: the soak's unread streams ask for long ones.
 */
export const STREAM_SHAPE_MARKER = /\[\[fake-stream:(\d{1,5})x(\d{1,5})(?:x(\d{1,7}))?\]\]/;

/** The marker for a pace, to put in a prompt. */
export function streamShapeMarker(shape: StreamShape): string {
  const chars = shape.chunkChars === undefined ? '' : `x${shape.chunkChars}`;
  return `[[fake-stream:${shape.chunks}x${shape.intervalMs}${chars}]]`;
}

/**
 * The request's own pace (its header, else a marker in its last message), else the server's, else
 * none (the default: every part at once).
 */
export function streamShapeOf(
  req: IncomingMessage,
  fallback: StreamShape | undefined,
  body?: unknown,
): StreamShape | undefined {
  const match =
    /^(\d{1,5})x(\d{1,5})(?:x(\d{1,7}))?$/.exec(String(req.headers[STREAM_SHAPE_HEADER] ?? '')) ??
    STREAM_SHAPE_MARKER.exec(lastMessageText(body));
  if (match === null) return fallback;
  const shape = { chunks: Math.max(1, Number(match[1])), intervalMs: Number(match[2]) };
  return match[3] === undefined ? shape : { ...shape, chunkChars: Math.max(1, Number(match[3])) };
}

function lastMessageText(body: unknown): string {
  const content = (body as FakeChatBody | null)?.messages?.at(-1)?.content;
  return typeof content === 'string' ? content : '';
}

/** The content of a paced stream: one short word a chunk, so the chunks look like tokens. */
export function pacedWords(provider: string, shape: StreamShape): string[] {
  if (shape.chunkChars !== undefined) {
    const filler = 'x'.repeat(shape.chunkChars);
    return Array.from({ length: shape.chunks }, () => filler);
  }
  return Array.from({ length: shape.chunks }, (_, index) => (index === 0 ? provider : ` w${index}`));
}

/** The fields of a chat request body both fakes read. */
export interface FakeChatBody {
  model?: string;
  messages?: { role?: string; content?: unknown }[];
  stream?: boolean;
  /** Both wire formats offer tools as `{type: "function", function: {name, …}}`. */
  tools?: { type?: string; function?: { name?: string } }[];
}

/**
 * The tools a fake calls: with tools offered and the last turn not a tool result, the model
 * "decides" to call them (all of them, at most two, unless `single`); after a tool result it answers
 * in text, as an agent loop expects.
 */
export function toolsToCall(body: FakeChatBody, single: boolean): string[] {
  const names = (body.tools ?? []).flatMap((tool) =>
    typeof tool.function?.name === 'string' ? [tool.function.name] : [],
  );
  if (names.length === 0 || body.messages?.at(-1)?.role === 'tool') return [];
  return names.slice(0, single ? 1 : 2);
}

/** The arguments a fake's tool call carries, as an object; the same for every call of a name. */
export function toolArguments(name: string): Record<string, unknown> {
  return { tool: name, n: 1 };
}

/** A JSON answer for structured output: parseable, and says who answered. */
export function jsonAnswer(provider: string, messages: readonly unknown[]): string {
  return JSON.stringify({ provider, messages: messages.length });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private serverFault: Fault | null = null;
  private readonly queuedFaults: Fault[] = [];
  private baseUrl = '';
  private readonly record: boolean;
  private readonly demo: boolean;

  constructor(
    private readonly handler: FakeHandler,
    options: Pick<FakeServerOptions, 'record' | 'demo'> = {},
  ) {
    this.record = options.record ?? true;
    this.demo = options.demo ?? false;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Requests to a path, e.g. the chat endpoint (probes and model lists left out). */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A fault for every request until cleared with null. */
  setFault(fault: Fault | null): void {
    this.serverFault = fault;
  }

  /** A fault for the next request only (queued faults are used in order). */
  queueFault(fault: Fault): void {
    this.queuedFaults.push(fault);
  }

  reset(): void {
    this.requests.length = 0;
    this.queuedFaults.length = 0;
    this.serverFault = null;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fault = this.queuedFaults.shift() ?? this.serverFault;
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body,
      raw,
      closedByClient: false,
      writesBackedUp: false,
      answered: false,
    };
    if (this.record) this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedByClient = true;
    });
    if (fault?.kind === 'refuse') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (res.destroyed) return;
    try {
      await this.handler({ req, res, body, fault, record, demo: this.demo });
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes a whole JSON answer. A disconnect fault sends half of it and closes the connection; a
 * drip fault sends half, waits, then the rest.
 */
export async function writeWhole(res: ServerResponse, json: string, fault: Fault | null): Promise<void> {
  const body = Buffer.from(json);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  if (fault?.kind !== 'disconnect' && fault?.kind !== 'drip') {
    res.end(body);
    return;
  }
  const half = body.length >> 1;
  res.write(body.subarray(0, half));
  await sleep(fault.kind === 'drip' ? fault.ms : 20);
  if (fault.kind === 'disconnect') res.destroy();
  else if (!res.destroyed) res.end(body.subarray(half));
}

/**
 * Writes streamed parts one by one, honouring drip and disconnect faults. With a pace, the first
 * `pace.chunks` parts come `pace.intervalMs` apart and the rest (the end of the stream) right after.
 */
export async function writeParts(
  res: ServerResponse,
  parts: Iterable<string>,
  fault: Fault | null,
  pace?: StreamShape,
  record?: RecordedRequest,
): Promise<void> {
  let index = -1;
  for (const part of parts) {
    index += 1;
    if (fault?.kind === 'disconnect' && index >= fault.afterChunks) {
      // Let what was written reach the client first, so the break comes mid-answer.
      await sleep(20);
      res.destroy();
      return;
    }
    if (res.destroyed) return;
    if (pace?.intervalMs === 0 && fault === null) {
      // As fast as the client takes them: write until the socket is full, then wait for it to drain.
      if (!res.write(part)) {
        if (record !== undefined) record.writesBackedUp = true;
        await drainedOrClosed(res);
      }
      continue;
    }
    await new Promise<void>((resolve) => {
      // A destroyed socket may never call back: 'close' ends the wait too.
      const done = () => {
        res.off('close', done);
        resolve();
      };
      res.once('close', done);
      if (!res.write(part, () => done()) && record !== undefined) record.writesBackedUp = true;
    });
    if (fault?.kind === 'drip') await sleep(fault.ms);
    else if (pace !== undefined && index < pace.chunks - 1 && pace.intervalMs > 0)
      await sleep(pace.intervalMs);
  }
  if (res.destroyed) return;
  res.end();
  if (record !== undefined) record.answered = true;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Deterministic counting so usage in tests can be predicted: ~4 characters a token. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function replyWords(
  provider: string,
  messages: readonly { content?: unknown }[],
  demo = false,
): string[] {
  const last = messages.at(-1)?.content;
  const words = typeof last === 'string' ? last.split(/\s+/).filter(Boolean).length : 0;
  if (demo)
    return [
      'Demo answer',
      ` (no model ran): the policy sent your ${messages.length} message(s)`,
      ` of ${words} word(s) to the ${provider} tier,`,
      ' and the audit trail has a row for it.',
    ];
  return [`${provider}`, ' reply', ` to ${messages.length} message(s)`, ` of ${words} word(s).`];
}

/** Dimensions of a fake embedding when the request names none. */
export const FAKE_EMBEDDING_DIMENSIONS = 8;

/**
 * A deterministic embedding of a text: bytes of its SHA-256 as multiples of 1/128 in [-1, 1), which
 * float32 holds exactly, so a base64 round trip gives back the same numbers. Which tier embedded it
 * is visible in the first component's sign (local >= 0, cloud < 0), so a test can tell the spaces apart.
 */
export function fakeEmbedding(
  text: string,
  tier: 'local' | 'cloud',
  dimensions = FAKE_EMBEDDING_DIMENSIONS,
): number[] {
  const vector: number[] = [];
  let block = 0;
  while (vector.length < dimensions) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (const byte of digest) if (vector.length < dimensions) vector.push((byte - 128) / 128);
    block += 1;
  }
  vector[0] = tier === 'local' ? Math.abs(vector[0]!) : -Math.abs(vector[0]!) - 1 / 128;
  return vector;
}

/** A model name as a demo upstream reports it (a name asked as `demo-…` already is one). */
export function demoModel(name: string, demo: boolean): string {
  return demo && !name.startsWith(DEMO_PREFIX) ? `${DEMO_PREFIX}${name}` : name;
}

export const DEMO_PREFIX = 'demo-';

/**
 * The model names a gateway in front of demo upstreams is configured with: `GET /v1/models` lists
 * what the gateway serves (not what an upstream has), so the names themselves say "demo".
 */
export const DEMO_MODEL_ENV: Readonly<Record<string, string>> = {
  OLLAMA_MODEL: `${DEMO_PREFIX}llama3.2`,
  OPENAI_MODEL: `${DEMO_PREFIX}gpt-4o-mini`,
  OLLAMA_EMBEDDING_MODEL: `${DEMO_PREFIX}nomic-embed-text`,
  OPENAI_EMBEDDING_MODEL: `${DEMO_PREFIX}text-embedding-3-small`,
};
