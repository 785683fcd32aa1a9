import { Module } from '@nestjs/common';

/** Routing policy: schema, loader, decide() and explain. Pure: no SDK, ORM or HTTP import. */
@Module({})
export class RoutingPolicyModule {}
