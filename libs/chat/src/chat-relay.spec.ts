import type { ProviderStreamEvent } from '@app/providers';
import { StreamRelay, type StreamEnding } from './chat-relay';
import type { ChatStreamEvent } from './chat.types';

const done: ProviderStreamEvent = { type: 'done', model: 'm', usage: null, finish_reason: 'stop' };

/** A relay over these provider events, and the endings it recorded. */
function relayOver(events: ProviderStreamEvent[], options: { breakWith?: Error } = {}) {
  const endings: StreamEnding[] = [];
  let closed = false;
  const upstream = (async function* () {
    try {
      for (const event of events) {
        await new Promise((resolve) => setImmediate(resolve));
        yield event;
      }
      if (options.breakWith) throw options.breakWith;
    } finally {
      closed = true;
    }
  })();
  const last: ChatStreamEvent = { type: 'error', error: new Error('ended') as never };
  const relay = new StreamRelay({ done: false, value: events[0]! }, upstream, (ending) => {
    endings.push(ending);
    return Promise.resolve(last);
  });
  // The first event was already read by the caller of the relay (ChatService.stream).
  void upstream.next();
  return { relay, endings, last, closed: () => closed };
}

async function drain(relay: StreamRelay): Promise<ChatStreamEvent[]> {
  const seen: ChatStreamEvent[] = [];
  for await (const event of relay) seen.push(event);
  return seen;
}

describe(StreamRelay.name, () => {
  it('passes every non-final event through as the provider sent it, whatever it carries', async () => {
    // A delta with more than text (as a tool-call delta would be) is not the relay's business.
    const rich = { type: 'delta', content: 'a', tool_calls: [{ index: 0 }] } as ProviderStreamEvent;
    const { relay, endings, last } = relayOver([rich, { type: 'delta', content: 'b' }, done]);
    const seen = await drain(relay);
    expect(seen[0]).toBe(rich);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe(last);
    expect(endings).toEqual([
      { stop: 'completed', error: undefined, model: 'm', usage: null, finish_reason: 'stop' },
    ]);
  });

  it('records a broken stream once and delivers its last event', async () => {
    const failure = new Error('socket hang up');
    const { relay, endings } = relayOver([{ type: 'delta', content: 'a' }], { breakWith: failure });
    await drain(relay);
    expect(endings).toEqual([expect.objectContaining({ stop: 'broken', error: failure })]);
  });

  it('records a consumer that stops (stalled, then left, then breaks off) once, as the first reason', async () => {
    const { relay, endings, closed } = relayOver([
      { type: 'delta', content: 'a' },
      { type: 'delta', content: 'b' },
      done,
    ]);
    await relay.next();
    await relay.stop('stalled');
    await relay.stop('left');
    await relay.return();
    expect(await relay.next()).toEqual({ done: true, value: undefined });
    expect(endings).toEqual([expect.objectContaining({ stop: 'stalled' })]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed()).toBe(true);
  });

  it('records a stop that arrives while a read is pending once, and delivers nothing that read brings', async () => {
    const endings: StreamEnding[] = [];
    let release: (step: IteratorResult<ProviderStreamEvent>) => void = () => undefined;
    const upstream: AsyncIterator<ProviderStreamEvent> = {
      next: () => new Promise((resolve) => (release = resolve)),
      return: () => Promise.resolve({ done: true, value: undefined }),
    };
    const relay = new StreamRelay(
      { done: false, value: { type: 'delta', content: 'a' } },
      upstream,
      (ending) => {
        endings.push(ending);
        return Promise.resolve({ type: 'error', error: new Error('ended') as never });
      },
    );
    expect(await relay.next()).toEqual({ done: false, value: { type: 'delta', content: 'a' } });
    const pending = relay.next();
    await relay.stop('left');
    release({ done: false, value: { type: 'delta', content: 'late' } });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(endings.map((ending) => ending.stop)).toEqual(['left']);
  });
});
