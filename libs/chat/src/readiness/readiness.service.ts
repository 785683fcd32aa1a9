// One readiness decision for both transports: the gateway's `/v1/health/ready` and the CLI's
// `policy-mesh health` ask this service, so the same state gets the same verdict.
import { Injectable } from '@nestjs/common';
import { GatewayMetrics } from '@app/metrics';
import { ProviderRegistry, type Tier } from '@app/providers';
import { AuditChecks } from './audit-checks';
import { ProviderProbe } from './provider-probe';
import { readinessStatus, type ReadinessReport } from './readiness-report';

export interface ReadinessOptions {
  /** How long to wait for a provider probe under way; unset waits for the adapter's own timeout. */
  readonly providerWaitMs?: number;
}

@Injectable()
export class ReadinessService {
  private readonly probes: Readonly<Record<Tier, ProviderProbe>>;

  constructor(
    private readonly audit: AuditChecks,
    providers: ProviderRegistry,
    metrics: GatewayMetrics,
  ) {
    const probe = (tier: Tier) =>
      new ProviderProbe(providers.get(tier), (check) => metrics.providerProbed(tier, check.status === 'up'));
    this.probes = { local: probe('local'), cloud: probe('cloud') };
  }

  async report(options: ReadinessOptions = {}): Promise<ReadinessReport> {
    const [database, local, cloud] = await Promise.all([
      this.audit.databaseCheck(),
      this.probes.local.check(options.providerWaitMs),
      this.probes.cloud.check(options.providerWaitMs),
    ]);
    const checks = {
      database,
      audit_spool: this.audit.spoolCheck(),
      local_provider: local,
      cloud_provider: cloud,
    };
    return { status: readinessStatus(checks), checks };
  }
}
