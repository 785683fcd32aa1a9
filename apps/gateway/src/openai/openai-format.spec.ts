import type { ChatRouting } from '@app/chat';
import { chunk, ChunkFrames } from './openai-format';

describe(ChunkFrames.name, () => {
  const routing: ChatRouting = {
    request_id: '0190e5c6-36b4-7a61-9a33-3b1c0c6d9f10',
    provider: 'cloud',
    served_by: 'cloud',
    reason_codes: ['default'],
    policy_version: 'v'.repeat(64),
    // A model name with the characters JSON escapes, and the word the frame is cut at.
    model: 'gpt-"delta":\\test',
    model_choice: 'default',
  };

  it.each(['hello', ' "quoted" \\ \n line', '', 'é 😀'])(
    'writes the bytes a whole chunk serialises to, for %j',
    (content) => {
      const frames = new ChunkFrames(routing, 1_700_000_000);
      expect(frames.delta({ type: 'delta', content })).toBe(
        `data: ${JSON.stringify(chunk(routing, 1_700_000_000, { content }, null))}\n\n`,
      );
    },
  );

  it('writes tool-call pieces in the indexed shape OpenAI streams, with the same frame', () => {
    const frames = new ChunkFrames(routing, 1_700_000_000);
    const event = {
      type: 'delta' as const,
      content: '',
      tool_calls: [{ index: 0, id: 'call_1', name: 'get_weather', arguments: '{"ci' }],
    };
    const delta = {
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } },
      ],
    };
    expect(frames.delta(event)).toBe(
      `data: ${JSON.stringify(chunk(routing, 1_700_000_000, delta, null))}\n\n`,
    );
  });
});
