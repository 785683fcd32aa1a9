import { Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';

/**
 * Every Prometheus metric, defined once. The lib mounts no route: the gateway serves the
 * exposition at /v1/metrics (a transport fact), and the CLI, which imports this module too,
 * serves nothing.
 */
@Module({
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
