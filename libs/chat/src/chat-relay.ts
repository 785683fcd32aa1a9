// Relays a provider's stream to the consumer as content deltas, then one last event saying how it
// ended. Kept deliberately plain (one generator over the provider's iterator).
import type { ProviderStreamEvent, TokenUsage } from '@app/providers';
import type { ChatStreamEvent } from './chat.types';

/** What the relay saw by the time the stream stopped. */
export interface StreamEnding {
  /** The provider finished its answer, its stream broke (`error` says how), or the consumer left. */
  readonly stop: 'completed' | 'broken' | 'left';
  readonly error: unknown;
  readonly model: string | null;
  readonly usage: TokenUsage | null;
  readonly finish_reason: string | null;
}

/**
 * `end` records the outcome (audit first) and returns the last event. It runs however the stream
 * stops, also when the consumer stops early; the last event is then recorded but not delivered.
 */
export async function* relayStream(
  first: IteratorResult<ProviderStreamEvent>,
  iterator: AsyncIterator<ProviderStreamEvent>,
  end: (ending: StreamEnding) => Promise<ChatStreamEvent>,
): AsyncGenerator<ChatStreamEvent, void, undefined> {
  let stop: StreamEnding['stop'] = 'left';
  let error: unknown;
  let model: string | null = null;
  let usage: TokenUsage | null = null;
  let finishReason: string | null = null;
  let last: ChatStreamEvent;
  try {
    for (let step = first; !step.done; step = await iterator.next()) {
      const event = step.value;
      if (event.type === 'delta') yield event;
      else {
        model = event.model;
        usage = event.usage;
        finishReason = event.finish_reason;
      }
    }
    stop = 'completed';
  } catch (thrown) {
    stop = 'broken';
    error = thrown;
  } finally {
    // The consumer left: stop the upstream call before recording it as canceled.
    if (stop === 'left') await iterator.return?.().catch(() => undefined);
    last = await end({ stop, error, model, usage, finish_reason: finishReason });
  }
  yield last;
}
