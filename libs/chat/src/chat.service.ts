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
  type Tier,
} from '@app/providers';
import {
  type CompiledPolicy,
  decide,
  type Decision,
  type ModelChoiceSource,
  pickModel,
  PolicyService,
} from '@app/routing-policy';
import { BudgetService } from './budget.service';
import { spendAndKeyContext } from './decision-context';
import { ChatFailedError, ChatUnsupportedError } from './chat.errors';
import { ChatRecorder } from './chat-recorder';
import { StreamRelay, type StreamEnding } from './chat-relay';
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
import { scannedExtraText } from './scanned-text';

const seconds = (ms: number) => ms / 1000;

/** The audit row's `error_code` for a stream cut because its client stopped reading. */
export const STREAM_STALLED = 'STREAM_STALLED';

/** One attempt's call: the tier's provider, the request as it goes upstream, how its model was chosen. */
interface PreparedCall {
  readonly provider: LlmProvider;
  readonly request: ProviderRequest;
  readonly choice: ModelChoiceSource;
}

@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);
  /** Each run's next call, prepared once when its attempt was chosen. */
  private readonly prepared = new WeakMap<ChatRun, PreparedCall>();

  constructor(
    private readonly policy: PolicyService,
    private readonly providers: ProviderRegistry,
    private readonly budget: BudgetService,
    private readonly recorder: ChatRecorder,
    private readonly metrics: GatewayMetrics,
  ) {}

  /**
   * The decision for these messages (and the other text that would be sent with them: `stop`, the
   * tools offered, a structured-output schema; and how many images they carry), with
   * the day's cloud spend when the policy has a budget, and the calling key's attributes (and its
   * own spend when it has a budget).
   */
  async decide(
    input: Pick<ChatInput, 'messages' | 'options' | 'key' | 'upstream_messages'>,
    compiled: CompiledPolicy = this.policy.current(),
  ): Promise<Decision> {
    const context = await spendAndKeyContext(compiled.policy, this.budget, input.key);
    const extraText = scannedExtraText(input.options);
    const images = (input.upstream_messages ?? []).reduce(
      (count, message) => count + (message.parts ?? []).filter((part) => part.type === 'image').length,
      0,
    );
    return decide(input.messages, compiled, {
      ...context,
      ...(extraText.length === 0 ? {} : { extraText }),
      ...(images === 0 ? {} : { images }),
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
      return {
        ...run.result(answer),
        content: answer.content,
        ...(answer.tool_calls === undefined ? {} : { tool_calls: answer.tool_calls }),
        ...(answer.logprobs === undefined ? {} : { logprobs: answer.logprobs }),
      };
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
        events: new StreamRelay(first, iterator, (ending) => this.endStream(run, ending)),
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

  /**
   * The prologue both ways share: start the clock, decide under the policy in force now (the run
   * keeps it to the end), prepare the first call, count the decision.
   */
  private async begin(input: ChatInput, stream: boolean): Promise<ChatRun> {
    const clock = new RunClock();
    const compiled = this.policy.current();
    const decision = await this.decide(input, compiled);
    const call = this.prepare(compiled, decision.provider, input);
    const unsupported = call.provider.unsupported(call.request, stream);
    if (unsupported !== null) {
      // Refused before anything was sent: the request's one row is a rejection, its one line this.
      await this.recorder.reject(
        input.request_id,
        input.endpoint,
        'UNSUPPORTED_PARAMETER',
        input.correlation_id ?? null,
        input.key?.id ?? null,
      );
      this.logger.warn(
        {
          endpoint: input.endpoint,
          provider: decision.provider,
          reason_codes: decision.reason_codes,
          status: 'rejected',
          error_code: 'UNSUPPORTED_PARAMETER',
          field: unsupported.field,
        },
        'chat request refused',
      );
      throw new ChatUnsupportedError(unsupported);
    }
    this.metrics.decisionMade(decision.provider, decision.reason_codes[0] ?? 'default');
    const run = new ChatRun(input, compiled, decision, stream, clock);
    this.prepared.set(run, call);
    return run;
  }

  /** The provider, the request as it goes upstream and the model choice, for one tier. */
  private prepare(compiled: CompiledPolicy, tier: Tier, input: ChatInput): PreparedCall {
    const provider = this.providers.get(tier);
    const { model, choice } = pickModel(compiled, tier, input.model, provider.defaultModel);
    const messages = input.upstream_messages ?? input.messages;
    return { provider, request: { messages, model, options: input.options }, choice };
  }

  /** The attempt's call, prepared when the attempt was chosen (begin, or a fallback). */
  private nextCall(run: ChatRun): { provider: LlmProvider; request: ProviderRequest } {
    const call = this.prepared.get(run)!;
    run.beginCall(call.request.model, call.choice);
    return call;
  }

  /**
   * After a failed attempt: the next attempt where the policy allows a fallback; otherwise the
   * request's failure is recorded and thrown as ChatFailedError.
   */
  private async afterFailure(run: ChatRun, error: unknown): Promise<void> {
    const failure = this.asProviderError(run, error);
    this.metrics.providerCalled(run.attempt.provider, failure.category, seconds(run.endCall()));
    const next = nextAttempt(run.attempt, failure.category, run.policy.policy.fallback);
    const call = next === null ? null : this.prepare(run.policy, next.provider, run.input);
    // A fallback tier that cannot honour the request's fields is no fallback: the failure stands.
    if (next !== null && call !== null && call.provider.unsupported(call.request, run.stream) === null) {
      this.metrics.fellBack(run.attempt.provider, next.provider);
      run.fallBack(next);
      this.prepared.set(run, call);
      return;
    }
    await this.recorder.settle(run, { status: 'failure', model: run.model, failure });
    // The model cannot honour a field of the request: the caller's 400 with a code, as when the
    // provider itself cannot (begin), though this one was learnt from the upstream's answer.
    if (failure.unsupported !== null) throw new ChatUnsupportedError(failure.unsupported);
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
          : ending.stop === 'stalled'
            ? new ProviderError(run.attempt.provider, 'canceled', 'client stopped reading the stream')
            : new ProviderError(run.attempt.provider, 'canceled', 'request canceled by the client');
    this.metrics.providerCalled(run.attempt.provider, failure?.category ?? 'success', seconds(callMs));
    const model = ending.model ?? run.model;
    try {
      await this.recorder.settle(
        run,
        failure === null
          ? { status: 'success', model, usage: ending.usage, finish_reason: ending.finish_reason }
          : {
              status: 'failure',
              model,
              failure,
              ...(ending.stop === 'stalled' ? { error_code: STREAM_STALLED } : {}),
            },
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
