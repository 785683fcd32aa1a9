export { AUTH_REJECTION_CODES, GatewayMetrics } from './gateway-metrics';
export type { AuthRejectionCode } from './gateway-metrics';
export { MetricsModule } from './metrics.module';
