// Streamed completions under load, read the way an SDK reads them: N clients, each on its own
// keep-alive connection, each opening a stream, parsing every SSE event to `data: [DONE]`, and
// opening the next, for a fixed window. autocannon cannot do this: it neither parses a stream nor
// times its first chunk.
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import { percentile } from './bench-stats';

export interface StreamLoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: object;
  readonly clients: number;
  /** New streams start only within this window; streams already open are read to their end. */
  readonly windowMs: number;
  /** The content a complete stream carries (its deltas joined), to tell a whole stream from a cut one. */
  readonly expectedContent: string;
  /** Client starts are spread over this many ms, so the clients do not move in lockstep. */
  readonly rampMs: number;
  /** A stream that takes longer than this is abandoned and counted as an error. */
  readonly streamTimeoutMs?: number;
}

export interface StreamLoadResult {
  /** Streams read to `[DONE]` with the whole content, within the window. */
  readonly completedInWindow: number;
  /** Streams read to the end, including those that finished after the window closed. */
  readonly completed: number;
  readonly windowMs: number;
  /** Time from sending the request to the first non-empty content delta, ms. */
  readonly ttfbP50Ms: number;
  readonly ttfbP99Ms: number;
  /** Time from sending the request to `[DONE]`, ms. */
  readonly durationP50Ms: number;
  readonly errors: number;
  /** The first few distinct error kinds, e.g. `status 502`, `cut (no [DONE])`, `timeout`. */
  readonly errorKinds: readonly string[];
}

export interface OneStream {
  readonly ok: boolean;
  readonly error?: string;
  readonly ttfbMs: number;
  readonly durationMs: number;
}

/** Reads one SSE body event by event; resolves when the server ends it. */
function readStream(
  agent: Agent,
  target: URL,
  headers: OutgoingHttpHeaders,
  payload: string,
  expected: string,
  timeoutMs: number,
): Promise<OneStream> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    let ttfbMs = Number.NaN;
    let settled = false;
    const finish = (ok: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok, error, ttfbMs, durationMs: elapsed() });
    };
    const call = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.once('end', () => finish(false, `status ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        let content = '';
        let done = false;
        let failure: string | undefined;
        res.on('data', (text: string) => {
          buffer += text;
          let boundary = buffer.indexOf('\n\n');
          while (boundary !== -1) {
            const event = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            boundary = buffer.indexOf('\n\n');
            for (const line of event.split('\n')) {
              if (!line.startsWith('data:')) continue;
              const data = line.slice(5).trim();
              if (data === '[DONE]') {
                done = true;
                continue;
              }
              try {
                const parsed = JSON.parse(data) as {
                  error?: unknown;
                  choices?: { delta?: { content?: string | null } }[];
                };
                if (parsed.error !== undefined) failure ??= 'error event';
                const delta = parsed.choices?.[0]?.delta?.content;
                if (typeof delta === 'string' && delta.length > 0) {
                  if (Number.isNaN(ttfbMs)) ttfbMs = elapsed();
                  content += delta;
                }
              } catch {
                failure ??= 'unparsable event';
              }
            }
          }
        });
        res.once('end', () => {
          if (failure !== undefined) finish(false, failure);
          else if (!done) finish(false, 'cut (no [DONE])');
          else if (content !== expected) finish(false, 'wrong content');
          else finish(true);
        });
        res.once('error', () => finish(false, 'response error'));
        res.once('close', () => finish(false, 'closed mid-stream'));
      },
    );
    const timer = setTimeout(() => {
      call.destroy();
      finish(false, 'timeout');
    }, timeoutMs);
    call.once('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? 'request error'));
    call.end(payload);
  });
}

function requestParts(options: Pick<StreamLoadOptions, 'url' | 'headers' | 'body'>) {
  const payload = JSON.stringify(options.body);
  const headers: OutgoingHttpHeaders = {
    ...options.headers,
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'content-length': Buffer.byteLength(payload),
  };
  return { target: new URL(options.url), payload, headers };
}

/** One stream on a connection of its own: whether it came whole, and if not, why. */
export async function oneStream(
  options: Pick<StreamLoadOptions, 'url' | 'headers' | 'body' | 'expectedContent'>,
): Promise<OneStream> {
  const { target, payload, headers } = requestParts(options);
  const agent = new Agent({ keepAlive: false });
  try {
    return await readStream(agent, target, headers, payload, options.expectedContent, 30_000);
  } finally {
    agent.destroy();
  }
}

export async function streamLoad(options: StreamLoadOptions): Promise<StreamLoadResult> {
  const { target, payload, headers } = requestParts(options);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients, maxFreeSockets: options.clients });
  const timeoutMs = options.streamTimeoutMs ?? 60_000;
  const ttfb: number[] = [];
  const durations: number[] = [];
  const errorKinds = new Set<string>();
  let completed = 0;
  let completedInWindow = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + options.windowMs;
  const client = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index * options.rampMs) / options.clients));
    while (performance.now() < end) {
      const stream = await readStream(agent, target, headers, payload, options.expectedContent, timeoutMs);
      if (!Number.isNaN(stream.ttfbMs)) ttfb.push(stream.ttfbMs);
      if (stream.ok) {
        completed += 1;
        if (performance.now() <= end) completedInWindow += 1;
        durations.push(stream.durationMs);
      } else {
        errors += 1;
        if (errorKinds.size < 5) errorKinds.add(stream.error ?? 'unknown');
        // A refused or failing contender must not turn the loop into a busy spin.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  } finally {
    agent.destroy();
  }
  ttfb.sort((a, b) => a - b);
  durations.sort((a, b) => a - b);
  return {
    completedInWindow,
    completed,
    windowMs: options.windowMs,
    ttfbP50Ms: percentile(ttfb, 50),
    ttfbP99Ms: percentile(ttfb, 99),
    durationP50Ms: percentile(durations, 50),
    errors,
    errorKinds: [...errorKinds],
  };
}
