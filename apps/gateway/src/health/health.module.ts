import { Module } from '@nestjs/common';
import { ChatModule } from '@app/chat';
import { HealthController } from './health.controller';

@Module({
  imports: [ChatModule],
  controllers: [HealthController],
})
export class HealthModule {}
