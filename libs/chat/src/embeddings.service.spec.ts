import { AuditUnavailableError } from '@app/audit';
import { chatTestbed, counted, type ChatTestbed } from '../test/chat-test-kit';
import { ChatFailedError } from './chat.errors';
import { EmbeddingsPinConflictError } from './embeddings.errors';
import { EmbeddingsService } from './embeddings.service';
import type { EmbeddingInput } from './embeddings.types';

const LONG = 'Please write a friendly paragraph about the history of the bicycle and its inventors.';
const policyWith = (extra: object = {}) => ({
  sensitivity: { keywords: ['secret'] },
  cost: { max_prompt_length_for_local: 40, default_provider: 'cloud' },
  ...extra,
});

let sequence = 0;
const input = (inputs: string[], extra: Partial<EmbeddingInput> = {}): EmbeddingInput => ({
  request_id: `00000000-0000-7000-8000-${String((sequence += 1)).padStart(12, '0')}`,
  inputs,
  ...extra,
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe(EmbeddingsService.name, () => {
  let bed: ChatTestbed;

  it('embeds non-sensitive text per policy, one vector per input in order, with one audit row', async () => {
    bed = await chatTestbed(policyWith());
    const result = await bed.embeddings.embed(input([LONG, 'two']));
    expect(result).toMatchObject({
      provider: 'cloud',
      served_by: 'cloud',
      reason_codes: ['default'],
      model: 'embed-cloud-test',
      model_choice: 'default',
      vectors: [
        [LONG.length, 1, 0],
        [3, 1, 1],
      ],
    });
    expect(bed.local.embedCalls).toHaveLength(0);
    expect(bed.writer.events).toHaveLength(1);
    expect(bed.writer.events[0]).toMatchObject({
      endpoint: 'embeddings',
      status: 'success',
      served_by: 'cloud',
      message_count: 2,
      prompt_length: LONG.length + 3,
      input_tokens: 20,
      output_tokens: 0,
      stream: false,
    });
    expect(JSON.stringify(bed.writer.events[0])).not.toContain('bicycle');
    expect(await counted(bed.metrics.chatRequests, { endpoint: 'embeddings', status: 'success' })).toBe(1);
  });

  it('embeds an input with a keyword or PII locally, and never falls back to the cloud', async () => {
    bed = await chatTestbed(policyWith({ fallback: { on_local_failure: 'cloud' } }));
    const kept = await bed.embeddings.embed(input([LONG, 'the secret plan']));
    expect(kept).toMatchObject({ served_by: 'local', reason_codes: ['sensitive_keyword_match'] });
    bed.local.behaviour = { kind: 'fail', category: 'unreachable' };
    const error = await failureOf(bed.embeddings.embed(input([LONG, 'mail jane.doe@example.com'])));
    expect(error).toBeInstanceOf(ChatFailedError);
    expect(bed.cloud.embedCalls).toHaveLength(0);
    expect(bed.writer.events.map((event) => event.status)).toEqual(['success', 'failure']);
  });

  it('falls back per policy when unpinned, never when embeddings are pinned to a tier', async () => {
    bed = await chatTestbed(policyWith());
    bed.cloud.behaviour = { kind: 'fail', category: 'server_error' };
    const fellBack = await bed.embeddings.embed(input([LONG]));
    expect(fellBack.reason_codes).toEqual(['default', 'fallback_cloud_unavailable']);
    expect(fellBack.served_by).toBe('local');

    bed = await chatTestbed(policyWith({ embeddings: { tier: 'cloud' } }));
    bed.cloud.behaviour = { kind: 'fail', category: 'server_error' };
    expect(await failureOf(bed.embeddings.embed(input([LONG])))).toBeInstanceOf(ChatFailedError);
    expect(bed.local.embedCalls).toHaveLength(0);
    expect(bed.writer.events).toMatchObject([
      { status: 'failure', reason_codes: ['embeddings_tier_pinned'] },
    ]);
  });

  it('refuses sensitive text under a cloud pin, audited as rejected, with no provider called', async () => {
    bed = await chatTestbed(policyWith({ embeddings: { tier: 'cloud' } }));
    const error = await failureOf(bed.embeddings.embed(input(['the secret plan'])));
    expect(error).toBeInstanceOf(EmbeddingsPinConflictError);
    expect(bed.local.embedCalls).toHaveLength(0);
    expect(bed.cloud.embedCalls).toHaveLength(0);
    expect(bed.writer.events).toHaveLength(1);
    expect(bed.writer.events[0]).toMatchObject({
      status: 'rejected',
      error_code: 'EMBEDDINGS_PIN_CONFLICT',
      provider: 'local',
      served_by: null,
      reason_codes: ['sensitive_keyword_match'],
    });
  });

  it('maps a requested model through the alias table on the tier the decision chose', async () => {
    bed = await chatTestbed(
      policyWith({
        models: { aliases: { 'text-embedding-3-small': { local: 'nomic-embed-text' } } },
        embeddings: { tier: 'local' },
      }),
    );
    const result = await bed.embeddings.embed(
      input([LONG], { model: 'text-embedding-3-small', dimensions: 64 }),
    );
    expect(result).toMatchObject({
      model: 'nomic-embed-text',
      model_choice: 'alias',
      reason_codes: ['embeddings_tier_pinned'],
    });
    expect(bed.local.embedCalls).toEqual([{ inputs: [LONG], model: 'nomic-embed-text', dimensions: 64 }]);
  });

  it('fails closed when the audit row cannot be made durable', async () => {
    bed = await chatTestbed(policyWith());
    bed.writer.refusing = true;
    expect(await failureOf(bed.embeddings.embed(input([LONG])))).toBeInstanceOf(AuditUnavailableError);
  });
});
