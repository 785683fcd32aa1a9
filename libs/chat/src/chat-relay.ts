// Relays a provider's stream to the consumer: every event but the provider's final one passes
// through unchanged (text deltas, and whatever else a delta carries), then one last event says how
// the stream ended. One plain iterator over the provider's, no generator stacked on it: each event
// costs one `next()` of the provider's iterator and nothing more.
import type { ProviderStreamEvent, TokenUsage } from '@app/providers';
import type { ChatStreamEvent, ChatStreamEvents, StreamStop } from './chat.types';

/** What the relay saw by the time the stream stopped. */
export interface StreamEnding {
  /**
   * The provider finished its answer, its stream broke (`error` says how), the consumer left, or
   * the consumer stopped reading for too long (stalled).
   */
  readonly stop: 'completed' | 'broken' | StreamStop;
  readonly error: unknown;
  readonly model: string | null;
  readonly usage: TokenUsage | null;
  readonly finish_reason: string | null;
}

type Ender = (ending: StreamEnding) => Promise<ChatStreamEvent>;

const DONE: IteratorResult<ChatStreamEvent> = { done: true, value: undefined };

/**
 * `end` records the outcome (audit first) and returns the last event. It runs exactly once however
 * the stream stops: at the provider's end or break (the last event is then delivered), or when the
 * consumer stops early through `return()` or `stop()` (recorded, not delivered).
 */
export class StreamRelay implements ChatStreamEvents {
  private first: IteratorResult<ProviderStreamEvent> | null;
  private model: string | null = null;
  private usage: TokenUsage | null = null;
  private finishReason: string | null = null;
  /** Set once `end` has been called: the one outcome of this stream. */
  private ended: Promise<ChatStreamEvent> | null = null;
  private delivered = false;

  constructor(
    first: IteratorResult<ProviderStreamEvent>,
    private readonly upstream: AsyncIterator<ProviderStreamEvent>,
    private readonly end: Ender,
  ) {
    this.first = first;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ChatStreamEvent>> {
    if (this.ended !== null) {
      if (this.delivered) return DONE;
      this.delivered = true;
      return { done: false, value: await this.ended };
    }
    try {
      for (;;) {
        const step = this.first ?? (await this.upstream.next());
        this.first = null;
        // A stop() that came in while this read was pending has recorded the outcome: what the
        // read brought is not delivered after it.
        if (this.ended !== null) return this.next();
        if (step.done) break;
        const event = step.value;
        // Only the provider's final event is the relay's business; any other passes as it came.
        if (event.type !== 'done') return { done: false, value: event };
        this.model = event.model;
        this.usage = event.usage;
        this.finishReason = event.finish_reason;
      }
    } catch (error) {
      // A stop() that came in while this read was pending has already settled the outcome.
      if (this.ended === null) this.finish('broken', error);
      return this.next();
    }
    if (this.ended === null) this.finish('completed', undefined);
    return this.next();
  }

  /** The consumer broke out of its loop: the client is gone. */
  async return(): Promise<IteratorResult<ChatStreamEvent>> {
    await this.stop('left');
    return DONE;
  }

  async stop(reason: StreamStop): Promise<void> {
    if (this.ended === null) {
      this.delivered = true;
      // Claimed at once, so a read that fails meanwhile (the call being stopped) cannot record a
      // second outcome. The upstream call is told to stop but not waited for: a provider iterator
      // with a read still pending settles its return() only after that read, and the row must
      // not wait on an upstream that may never answer.
      this.finish(reason, undefined);
      void this.upstream.return?.().catch(() => undefined);
    }
    await this.ended!.catch(() => undefined);
  }

  private finish(stop: StreamEnding['stop'], error: unknown): void {
    this.ended = this.end({
      stop,
      error,
      model: this.model,
      usage: this.usage,
      finish_reason: this.finishReason,
    });
  }
}
