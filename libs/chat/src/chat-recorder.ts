// The end of every run: the audit row first (fail closed), and only once it is durable the success
// counters, the spend and the request's one log line. A row that cannot be made durable turns the
// request into a failure, counted and logged once, and its error goes to the caller (503).
import { Injectable, Logger } from '@nestjs/common';
import { AuditWriter, PromptFingerprinter } from '@app/audit';
import { GatewayMetrics } from '@app/metrics';
import { BudgetService } from './budget.service';
import {
  costOf,
  refusedRunAuditEvent,
  rejectionAuditEvent,
  runAuditEvent,
  type RunOutcome,
} from './chat-audit-event';
import type { ChatRun } from './chat-run';
import type { ChatEndpoint, KeyUsageListener } from './chat.types';

const seconds = (ms: number) => ms / 1000;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'AUDIT_UNAVAILABLE';
}

@Injectable()
export class ChatRecorder {
  // The request's one line keeps the orchestration's name as its context.
  private readonly logger = new Logger('ChatService');
  private readonly keyUsageListeners: KeyUsageListener[] = [];

  constructor(
    private readonly writer: AuditWriter,
    private readonly fingerprinter: PromptFingerprinter,
    private readonly budget: BudgetService,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Hears the tokens each keyed request used once it is settled (the gateway's per-key limits). */
  onKeyUsage(listener: KeyUsageListener): void {
    this.keyUsageListeners.push(listener);
  }

  /** Records how the run ended. Rejects (after counting and logging the failure) when the row is not durable. */
  async settle(run: ChatRun, outcome: RunOutcome): Promise<void> {
    run.stopClock();
    const tier = run.attempt.provider;
    const cost = outcome.status === 'success' ? costOf(tier, outcome.usage, run.policy.policy.cost) : null;
    const event = runAuditEvent(run, outcome, {
      fingerprint: this.fingerprinter.fingerprint(run.input.messages),
      cost_usd: cost,
    });
    let durable = true;
    let auditError: unknown;
    try {
      await this.writer.record(event);
    } catch (error) {
      durable = false;
      auditError = error;
    }
    const answered = outcome.status === 'success' && durable;
    this.metrics.requestFinished(
      run.input.endpoint,
      tier,
      answered ? 'success' : 'failure',
      seconds(run.latency_ms),
      seconds(run.provider_latency_ms),
    );
    if (answered && outcome.usage !== null)
      this.metrics.tokensUsed(tier, outcome.usage.input_tokens, outcome.usage.output_tokens);
    if (answered && cost !== null && tier === 'cloud') {
      this.metrics.spent('cloud', cost);
      this.budget.add(cost, run.input.key?.id);
    }
    const key = run.input.key;
    if (key != null && outcome.status === 'success' && outcome.usage !== null) {
      const tokens = outcome.usage.input_tokens + outcome.usage.output_tokens;
      for (const listener of this.keyUsageListeners) listener(key, tokens);
    }
    const line = {
      // Named here, not bound to a per-request child logger: the gateway makes none (its access
      // line is its own), which spares every request a child logger and an AsyncLocalStorage context.
      request_id: run.input.request_id,
      endpoint: run.input.endpoint,
      provider: run.decision.provider,
      served_by: answered ? tier : null,
      reason_codes: run.attempt.reason_codes,
      status: answered ? 'success' : 'failure',
      failure_category: outcome.status === 'failure' ? outcome.failure.category : null,
      error_code: durable ? null : codeOf(auditError),
      latency_ms: Math.round(run.latency_ms),
      provider_latency_ms: Math.round(run.provider_latency_ms),
    };
    // The request's one line; a failure is a warning, so it stays visible at LOG_LEVEL=warn.
    if (answered) this.logger.log(line, 'chat request finished');
    else this.logger.warn(line, 'chat request finished');
    if (!durable) throw auditError;
  }

  /**
   * The one row of a request the orchestration decided and refused before any provider call; its
   * one log line too. Rejects when the row is not durable (the caller answers 503 instead).
   */
  async refuse(run: ChatRun, errorCode: string): Promise<void> {
    run.stopClock();
    const event = refusedRunAuditEvent(run, errorCode, this.fingerprinter.fingerprint(run.input.messages));
    await this.writer.record(event);
    this.metrics.requestFinished(
      run.input.endpoint,
      run.decision.provider,
      'rejected',
      seconds(run.latency_ms),
      null,
    );
    this.logger.warn(
      {
        endpoint: run.input.endpoint,
        provider: run.decision.provider,
        served_by: null,
        reason_codes: run.attempt.reason_codes,
        status: 'rejected',
        error_code: errorCode,
        latency_ms: Math.round(run.latency_ms),
      },
      'chat request finished',
    );
  }

  /** The one row of a request refused before the orchestration took it; the access line logs it. */
  async reject(
    requestId: string,
    endpoint: ChatEndpoint,
    errorCode: string,
    correlationId: string | null,
    keyId: string | null,
  ): Promise<void> {
    await this.writer.record(rejectionAuditEvent(requestId, endpoint, errorCode, correlationId, keyId));
    this.metrics.requestFinished(endpoint, 'none', 'rejected', 0, null);
  }
}
