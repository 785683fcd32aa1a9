import { Module } from '@nestjs/common';
import { ChatModule } from '@app/chat';
import { PolicyReloadTriggers } from './policy-reload.triggers';
import { RoutesController } from './routes.controller';

/** The policy as the gateway serves it: explain, the safe view, and what reloads it. */
@Module({
  imports: [ChatModule],
  controllers: [RoutesController],
  providers: [PolicyReloadTriggers],
})
export class RoutesModule {}
