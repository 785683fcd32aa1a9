// One request's lifecycle as the orchestration sees it: what came in, the policy it is decided and
// served under (one for the whole request, even across a reload), what that policy decided, the
// attempt under way (the decided tier, or the fallback) and the clock.
import type { Tier, TokenUsage } from '@app/providers';
import type { CompiledPolicy, Decision, ModelChoiceSource, ReasonCode } from '@app/routing-policy';
import type { ChatInput, ChatRouting, ChatStreamResult } from './chat.types';

/** Which tier is being asked, and the reason codes that sent the request there. */
export interface Attempt {
  readonly provider: Tier;
  readonly reason_codes: readonly ReasonCode[];
}

/** When a request began: wall time for the audit row, a monotonic mark for latencies. */
export class RunClock {
  readonly started_at = new Date();
  private readonly mark = performance.now();

  elapsedMs(): number {
    return performance.now() - this.mark;
  }
}

export class ChatRun {
  private current: Attempt;
  private currentModel = '';
  private currentChoice: ModelChoiceSource = 'default';
  private callStarted = 0;
  private providerMs = 0;
  private stoppedMs: number | undefined;

  constructor(
    readonly input: ChatInput,
    readonly policy: CompiledPolicy,
    readonly decision: Decision,
    readonly stream: boolean,
    readonly clock: RunClock,
  ) {
    this.current = { provider: decision.provider, reason_codes: decision.reason_codes };
  }

  get attempt(): Attempt {
    return this.current;
  }

  /** The model asked of the current attempt's provider. */
  get model(): string {
    return this.currentModel;
  }

  /** Time spent waiting on providers so far, every attempt included. */
  get provider_latency_ms(): number {
    return this.providerMs;
  }

  /** The request's latency: fixed once the outcome is known, before the audit row is written. */
  get latency_ms(): number {
    return this.stoppedMs ?? this.clock.elapsedMs();
  }

  stopClock(): void {
    this.stoppedMs ??= this.clock.elapsedMs();
  }

  beginCall(model: string, choice: ModelChoiceSource = 'default'): void {
    this.currentModel = model;
    this.currentChoice = choice;
    this.callStarted = performance.now();
  }

  /** Ends the current provider call; returns its duration in milliseconds. */
  endCall(): number {
    const ms = performance.now() - this.callStarted;
    this.providerMs += ms;
    return ms;
  }

  fallBack(next: Attempt): void {
    this.current = next;
  }

  routing(model = this.currentModel): ChatRouting {
    return {
      request_id: this.input.request_id,
      provider: this.decision.provider,
      served_by: this.current.provider,
      reason_codes: this.current.reason_codes,
      policy_version: this.decision.policy_version,
      model,
      model_choice: this.currentChoice,
    };
  }

  result(answer: {
    model: string;
    usage: TokenUsage | null;
    finish_reason: string | null;
  }): ChatStreamResult {
    return {
      ...this.routing(answer.model),
      usage: answer.usage,
      finish_reason: answer.finish_reason,
      latency_ms: this.latency_ms,
      provider_latency_ms: this.providerMs,
    };
  }
}
