import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller';

/**
 * GET /v1/metrics: the exposition of the one prom-client registry the metrics lib fills, with
 * Node's default metrics. Mounted by the gateway only.
 */
@Module({
  imports: [
    PrometheusModule.register({
      path: '/v1/metrics',
      defaultMetrics: { enabled: true },
      controller: MetricsController,
    }),
  ],
})
export class MetricsRouteModule {}
