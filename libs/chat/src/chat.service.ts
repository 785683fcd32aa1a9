// The one orchestration, for the gateway and the CLI alike:
// decide -> call -> fallback (where allowed) -> audit (fail closed) -> metrics -> result.
import { Injectable, Logger } from '@nestjs/common';
import { AuditWriter, PromptFingerprinter } from '@app/audit';
import { GatewayMetrics } from '@app/metrics';
import {
  type FailureCategory,
  type ProviderName,
  ProviderError,
  ProviderRegistry,
  type ProviderResult,
  type ProviderStreamEvent,
  type TokenUsage,
} from '@app/providers';
import { chooseModel, isLocalOnly, PolicyService, type Decision, type ReasonCode } from '@app/routing-policy';
import { BudgetService } from './budget.service';
import { buildAuditEvent, type AuditFacts } from './chat-audit-event';
import { ChatFailedError } from './chat.errors';
import type { ChatEndpoint, ChatInput, ChatResult, ChatRouting } from './chat.types';

/** A stream whose routing is settled (the first event arrived), ready to be relayed. */
export interface ChatStream {
  readonly routing: ChatRouting;
  /** Content deltas; ends normally after the answer, or throws ChatFailedError. */
  readonly deltas: AsyncIterable<string>;
  /** Settles once the request's audit event is durable (rejects with AUDIT_UNAVAILABLE if it cannot be). */
  readonly finished: Promise<{
    usage: TokenUsage | null;
    finishReason: string | null;
    failure: FailureCategory | null;
  }>;
}

interface Attempt {
  readonly provider: ProviderName;
  readonly reasonCodes: ReasonCode[];
}

const seconds = (ms: number) => ms / 1000;

