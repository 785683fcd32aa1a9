import { Logger } from '@nestjs/common';
import { AuditUnavailableError } from '@app/audit';
import { FAILURE_CATEGORIES } from '@app/providers';
import { chatTestbed, counted, type ChatTestbed } from '../test/chat-test-kit';
import { ChatFailedError, ChatUnsupportedError } from './chat.errors';
import { ChatService } from './chat.service';
import type { ChatInput, ChatResult, ChatStreamEvent } from './chat.types';

const SHORT = 'hi there';
const LONG = 'Please write a friendly paragraph about the history of the bicycle and its inventors.';
const KEYWORD = 'the secret launch plan';
const PII = 'mail jane.doe@example.com the numbers';

/** Long prompts go to the cloud by default; short ones stay local for cost. */
const cost = { max_prompt_length_for_local: 40, default_provider: 'cloud' };
const sensitivity = { keywords: ['secret'] };
const policyWith = (fallback: object = {}, extra: object = {}) => ({ sensitivity, cost, fallback, ...extra });

let sequence = 0;
const input = (content: string): ChatInput => ({
  request_id: `00000000-0000-7000-8000-${String((sequence += 1)).padStart(12, '0')}`,
  endpoint: 'native',
  messages: [{ role: 'user', content }],
});

type Way = 'complete' | 'stream';

