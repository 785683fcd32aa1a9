import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProvidersModule } from '@app/providers';
import { AuditHealthIndicators } from './audit-health.indicators';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), ProvidersModule],
  controllers: [HealthController],
  providers: [AuditHealthIndicators],
})
export class HealthModule {}
