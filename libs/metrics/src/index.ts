export { GatewayMetrics } from './gateway-metrics';
export type { AuditOutcomeLabel, ProviderLabel, RequestStatus } from './gateway-metrics';
export { MetricsModule } from './metrics.module';
