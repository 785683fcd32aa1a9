import { Module } from '@nestjs/common';

/** Every Prometheus metric of the gateway, defined once. */
@Module({})
export class MetricsModule {}
