import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { GatewayMetrics } from './gateway-metrics';

/** Every Prometheus metric of the gateway, defined once; the exposition is served at /v1/metrics. */
@Module({
  imports: [PrometheusModule.register({ path: '/v1/metrics', defaultMetrics: { enabled: true } })],
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
