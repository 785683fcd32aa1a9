import { Module } from '@nestjs/common';

/** Audit persistence: entity, DataSource, group-commit writer, spool, chain and queries. */
@Module({})
export class AuditModule {}
