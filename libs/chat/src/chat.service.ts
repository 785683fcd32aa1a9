// The one orchestration, for the gateway and the CLI alike:
// decide -> call -> fallback (where allowed) -> audit (fail closed) -> metrics and log -> result.
import { Injectable, Logger } from '@nestjs/common';
import { AuditUnavailableError } from '@app/audit';
import { GatewayMetrics } from '@app/metrics';
import {
  type LlmProvider,
  ProviderError,
  ProviderRegistry,
  type ProviderRequest,
  type ProviderStreamEvent,
} from '@app/providers';
import { chooseModel, PolicyService, type Decision } from '@app/routing-policy';
import { BudgetService } from './budget.service';
import { ChatFailedError } from './chat.errors';
import { ChatRecorder } from './chat-recorder';
import { relayStream, type StreamEnding } from './chat-relay';
import { ChatRun, RunClock } from './chat-run';
import type {
  ChatEndpoint,
  ChatInput,
  ChatResult,
  ChatStream,
  ChatStreamEvent,
  KeyUsageListener,
} from './chat.types';
import { nextAttempt } from './fallback';

const seconds = (ms: number) => ms / 1000;

@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly policy: PolicyService,
    private readonly providers: ProviderRegistry,
    private readonly budget: BudgetService,
    private readonly recorder: ChatRecorder,
    private readonly metrics: GatewayMetrics,
  ) {}

  /**
   * The decision for these messages (and the other text that would be sent with them: `stop`), with
   * the day's cloud spend when the policy has a budget, and the calling key's attributes (and its
   * own spend when it has a budget).
   */
  async decide(input: Pick<ChatInput, 'messages' | 'options' | 'key'>): Promise<Decision> {
    const hasBudget = this.policy.current().policy.budget.cloud_usd_per_day !== null;
    // An unknown spend leaves the budget rule unable to fire rather than failing the request.
    const spend = hasBudget ? await this.budget.cloudSpendToday().catch(() => undefined) : undefined;
    const key = input.key ?? undefined;
    const keySpend =
      key !== undefined && key.daily_cloud_usd !== null && !key.local_only
        ? await this.budget.cloudSpendToday(new Date(), key.id).catch(() => undefined)
        : undefined;
    const stop = input.options?.stop;
    return this.policy.decide(input.messages, {
      ...(spend === undefined ? {} : { cloudSpendTodayUsd: spend }),
      ...(stop === undefined || stop.length === 0 ? {} : { extraText: stop }),
      ...(key === undefined
        ? {}
        : {
            key: {
              local_only: key.local_only,
              daily_cloud_usd: key.daily_cloud_usd,
              ...(keySpend === undefined ? {} : { cloud_spend_today_usd: keySpend }),
            },
          }),
    });
  }

  /** Hears the tokens each keyed request used (for per-key tokens-per-minute limits). */
  onKeyUsage(listener: KeyUsageListener): void {
    this.recorder.onKeyUsage(listener);
  }

  /** The whole answer, returned once its audit row is durable. Throws ChatFailedError or AuditUnavailableError. */
  async complete(input: ChatInput, signal?: AbortSignal): Promise<ChatResult> {
    const run = await this.begin(input, false);
    for (;;) {
      const { provider, request } = this.nextCall(run);
      let answer: Awaited<ReturnType<LlmProvider['chat']>>;
      try {
        answer = await provider.chat(request, signal);
      } catch (error) {
        await this.afterFailure(run, error);
        continue;
      }
      // Outside the try: an audit that cannot be made durable is not a provider failure to fall back from.
      this.metrics.providerCalled(run.attempt.provider, 'success', seconds(run.endCall()));
      const { model, usage, finish_reason } = answer;
      await this.recorder.settle(run, { status: 'success', model, usage, finish_reason });
      return { ...run.result(answer), content: answer.content };
    }
  }

  /**
   * Starts a streamed answer. Resolves once the first event arrived, so the routing (and any
   * fallback, possible only before the first token) is settled before anything is sent; rejects
   * like `complete` when no provider could start.
   */
  async stream(input: ChatInput, signal?: AbortSignal): Promise<ChatStream> {
    const run = await this.begin(input, true);
    for (;;) {
      const { provider, request } = this.nextCall(run);
      const iterator = provider.stream(request, signal)[Symbol.asyncIterator]();
      let first: IteratorResult<ProviderStreamEvent>;
      try {
        first = await iterator.next();
      } catch (error) {
        await this.afterFailure(run, error);
        continue;
      }
      const servedModel = !first.done && first.value.type === 'done' ? first.value.model : run.model;
      return {
        routing: run.routing(servedModel),
        events: relayStream(first, iterator, (ending) => this.endStream(run, ending)),
      };
    }
  }

  /** Audits a request refused before it reached the orchestration (invalid input after its id was given). */
  recordRejection(
    requestId: string,
    endpoint: ChatEndpoint,
    errorCode: string,
    correlationId: string | null = null,
    keyId: string | null = null,
  ): Promise<void> {
    return this.recorder.reject(requestId, endpoint, errorCode, correlationId, keyId);
  }

  /** The prologue both ways share: start the clock, decide, count the decision. */
  private async begin(input: ChatInput, stream: boolean): Promise<ChatRun> {
    const clock = new RunClock();
    const decision = await this.decide(input);
    this.metrics.decisionMade(decision.provider, decision.reason_codes[0] ?? 'default');
    return new ChatRun(input, decision, stream, clock);
  }

  private nextCall(run: ChatRun): { provider: LlmProvider; request: ProviderRequest } {
    const tier = run.attempt.provider;
    const provider = this.providers.get(tier);
    const model = chooseModel(this.policy.current(), tier, run.input.model, provider.defaultModel);
    run.beginCall(model);
    return { provider, request: { messages: run.input.messages, model, options: run.input.options } };
  }

  /**
   * After a failed attempt: the next attempt where the policy allows a fallback; otherwise the
   * request's failure is recorded and thrown as ChatFailedError.
   */
  private async afterFailure(run: ChatRun, error: unknown): Promise<void> {
    const failure = this.asProviderError(run, error);
    this.metrics.providerCalled(run.attempt.provider, failure.category, seconds(run.endCall()));
    const next = nextAttempt(run.attempt, failure.category, this.policy.current().policy.fallback);
    if (next !== null) {
      this.metrics.fellBack(run.attempt.provider, next.provider);
      run.fallBack(next);
      return;
    }
    await this.recorder.settle(run, { status: 'failure', model: run.model, failure });
    throw new ChatFailedError(failure.category, failure.safeMessage, run.routing());
  }

  /** The stream's outcome, recorded before the consumer hears it. */
  private async endStream(run: ChatRun, ending: StreamEnding): Promise<ChatStreamEvent> {
    const callMs = run.endCall();
    const failure =
      ending.stop === 'completed'
        ? null
        : ending.stop === 'broken'
          ? this.asProviderError(run, ending.error)
          : new ProviderError(run.attempt.provider, 'canceled', 'request canceled by the client');
    this.metrics.providerCalled(run.attempt.provider, failure?.category ?? 'success', seconds(callMs));
    const model = ending.model ?? run.model;
    try {
      await this.recorder.settle(
        run,
        failure === null
          ? { status: 'success', model, usage: ending.usage, finish_reason: ending.finish_reason }
          : { status: 'failure', model, failure },
      );
    } catch (error) {
      if (error instanceof AuditUnavailableError) return { type: 'error', error };
      throw error;
    }
    if (failure !== null)
      return {
        type: 'error',
        error: new ChatFailedError(failure.category, failure.safeMessage, run.routing(model)),
      };
    return {
      type: 'done',
      result: run.result({ model, usage: ending.usage, finish_reason: ending.finish_reason }),
    };
  }

  private asProviderError(run: ChatRun, error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    const provider = run.attempt.provider;
    this.logger.error(
      { err: error, request_id: run.input.request_id, provider },
      'provider adapter threw an unexpected error',
    );
    return new ProviderError(provider, 'invalid_response', 'provider failed unexpectedly');
  }
}
