import { Module } from '@nestjs/common';
import { PolicyService } from './policy.service';

/** Routing policy: schema, loader, decide() and explain. Needs AppConfig (POLICY_FILE). */
@Module({
  providers: [PolicyService],
  exports: [PolicyService],
})
export class RoutingPolicyModule {}