/** Runs a request either way and returns what the caller sees: the result, or the error it gets. */
async function ask(bed: ChatTestbed, way: Way, content: string): Promise<ChatResult | Error> {
  try {
    if (way === 'complete') return await bed.chat.complete(input(content));
    const stream = await bed.chat.stream(input(content));
    let text = '';
    for await (const event of stream.events) {
      if (event.type === 'delta') text += event.content;
      else if (event.type === 'error') return event.error;
      else return { ...event.result, content: text };
    }
    throw new Error('stream ended without an outcome');
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
}

describe(ChatService.name, () => {
  // The request's one line goes through Nest's Logger; the tests read it here instead of the console.
  let logs: Record<'log' | 'warn' | 'error', jest.SpyInstance>;

  beforeEach(() => {
    logs = {
      log: jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
      warn: jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined),
      error: jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined),
    };
  });

  afterEach(() => jest.restoreAllMocks());

  describe.each<Way>(['complete', 'stream'])('the fallback matrix (%s)', (way) => {
    it.each([
      // decided, fails, on_local_failure, on_cloud_failure, second attempt fails?, expected outcome
      ['local', 'fail', 'local', null, 'unreachable', [1, 0]],
      ['local', 'cloud', 'cloud', null, null, [1, 1]],
      ['local', 'cloud', 'cloud', 'server_error', 'server_error', [1, 1]],
      ['cloud', 'local', 'local', null, null, [1, 1]],
      ['cloud', 'fail', 'cloud', null, 'unreachable', [0, 1]],
      ['cloud', 'local', 'local', 'server_error', 'server_error', [1, 1]],
    ] as const)(
      'decided %s, fallback %s: tries %s; second failure %s gives %s, with calls [local, cloud] = %j',
      async (decided, fallbackTo, lastTier, secondFailure, failureSeen, calls) => {
        const fallback =
          decided === 'local'
            ? { on_local_failure: fallbackTo, on_cloud_failure: 'fail' }
            : { on_local_failure: 'fail', on_cloud_failure: fallbackTo };
        const bed = await chatTestbed(policyWith(fallback));
        const first = decided === 'local' ? bed.local : bed.cloud;
        const second = decided === 'local' ? bed.cloud : bed.local;
        first.behaviour = { kind: 'fail', category: 'unreachable' };
        if (secondFailure !== null) second.behaviour = { kind: 'fail', category: secondFailure };

        const outcome = await ask(bed, way, decided === 'local' ? SHORT : LONG);

        expect([bed.local.calls.length, bed.cloud.calls.length]).toEqual(calls);
        const decidedCode = decided === 'local' ? 'cost_prefer_local' : 'default';
        const fellBack = fallbackTo !== 'fail';
        const codes = fellBack
          ? [decidedCode, decided === 'local' ? 'fallback_local_unavailable' : 'fallback_cloud_unavailable']
          : [decidedCode];
        const [event] = bed.writer.events;
        expect(bed.writer.events).toHaveLength(1);
        expect(event).toMatchObject({ provider: decided, reason_codes: codes, stream: way === 'stream' });
        if (failureSeen === null) {
          expect(outcome).toMatchObject({ provider: decided, served_by: lastTier, reason_codes: codes });
          expect(event).toMatchObject({ status: 'success', served_by: lastTier, failure_category: null });
        } else {
          expect(outcome).toBeInstanceOf(ChatFailedError);
          expect(outcome).toMatchObject({
            failure_category: failureSeen,
            routing: { provider: decided, served_by: lastTier, reason_codes: codes },
          });
          expect(event).toMatchObject({ status: 'failure', served_by: null, failure_category: failureSeen });
        }
      },
    );

    it('never falls back for a client that left', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.local.behaviour = { kind: 'fail', category: 'canceled' };
      const outcome = await ask(bed, way, SHORT);
      expect(outcome).toMatchObject({ failure_category: 'canceled' });
      expect(bed.cloud.calls).toHaveLength(0);
    });

    it('treats an adapter that throws something else as an invalid response', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'fail' }));
      bed.local.behaviour = { kind: 'throw' };
      const outcome = await ask(bed, way, SHORT);
      expect(outcome).toMatchObject({
        failure_category: 'invalid_response',
        message: 'provider failed unexpectedly',
      });
      expect(logs.error).toHaveBeenCalledWith(
        expect.objectContaining({ provider: 'local' }),
        'provider adapter threw an unexpected error',
      );
    });
  });

  describe('local-only decisions never reach the cloud', () => {
    const categories = FAILURE_CATEGORIES;
    const cases = (['complete', 'stream'] as const).flatMap((way) =>
      [
        [KEYWORD, 'sensitive_keyword_match'],
        [PII, 'pii_detected'],
      ].flatMap(([content, code]) => categories.map((category) => [way, code!, category, content!] as const)),
    );

    it.each(cases)(
      '%s, %s, local fails with %s: no cloud call, one failure row',
      async (way, code, category, content) => {
        const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud', on_cloud_failure: 'local' }));
        bed.local.behaviour = { kind: 'fail', category };
        const outcome = await ask(bed, way, content);
        expect(outcome).toMatchObject({ failure_category: category, routing: { reason_codes: [code] } });
        expect(bed.cloud.calls).toHaveLength(0);
        expect(bed.writer.events).toEqual([
          expect.objectContaining({ status: 'failure', provider: 'local', reason_codes: [code] }),
        ]);
      },
    );

    it('keeps a stream that breaks mid-answer local too: an error event, no cloud call', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.local.behaviour = { kind: 'break', category: 'stream_interrupted' };
      const stream = await bed.chat.stream(input(KEYWORD));
      const events: ChatStreamEvent[] = [];
      for await (const event of stream.events) events.push(event);
      expect(events.filter((event) => event.type === 'delta').length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({
        type: 'error',
        error: { failure_category: 'stream_interrupted' },
      });
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events).toEqual([
        expect.objectContaining({ status: 'failure', failure_category: 'stream_interrupted', stream: true }),
      ]);
    });
  });

  describe('a stream its consumer stops', () => {
    it('audits a client that stopped reading once, as canceled with STREAM_STALLED, and closes the provider stream', async () => {
      const bed = await chatTestbed();
      const stream = await bed.chat.stream(input(SHORT));
      await stream.events.next();
      await stream.events.stop('stalled');
      await stream.events.return?.();
      expect(bed.writer.events).toEqual([
        expect.objectContaining({
          status: 'failure',
          failure_category: 'canceled',
          error_code: 'STREAM_STALLED',
          stream: true,
        }),
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(bed.local.closedEarly).toBe(1);
    });

    // Failures before and during a stream are in the matrix above; this is the consumer's own stop.
    it('records a stalled stream once, as canceled with STREAM_STALLED, and moves it nowhere', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      const stream = await bed.chat.stream(input(KEYWORD));
      await stream.events.stop('stalled');
      await stream.events.stop('left');
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events).toEqual([
        expect.objectContaining({
          provider: 'local',
          status: 'failure',
          failure_category: 'canceled',
          error_code: 'STREAM_STALLED',
          reason_codes: ['sensitive_keyword_match'],
        }),
      ]);
    });
  });

  describe('text sent besides the messages', () => {
    it('keeps a request local when a keyword is in its stop sequences, whatever fails', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      const request = { ...input(LONG), options: { stop: ['the secret plan'] } };
      await expect(bed.chat.complete(request)).rejects.toBeInstanceOf(ChatFailedError);
      expect(bed.local.calls).toHaveLength(1);
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events[0]).toMatchObject({
        provider: 'local',
        reason_codes: ['sensitive_keyword_match'],
      });
    });
  });

  describe('tools and images', () => {
    const refusal = { field: 'tool_choice', message: 'cannot force a tool call' };

    it('refuses a request its decided tier cannot honour before any call, audited as one rejection', async () => {
      const bed = await chatTestbed(policyWith());
      bed.local.refuses = refusal;
      await expect(bed.chat.complete(input(SHORT))).rejects.toEqual(expect.any(ChatUnsupportedError));
      await expect(bed.chat.stream(input(SHORT))).rejects.toMatchObject({
        code: 'UNSUPPORTED_PARAMETER',
        violations: [refusal],
      });
      expect(bed.local.calls).toHaveLength(0);
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events).toEqual([
        expect.objectContaining({ status: 'rejected', error_code: 'UNSUPPORTED_PARAMETER' }),
        expect.objectContaining({ status: 'rejected', error_code: 'UNSUPPORTED_PARAMETER' }),
      ]);
    });

    it.each<Way>(['complete', 'stream'])(
      '%s: does not fall back to a tier that cannot honour the request; the failure stands',
      async (way) => {
        const bed = await chatTestbed(policyWith({ on_cloud_failure: 'local' }));
        bed.cloud.behaviour = { kind: 'fail', category: 'server_error' };
        bed.local.refuses = refusal;
        const outcome = await ask(bed, way, LONG);
        expect(outcome).toMatchObject({ failure_category: 'server_error' });
        expect(bed.local.calls).toHaveLength(0);
        expect(bed.writer.events).toEqual([
          expect.objectContaining({ status: 'failure', reason_codes: ['default'] }),
        ]);
      },
    );

    it("keeps a request local when a keyword is in a tool's description, whatever fails", async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      const request = {
        ...input(LONG),
        options: { tools: [{ name: 'wiki', description: 'reads secret pages' }] },
      };
      await expect(bed.chat.complete(request)).rejects.toBeInstanceOf(ChatFailedError);
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events[0]).toMatchObject({ reason_codes: ['sensitive_keyword_match'] });
    });

    it('keeps a request with an image local, sends the upstream turns, and audits the image count', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      const upstream = [
        {
          role: 'user' as const,
          content: LONG,
          parts: [
            { type: 'text' as const, text: LONG },
            { type: 'image' as const, media_type: 'image/png', data: 'AAAA' },
          ],
        },
      ];
      await bed.chat.complete({ ...input(LONG), upstream_messages: upstream });
      expect(bed.local.calls[0]!.messages).toEqual(upstream);
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      await expect(bed.chat.complete({ ...input(LONG), upstream_messages: upstream })).rejects.toBeInstanceOf(
        ChatFailedError,
      );
      expect(bed.cloud.calls).toHaveLength(0);
      expect(bed.writer.events.map((event) => [event.reason_codes, event.prompt_flags])).toEqual([
        [['image_present'], { keyword_matches: 0, detectors: {}, images: 1 }],
        [['image_present'], { keyword_matches: 0, detectors: {}, images: 1 }],
      ]);
    });
  });

  describe('failing closed', () => {
    const labels = (status: string) => ({ provider: 'local', status, endpoint: 'native' });

    it.each<Way>(['complete', 'stream'])(
      '%s: no durable row means no answer, counted and logged as one failure, nothing spent',
      async (way) => {
        const bed = await chatTestbed();
        bed.writer.refusing = true;
        const [success, failure] = await Promise.all([
          counted(bed.metrics.chatRequests, labels('success')),
          counted(bed.metrics.chatRequests, labels('failure')),
        ]);
        const tokens = await counted(bed.metrics.tokens, { provider: 'local', direction: 'output' });

        const outcome = await ask(bed, way, SHORT);

        expect(outcome).toBeInstanceOf(AuditUnavailableError);
        expect(await counted(bed.metrics.chatRequests, labels('success'))).toBe(success);
        expect(await counted(bed.metrics.chatRequests, labels('failure'))).toBe(failure + 1);
        expect(await counted(bed.metrics.tokens, { provider: 'local', direction: 'output' })).toBe(tokens);
        const lines = (spy: jest.SpyInstance) =>
          spy.mock.calls.filter(([, message]) => message === 'chat request finished').map(([line]) => line);
        expect(lines(logs.log)).toEqual([]);
        expect(lines(logs.warn)).toHaveLength(1);
        expect(lines(logs.warn)[0]).toMatchObject({
          status: 'failure',
          served_by: null,
          failure_category: null,
          error_code: 'AUDIT_UNAVAILABLE',
        });
      },
    );

    it('answers a provider failure with no durable row as unavailable, not as the provider failure', async () => {
      const bed = await chatTestbed();
      bed.writer.refusing = true;
      bed.local.behaviour = { kind: 'fail', category: 'server_error' };
      await expect(bed.chat.complete(input(SHORT))).rejects.toBeInstanceOf(AuditUnavailableError);
    });

    it('sends the last stream event only once the row is durable', async () => {
      const bed = await chatTestbed();
      const stream = await bed.chat.stream(input(SHORT));
      const rowsWhenSeen: number[] = [];
      for await (const _event of stream.events) rowsWhenSeen.push(bed.writer.events.length);
      expect(rowsWhenSeen.slice(0, -1).every((rows) => rows === 0)).toBe(true);
      expect(rowsWhenSeen.at(-1)).toBe(1);
    });
  });

  describe('the cloud budget', () => {
    const budgeted = (extra: object = {}) =>
      policyWith(
        { on_local_failure: 'cloud' },
        {
          cost: { ...cost, input_usd_per_1m_tokens: 1000, output_usd_per_1m_tokens: 1000 },
          budget: { cloud_usd_per_day: 1 },
          ...extra,
        },
      );

    it('keeps requests local once the day’s spend reached the budget', async () => {
      const bed = await chatTestbed(budgeted());
      bed.spend = 5;
      const result = await bed.chat.complete(input(LONG));
      expect(result).toMatchObject({
        provider: 'local',
        served_by: 'local',
        reason_codes: ['cloud_budget_exceeded'],
      });
      expect(bed.cloud.calls).toHaveLength(0);
    });

    it('cannot fire when the spend is unknown, rather than failing the request', async () => {
      const bed = await chatTestbed(budgeted());
      bed.spend = undefined;
      await expect(bed.chat.complete(input(LONG))).resolves.toMatchObject({ served_by: 'cloud' });
    });

    it('counts an answer’s spend at once, so the next decision sees it without a query', async () => {
      const bed = await chatTestbed(budgeted());
      const first = await bed.chat.complete(input(LONG));
      expect(first.served_by).toBe('cloud');
      expect(bed.writer.events[0]!.cost_usd).toBe(2);
      const second = await bed.chat.complete(input(LONG));
      expect(second.reason_codes).toEqual(['cloud_budget_exceeded']);
      expect(bed.spendQueries).toBe(1);
    });

    it('does not count the spend of an answer that failed closed', async () => {
      const bed = await chatTestbed(budgeted());
      bed.writer.refusing = true;
      await expect(bed.chat.complete(input(LONG))).rejects.toBeInstanceOf(AuditUnavailableError);
      bed.writer.refusing = false;
      await expect(bed.chat.complete(input(LONG))).resolves.toMatchObject({ served_by: 'cloud' });
    });

    it('never falls back to the cloud for a key over its own daily budget', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.spend = 5;
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      const key = { id: '01a2256b-0000-7000-8000-000000000001', local_only: false, daily_cloud_usd: 1 };
      await expect(bed.chat.complete({ ...input(LONG), key })).rejects.toMatchObject({
        routing: { served_by: 'local', reason_codes: ['key_budget_exceeded'] },
      });
      expect(bed.cloud.calls).toHaveLength(0);
    });

    it('never falls back to the cloud from a budget decision, even where the policy allows fallbacks', async () => {
      const bed = await chatTestbed(budgeted());
      bed.spend = 5;
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      await expect(bed.chat.complete(input(LONG))).rejects.toMatchObject({
        failure_category: 'unreachable',
        routing: { served_by: 'local', reason_codes: ['cloud_budget_exceeded'] },
      });
      expect(bed.cloud.calls).toHaveLength(0);
    });
  });

  describe('streams', () => {
    it('relays deltas, then one done event with the usage and the routing', async () => {
      const bed = await chatTestbed();
      const stream = await bed.chat.stream(input(SHORT));
      expect(stream.routing).toMatchObject({ provider: 'local', served_by: 'local', model: 'llama-test' });
      const events: ChatStreamEvent[] = [];
      for await (const event of stream.events) events.push(event);
      expect(events.map((event) => event.type)).toEqual(['delta', 'delta', 'delta', 'done']);
      expect(events.at(-1)).toMatchObject({
        type: 'done',
        result: { usage: { input_tokens: 1000, output_tokens: 1000 }, finish_reason: 'stop' },
      });
      expect(bed.writer.events).toEqual([
        expect.objectContaining({ status: 'success', stream: true, output_tokens: 1000 }),
      ]);
    });

    it('audits a consumer that leaves early as canceled and closes the provider stream', async () => {
      const bed = await chatTestbed();
      const stream = await bed.chat.stream(input(SHORT));
      for await (const event of stream.events) if (event.type === 'delta') break;
      expect(bed.local.closedEarly).toBe(1);
      expect(bed.writer.events).toEqual([
        expect.objectContaining({ status: 'failure', failure_category: 'canceled', stream: true }),
      ]);
    });
  });

  describe('the audit row', () => {
    it('holds the metadata of the prompt, never its text', async () => {
      const bed = await chatTestbed(policyWith());
      await bed.chat.complete(input(KEYWORD));
      const [event] = bed.writer.events;
      expect(event).toMatchObject({
        status: 'success',
        decision: 'provider=local,reason_codes=sensitive_keyword_match',
        prompt_length: KEYWORD.length,
        message_count: 1,
        prompt_flags: { keyword_matches: 1 },
        cost_usd: 0,
        error_code: null,
      });
      expect(JSON.stringify(event)).not.toContain('launch');
    });

    it('records a rejection with its error code, leaving failure_category to failures', async () => {
      const bed = await chatTestbed();
      const rejected = await counted(bed.metrics.chatRequests, {
        provider: 'none',
        status: 'rejected',
        endpoint: 'openai',
      });
      await bed.chat.recordRejection('00000000-0000-7000-8000-00000000abcd', 'openai', 'VALIDATION_FAILED');
      expect(bed.writer.events).toEqual([
        expect.objectContaining({
          status: 'rejected',
          endpoint: 'openai',
          failure_category: null,
          error_code: 'VALIDATION_FAILED',
        }),
      ]);
      expect(
        await counted(bed.metrics.chatRequests, { provider: 'none', status: 'rejected', endpoint: 'openai' }),
      ).toBe(rejected + 1);
    });

    it('counts the decision once per request, whichever way it is answered', async () => {
      const bed = await chatTestbed(policyWith({ on_local_failure: 'cloud' }));
      bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
      const labels = { provider: 'local', reason_code: 'cost_prefer_local' };
      const before = await counted(bed.metrics.routingDecisions, labels);
      await bed.chat.complete(input(SHORT));
      await ask(bed, 'stream', SHORT);
      expect(await counted(bed.metrics.routingDecisions, labels)).toBe(before + 2);
    });
  });
});
