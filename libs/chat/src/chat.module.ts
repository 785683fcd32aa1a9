import { Module } from '@nestjs/common';

/** The one chat orchestration: decide, call, fallback, audit, metrics. */
@Module({})
export class ChatModule {}
