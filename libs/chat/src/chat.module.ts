import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditWriter } from '@app/audit';
import { GatewayMetrics, MetricsModule } from '@app/metrics';
import { ProvidersModule } from '@app/providers';
import { PolicyService, RoutingPolicyModule } from '@app/routing-policy';
import { BudgetService } from './budget.service';
import { ChatRecorder } from './chat-recorder';
import { ChatService } from './chat.service';
import { EmbeddingsService } from './embeddings.service';
import { AuditChecks } from './readiness/audit-checks';
import { ReadinessService } from './readiness/readiness.service';

/**
 * The one chat orchestration and the readiness decision. The only lib that knows all the others; it
 * also connects the audit writer and the policy to the metrics, so neither of those libs knows about
 * Prometheus. The host app imports AuditModule.forRoot(...) (global) itself: eager in the gateway,
 * lazy in the CLI.
 */
@Module({
  imports: [RoutingPolicyModule, ProvidersModule, MetricsModule],
  providers: [ChatService, ChatRecorder, BudgetService, AuditChecks, ReadinessService, EmbeddingsService],
  exports: [
    ChatService,
    ReadinessService,
    EmbeddingsService,
    RoutingPolicyModule,
    ProvidersModule,
    MetricsModule,
  ],
})
export class ChatModule implements OnModuleInit {
  constructor(
    private readonly writer: AuditWriter,
    private readonly policy: PolicyService,
    private readonly metrics: GatewayMetrics,
  ) {}

  onModuleInit(): void {
    this.writer.onOutcome((outcome, events) => this.metrics.auditOutcome(outcome, events));
    this.writer.onBatch((size) => this.metrics.auditBatch(size));
    this.writer.onChainHead((head) => this.metrics.auditChainHead(head.chain_id, head.seq));
    this.metrics.watchAudit(() => this.writer.stats());
    this.metrics.policyVersion(this.policy.current().version);
    this.metrics.policyBudget(this.policy.current().policy.budget.cloud_usd_per_day);
    this.policy.onReload((result, current) => {
      this.metrics.policyReloaded(result.ok, current.version);
      this.metrics.policyBudget(current.policy.budget.cloud_usd_per_day);
    });
  }
}
