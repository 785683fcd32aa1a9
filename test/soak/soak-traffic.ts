// The well-behaved part of the soak: clients that each send one request after another, cycling
// through whole answers on the native route, whole answers and streams on the OpenAI-compatible
// route, plain and sensitive prompts, and record what came back under the gateway's request id.
import type { Prompt, PromptMix } from './soak-prompts';

export type RequestKind = 'native whole' | 'openai whole' | 'openai stream';
const KINDS: readonly RequestKind[] = ['native whole', 'openai whole', 'openai stream'];

/** One request as the client saw it. */
export interface Outcome {
  readonly kind: RequestKind | 'slow body';
  readonly sensitive: boolean;
  /** 0 when no HTTP answer came (refused, reset, timed out). */
  readonly status: number;
  /** The gateway's id for the request (X-Request-Id), when an answer's head arrived. */
  readonly requestId?: string;
  /**
   * The client got a complete answer the gateway stands behind: a chat body (200, or 502/504 for
   * a provider failure) or a stream to `data: [DONE]`. Each must have exactly one audit row.
   */
  readonly answered: boolean;
  /** The decided provider and who served it (x-policy-mesh-provider / -served-by). */
  readonly provider?: string;
  readonly servedBy?: string;
  /** Why it was not answered: `status 503 AUDIT_UNAVAILABLE`, `ECONNREFUSED`, `stream error audit_unavailable`, … */
  readonly failure?: string;
  /** When the request was sent, ms since the epoch. */
  readonly at: number;
}

/** Statuses under which the gateway answered a chat request (and audited it). */
export const ANSWERED_STATUSES = new Set([200, 502, 504]);

export function requestBody(kind: RequestKind, prompt: Prompt): object {
  const messages = [{ role: 'user', content: prompt.text }];
  if (kind === 'native whole') return { messages };
  return { model: 'auto', messages, ...(kind === 'openai stream' ? { stream: true } : {}) };
}

export function pathOf(kind: RequestKind | 'slow body'): string {
  return kind === 'native whole' || kind === 'slow body' ? '/v1/chat' : '/v1/chat/completions';
}

/** How a stream ended: at `[DONE]`, or with the code of its error event. */
function streamEnd(text: string): { done: boolean; error?: string } {
  const error = /^data: (\{"error".*)$/m.exec(text)?.[1];
  if (error !== undefined) {
    try {
      const parsed = JSON.parse(error) as { error?: { code?: unknown } };
      const code = parsed.error?.code;
      return { done: false, error: typeof code === 'string' ? code : 'unknown' };
    } catch {
      return { done: false, error: 'unparsable error event' };
    }
  }
  return { done: /^data: \[DONE\]$/m.test(text) };
}

/**
 * Who was decided and who served, from the OpenAI route's headers or, on the native route, its
 * body's `provider` and `served_by`.
 */
export function routingOf(
  header: (name: string) => string | undefined,
  text: string,
): { provider?: string; servedBy?: string } {
  let body: { provider?: unknown; served_by?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // A stream: the headers say it.
  }
  const provider = header('x-policy-mesh-provider') ?? body.provider;
  const servedBy = header('x-policy-mesh-served-by') ?? body.served_by;
  return {
    provider: typeof provider === 'string' ? provider : undefined,
    servedBy: typeof servedBy === 'string' ? servedBy : undefined,
  };
}

function errorCode(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: unknown; error?: { code?: unknown } };
    const code = body.code ?? body.error?.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

async function sendOne(origin: string, kind: RequestKind, prompt: Prompt): Promise<Outcome> {
  const at = Date.now();
  const base = { kind, sensitive: prompt.sensitive, at };
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${origin}${pathOf(kind)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestBody(kind, prompt)),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    return { ...base, status: 0, answered: false, failure: causeOf(error) };
  }
  const head = { status: res.status, requestId: res.headers.get('x-request-id') ?? undefined };
  try {
    text = await res.text();
  } catch (error) {
    return { ...base, ...head, answered: false, failure: `body cut: ${causeOf(error)}` };
  }
  const seen = { ...base, ...head, ...routingOf((name) => res.headers.get(name) ?? undefined, text) };
  if (!ANSWERED_STATUSES.has(res.status))
    return { ...seen, answered: false, failure: `status ${res.status} ${errorCode(text)}`.trim() };
  if (kind !== 'openai stream') return { ...seen, answered: true };
  const end = streamEnd(text);
  if (end.done) return { ...seen, answered: true };
  return { ...seen, answered: false, failure: `stream ${end.error ?? 'cut (no [DONE])'}` };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code !== undefined) return cause.code;
  return error instanceof Error ? error.name : String(error);
}

export class SoakTraffic {
  readonly outcomes: Outcome[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly origin: string,
    private readonly prompts: PromptMix,
  ) {}

  /** `clients` loops, each pausing `pauseMs` between its requests. */
  start(clients: number, pauseMs: number): void {
    this.running = true;
    this.loops = Array.from({ length: clients }, (_, index) => this.loop(index, pauseMs));
  }

  /** Ends every loop after its request in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(index: number, pauseMs: number): Promise<void> {
    for (let turn = index; this.running; turn += 1) {
      const outcome = await sendOne(this.origin, KINDS[turn % KINDS.length]!, this.prompts.next());
      this.outcomes.push(outcome);
      // A refused connection (the gateway gone after SIGTERM) must not become a busy spin.
      await new Promise((resolve) => setTimeout(resolve, outcome.status === 0 ? 100 : pauseMs));
    }
  }
}
