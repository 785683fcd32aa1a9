// The embeddings orchestration, for the gateway (POST /v1/embeddings): decide -> call -> fallback
// (where allowed) -> audit (fail closed) -> metrics and log -> vectors. It shares the chat run, the
// recorder and the fallback rule, so an embedding leaves the same audit row, metrics and log line as
// a chat request, under endpoint `embeddings`.
import { Injectable, Logger } from '@nestjs/common';
import { GatewayMetrics } from '@app/metrics';
import { ProviderError, ProviderRegistry, type EmbeddingResult } from '@app/providers';
import {
  decideEmbeddings,
  embeddingMessages,
  isPinConflict,
  pickModel,
  PolicyService,
  type CompiledPolicy,
  type Decision,
} from '@app/routing-policy';
import { BudgetService } from './budget.service';
import { ChatFailedError } from './chat.errors';
import { ChatRecorder } from './chat-recorder';
import { ChatRun, RunClock } from './chat-run';
import { spendAndKeyContext } from './decision-context';
import { EmbeddingsPinConflictError } from './embeddings.errors';
import type { EmbeddingInput, EmbeddingsResult } from './embeddings.types';
import { nextAttempt } from './fallback';

const seconds = (ms: number) => ms / 1000;

@Injectable()
export class EmbeddingsService {
  private readonly logger = new Logger(EmbeddingsService.name);

  constructor(
    private readonly policy: PolicyService,
    private readonly providers: ProviderRegistry,
    private readonly budget: BudgetService,
    private readonly recorder: ChatRecorder,
    private readonly metrics: GatewayMetrics,
  ) {}

  /**
   * The vectors, returned once the request's audit row is durable. Throws ChatFailedError (the
   * provider failed), EmbeddingsPinConflictError or AuditUnavailableError.
   */
  async embed(input: EmbeddingInput, signal?: AbortSignal): Promise<EmbeddingsResult> {
    const clock = new RunClock();
    const compiled = this.policy.current();
    // One policy for the whole request, even if a reload lands while it waits on a provider.
    const decision = await this.decide(input, compiled);
    this.metrics.decisionMade(decision.provider, decision.reason_codes[0] ?? 'default');
    const run = new ChatRun(
      {
        request_id: input.request_id,
        endpoint: 'embeddings',
        messages: embeddingMessages(input.inputs),
        model: input.model,
        client_id: input.client_id,
        correlation_id: input.correlation_id,
        key: input.key,
      },
      compiled,
      decision,
      false,
      clock,
    );
    if (isPinConflict(decision, compiled)) {
      await this.recorder.refuse(run, 'EMBEDDINGS_PIN_CONFLICT');
      throw new EmbeddingsPinConflictError(run.routing());
    }
    // A pinned tier has one vector space: a fallback to the other tier would answer from another.
    const pinned = compiled.policy.embeddings.tier !== null;
    for (;;) {
      const tier = run.attempt.provider;
      const provider = this.providers.get(tier);
      const { model, choice } = pickModel(
        compiled,
        tier,
        input.model,
        provider.defaultEmbeddingModel,
        'embeddings',
      );
      run.beginCall(model, choice);
      let answer: EmbeddingResult;
      try {
        answer = await provider.embed(
          {
            inputs: input.inputs,
            model,
            ...(input.dimensions === undefined ? {} : { dimensions: input.dimensions }),
          },
          signal,
        );
      } catch (error) {
        const failure = this.asProviderError(tier, error);
        this.metrics.providerCalled(tier, failure.category, seconds(run.endCall()));
        const next = pinned ? null : nextAttempt(run.attempt, failure.category, compiled.policy.fallback);
        if (next !== null) {
          this.metrics.fellBack(tier, next.provider);
          run.fallBack(next);
          continue;
        }
        await this.recorder.settle(run, { status: 'failure', model: run.model, failure });
        throw new ChatFailedError(failure.category, failure.safeMessage, run.routing());
      }
      // Outside the try: an audit that cannot be made durable is not a provider failure to fall back from.
      this.metrics.providerCalled(tier, 'success', seconds(run.endCall()));
      await this.recorder.settle(run, {
        status: 'success',
        model: answer.model,
        usage: answer.usage,
        finish_reason: null,
      });
      return {
        ...run.routing(answer.model),
        vectors: answer.vectors,
        usage: answer.usage,
        latency_ms: run.latency_ms,
        provider_latency_ms: run.provider_latency_ms,
      };
    }
  }

  /** The decision for these inputs, with the day's spend and the calling key's attributes. */
  async decide(
    input: Pick<EmbeddingInput, 'inputs' | 'key'>,
    compiled: CompiledPolicy = this.policy.current(),
  ): Promise<Decision> {
    const context = await spendAndKeyContext(compiled.policy, this.budget, input.key);
    return decideEmbeddings(input.inputs, compiled, context);
  }

  private asProviderError(tier: 'local' | 'cloud', error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    this.logger.error({ err: error, provider: tier }, 'provider adapter threw an unexpected error');
    return new ProviderError(tier, 'invalid_response', 'provider failed unexpectedly');
  }
}