@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly policy: PolicyService,
    private readonly providers: ProviderRegistry,
    private readonly writer: AuditWriter,
    private readonly fingerprinter: PromptFingerprinter,
    private readonly budget: BudgetService,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** The decision for these messages, with the day's cloud spend when the policy has a budget. */
  async decide(input: Pick<ChatInput, 'messages'>): Promise<Decision> {
    const hasBudget = this.policy.current().policy.budget.cloud_usd_per_day !== null;
    const spend = hasBudget ? await this.budget.cloudSpendToday().catch(() => undefined) : undefined;
    return this.policy.decide(input.messages, spend === undefined ? {} : { cloudSpendTodayUsd: spend });
  }

  async complete(input: ChatInput, signal?: AbortSignal): Promise<ChatResult> {
    const startedAt = new Date();
    const started = performance.now();
    const decision = await this.decide(input);
    this.metrics.decisionMade(decision.provider, decision.reason_codes[0] ?? 'default');
    let attempt: Attempt = { provider: decision.provider, reasonCodes: [...decision.reason_codes] };
    let providerMs = 0;
    for (;;) {
      const provider = this.providers.get(attempt.provider);
      const model = chooseModel(this.policy.current(), attempt.provider, input.model, provider.defaultModel);
      const callStarted = performance.now();
      let result: ProviderResult;
      try {
        result = await provider.chat({ messages: input.messages, model, options: input.options }, signal);
      } catch (error) {
        providerMs += performance.now() - callStarted;
        const request = { input, decision, startedAt, started, stream: false };
        attempt = await this.afterFailure(request, attempt, model, error, callStarted, providerMs);
        continue;
      }
      // Outside the try: an audit that cannot be made durable is not a provider failure to fall back from.
      providerMs += performance.now() - callStarted;
      this.metrics.providerCalled(attempt.provider, 'success', seconds(performance.now() - callStarted));
      const latencyMs = performance.now() - started;
      await this.finish(input, decision, attempt, startedAt, {
        status: 'success',
        failure: null,
        model: result.model,
        usage: result.usage,
        latencyMs,
        providerMs,
        stream: false,
      });
      return {
        ...this.routing(input, decision, attempt, result.model),
        content: result.content,
        usage: result.usage,
        finishReason: result.finish_reason,
        latencyMs,
        providerLatencyMs: providerMs,
      };
    }
  }

  /**
   * Starts a streamed answer. Resolves once the first event arrived, so the routing (and any
   * fallback, possible only before the first token) is settled before anything is sent.
   */
  async stream(input: ChatInput, signal?: AbortSignal): Promise<ChatStream> {
    const startedAt = new Date();
    const started = performance.now();
    const decision = await this.decide(input);
    this.metrics.decisionMade(decision.provider, decision.reason_codes[0] ?? 'default');
    let attempt: Attempt = { provider: decision.provider, reasonCodes: [...decision.reason_codes] };
    for (;;) {
      const provider = this.providers.get(attempt.provider);
      const model = chooseModel(this.policy.current(), attempt.provider, input.model, provider.defaultModel);
      const callStarted = performance.now();
      const iterator = provider
        .stream({ messages: input.messages, model, options: input.options }, signal)
        [Symbol.asyncIterator]();
      let first: IteratorResult<ProviderStreamEvent>;
      try {
        first = await iterator.next();
      } catch (error) {
        const request = { input, decision, startedAt, started, stream: true };
        const providerMs = performance.now() - callStarted;
        attempt = await this.afterFailure(request, attempt, model, error, callStarted, providerMs);
        continue;
      }
      return this.relay(input, decision, attempt, model, iterator, first, {
        startedAt,
        started,
        callStarted,
      });
    }
  }

  /** Audits a request refused before it reached a provider (invalid input after its id was given). */
  async recordRejection(
    requestId: string,
    endpoint: ChatEndpoint,
    reason: string,
    correlationId: string | null = null,
  ): Promise<void> {
    const facts: AuditFacts = {
      requestId,
      startedAt: new Date(),
      endpoint,
      status: 'rejected',
      failureCategory: reason,
      decision: null,
      reasonCodes: [],
      servedBy: null,
      model: null,
      fingerprint: null,
      messages: [],
      latencyMs: 0,
      providerLatencyMs: null,
      usage: null,
      costUsd: null,
      clientId: null,
      correlationId,
      stream: false,
    };
    this.metrics.requestFinished(endpoint, 'none', 'rejected', 0, null);
    await this.writer.record(buildAuditEvent(facts));
  }

  private relay(
    input: ChatInput,
    decision: Decision,
    attempt: Attempt,
    model: string,
    iterator: AsyncIterator<ProviderStreamEvent>,
    first: IteratorResult<ProviderStreamEvent>,
    clock: { startedAt: Date; started: number; callStarted: number },
  ): ChatStream {
    let resolveFinished!: (value: Awaited<ChatStream['finished']>) => void;
    let rejectFinished!: (error: unknown) => void;
    const finished = new Promise<Awaited<ChatStream['finished']>>((resolve, reject) => {
      resolveFinished = resolve;
      rejectFinished = reject;
    });
    finished.catch(() => undefined);
    const servedModel = !first.done && first.value.type === 'done' ? first.value.model : model;
    const routing = this.routing(input, decision, attempt, servedModel);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the relay below is a generator function, not a method
    const service = this;

    async function* deltas(): AsyncGenerator<string> {
      let usage: TokenUsage | null = null;
      let finishReason: string | null = null;
      let failure: ProviderError | null = null;
      let served = servedModel;
      let completed = false;
      try {
        let step = first;
        while (!step.done) {
          const event = step.value;
          if (event.type === 'delta') yield event.content;
          else {
            usage = event.usage;
            finishReason = event.finish_reason;
            served = event.model;
          }
          step = await iterator.next();
        }
        completed = true;
      } catch (error) {
        failure = service.asProviderError(attempt.provider, error);
      } finally {
        // Runs on completion, on failure and when the consumer stops early (client gone).
        if (!completed && failure === null) await iterator.return?.().catch(() => undefined);
        const providerMs = performance.now() - clock.callStarted;
        // Stopped early without a failure: the client went away.
        const category: FailureCategory | null = failure?.category ?? (completed ? null : 'canceled');
        service.metrics.providerCalled(attempt.provider, category ?? 'success', seconds(providerMs));
        try {
          await service.finish(input, decision, attempt, clock.startedAt, {
            status: category === null ? 'success' : 'failure',
            failure: category,
            model: served,
            usage,
            latencyMs: performance.now() - clock.started,
            providerMs,
            stream: true,
          });
          resolveFinished({ usage, finishReason, failure: category });
        } catch (error) {
          rejectFinished(error);
        }
      }
      if (failure !== null) throw new ChatFailedError(failure.category, failure.safeMessage, routing);
    }

    return { routing, deltas: deltas(), finished };
  }

  /**
   * After a failed attempt: the next attempt where the policy allows a fallback; otherwise the
   * request's failure is audited and thrown as ChatFailedError.
   */
  private async afterFailure(
    request: { input: ChatInput; decision: Decision; startedAt: Date; started: number; stream: boolean },
    attempt: Attempt,
    model: string,
    error: unknown,
    callStarted: number,
    providerMs: number,
  ): Promise<Attempt> {
    const failure = this.asProviderError(attempt.provider, error);
    this.metrics.providerCalled(attempt.provider, failure.category, seconds(performance.now() - callStarted));
    const next = this.fallbackFor(attempt, failure.category);
    if (next !== null) {
      this.metrics.fellBack(attempt.provider, next.provider);
      return next;
    }
    await this.finish(request.input, request.decision, attempt, request.startedAt, {
      status: 'failure',
      failure: failure.category,
      model,
      usage: null,
      latencyMs: performance.now() - request.started,
      providerMs,
      stream: request.stream,
    });
    throw new ChatFailedError(
      failure.category,
      failure.safeMessage,
      this.routing(request.input, request.decision, attempt, model),
    );
  }

  /** Where a failed attempt may go next, if anywhere. Never to the cloud for a local-only reason. */
  private fallbackFor(attempt: Attempt, category: FailureCategory): Attempt | null {
    if (category === 'canceled' || attempt.reasonCodes.some((code) => code.startsWith('fallback_')))
      return null;
    const { fallback } = this.policy.current().policy;
    if (attempt.provider === 'local') {
      if (fallback.on_local_failure !== 'cloud' || isLocalOnly(attempt.reasonCodes)) return null;
      return { provider: 'openai', reasonCodes: [...attempt.reasonCodes, 'fallback_local_unavailable'] };
    }
    if (fallback.on_cloud_failure !== 'local') return null;
    return { provider: 'local', reasonCodes: [...attempt.reasonCodes, 'fallback_cloud_unavailable'] };
  }

  private routing(input: ChatInput, decision: Decision, attempt: Attempt, model: string): ChatRouting {
    return {
      requestId: input.requestId,
      provider: decision.provider,
      servedBy: attempt.provider,
      reasonCodes: attempt.reasonCodes,
      policyVersion: decision.policy_version,
      model,
    };
  }

  private asProviderError(provider: ProviderName, error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    this.logger.error({ err: error, provider }, 'provider adapter threw an unexpected error');
    return new ProviderError(provider, 'invalid_response', 'provider failed unexpectedly');
  }

  private costOf(provider: ProviderName, usage: TokenUsage | null): number | null {
    if (provider === 'local') return 0;
    const { input_usd_per_1m_tokens: inputPrice, output_usd_per_1m_tokens: outputPrice } =
      this.policy.current().policy.cost;
    if (usage === null || (inputPrice === null && outputPrice === null)) return null;
    return (usage.input_tokens * (inputPrice ?? 0) + usage.output_tokens * (outputPrice ?? 0)) / 1_000_000;
  }

  /** Audit (fail closed), metrics and the request's one log line. */
  private async finish(
    input: ChatInput,
    decision: Decision,
    attempt: Attempt,
    startedAt: Date,
    outcome: {
      status: 'success' | 'failure';
      failure: FailureCategory | null;
      model: string;
      usage: TokenUsage | null;
      latencyMs: number;
      providerMs: number;
      stream: boolean;
    },
  ): Promise<void> {
    const served = outcome.status === 'success' ? attempt.provider : null;
    const cost = served === null ? null : this.costOf(served, outcome.usage);
    const event = buildAuditEvent({
      requestId: input.requestId,
      startedAt,
      endpoint: input.endpoint,
      status: outcome.status,
      failureCategory: outcome.failure,
      decision,
      reasonCodes: attempt.reasonCodes,
      servedBy: served,
      model: outcome.model,
      fingerprint: this.fingerprinter.fingerprint(input.messages),
      messages: input.messages,
      latencyMs: outcome.latencyMs,
      providerLatencyMs: outcome.providerMs,
      usage: outcome.usage,
      costUsd: cost,
      clientId: input.clientId ?? null,
      correlationId: input.correlationId ?? null,
      stream: outcome.stream,
    });
    this.metrics.requestFinished(
      input.endpoint,
      attempt.provider,
      outcome.status,
      seconds(outcome.latencyMs),
      seconds(outcome.providerMs),
    );
    if (outcome.usage !== null)
      this.metrics.tokensUsed(attempt.provider, outcome.usage.input_tokens, outcome.usage.output_tokens);
    if (cost !== null && served === 'openai') {
      this.metrics.spent('openai', cost);
      this.budget.add(cost);
    }
    const line = {
      // request_id comes from the request's logger binding (or the CLI's own line).
      endpoint: input.endpoint,
      provider: decision.provider,
      served_by: served,
      reason_codes: attempt.reasonCodes,
      status: outcome.status,
      failure_category: outcome.failure,
      latency_ms: Math.round(outcome.latencyMs),
      provider_latency_ms: Math.round(outcome.providerMs),
    };
    // The request's one line; a provider failure is a warning, so it stays visible at LOG_LEVEL=warn.
    if (outcome.status === 'success') this.logger.log(line, 'chat request finished');
    else this.logger.warn(line, 'chat request finished');
    await this.writer.record(event);
  }
}
