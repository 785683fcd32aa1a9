// The other places sensitive text hides in an agent's conversation: a tool's result, the arguments
// or the name of a call the model made, a tool's description, an image. Each keeps the request
// local, and nothing of it reaches the cloud — whether the local tier answers or fails, streamed or
// not, under every fallback setting.
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  useGateway,
} from '../../support/gateway-harness';

type Body = Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'stream'>;

const call = (name: string, args: string) => ({
  role: 'assistant' as const,
  content: null,
  tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name, arguments: args } }],
});
const result = (content: string) => ({ role: 'tool' as const, tool_call_id: 'call_1', content });
const ask = { role: 'user' as const, content: LONG_PROMPT };
const LOOKUP = { type: 'function' as const, function: { name: 'lookup', description: 'Looks things up' } };

/** Each request would go to the cloud but for the one sensitive piece it carries. */
const CASES: [string, Body, string][] = [
  [
    'a keyword in a tool result',
    { messages: [ask, call('lookup', '{"q":"plan"}'), result('The plan is CONFIDENTIAL.')], tools: [LOOKUP] },
    'sensitive_keyword_match',
  ],
  [
    'a keyword in tool-call arguments',
    { messages: [ask, call('lookup', '{"path":"secret/plan.txt"}'), result('done')], tools: [LOOKUP] },
    'sensitive_keyword_match',
  ],
  [
    'a keyword spelt with JSON escapes in tool-call arguments',
    { messages: [ask, call('lookup', '{"q":"\\u0073ecret"}'), result('done')], tools: [LOOKUP] },
    'sensitive_keyword_match',
  ],
  [
    'a keyword in the name of a call',
    { messages: [ask, call('read_internal_wiki', '{}'), result('done')] },
    'sensitive_keyword_match',
  ],
  [
    "a keyword in a tool's description",
    {
      messages: [ask],
      tools: [{ type: 'function', function: { name: 'wiki', description: 'Reads internal pages' } }],
    },
    'sensitive_keyword_match',
  ],
  [
    'an email address in a tool result',
    { messages: [ask, call('lookup', '{}'), result('Owner: ann.lee@example.com')], tools: [LOOKUP] },
    'pii_detected',
  ],
  [
    'an image',
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: LONG_PROMPT },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    },
    'image_present',
  ],
];

describe.each(['cloud', 'fail'])(
  'sensitive text around tools never reaches the cloud (on_local_failure: %s)',
  (onLocalFailure) => {
    const gateway = useGateway(`tool_privacy_${onLocalFailure}`, {
      policy: {
        ...CLOUD_DEFAULT_POLICY,
        fallback: { on_local_failure: onLocalFailure, on_cloud_failure: 'local' },
      },
    });
    let harness: GatewayHarness;
    let client: OpenAI;
    beforeAll(() => ({ harness, client } = gateway()));

    it('sends the same conversation without the sensitive piece to the cloud (the cases mean something)', async () => {
      const { response } = await client.chat.completions
        .create({
          model: 'auto',
          messages: [ask, call('lookup', '{"q":"plan"}'), result('The plan is ready.')],
          tools: [LOOKUP],
        })
        .withResponse();
      expect(response.headers.get('x-policy-mesh-served-by')).toBe('cloud');
    });

    describe.each(CASES)('%s', (_label, body, reason) => {
      it('is answered locally with the reason, streamed or not', async () => {
        const { response } = await client.chat.completions.create({ model: 'auto', ...body }).withResponse();
        expect(response.headers.get('x-policy-mesh-served-by')).toBe('local');
        expect(response.headers.get('x-policy-mesh-reason-codes')).toBe(reason);
        const stream = client.chat.completions.stream({ model: 'auto', ...body });
        await stream.finalChatCompletion();
        expect(harness.ollama.requestsTo('/api/chat')).toHaveLength(2);
        expect(harness.openai.requests).toHaveLength(0);
      });

      it.each([
        ['answers 500', { kind: 'status', status: 500 } as const],
        ['breaks off mid-stream', { kind: 'disconnect', afterChunks: 0 } as const],
        ['is unreachable', { kind: 'refuse' } as const],
      ])('fails without a fallback to the cloud when the local tier %s', async (_what, fault) => {
        harness.ollama.setFault(fault);
        const whole = await client.chat.completions
          .create({ model: 'auto', ...body })
          .catch((e: unknown) => e);
        expect(whole).toBeInstanceOf(OpenAI.APIError);
        const streamed = await (async () => {
          const stream = await client.chat.completions.create({ model: 'auto', ...body, stream: true });
          for await (const _chunk of stream) {
            // drained
          }
        })().catch((e: unknown) => e);
        expect(streamed).toBeInstanceOf(OpenAI.APIError);
        expect(harness.openai.requests).toHaveLength(0);
        const rows = await harness.auditRows("reason_codes[1] = $1 AND status = 'failure'", [reason]);
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(
          rows.every((row) => row.served_by === null && (row.reason_codes as string[]).length === 1),
        ).toBe(true);
      });
    });
  },
);
