import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ApiKeyTable } from './api-keys/api-key-table';
import { ApiKeySecret } from './keys/api-key-secret';
import { AUDIT_MODULE_OPTIONS, AuditLifecycle, type AuditModuleOptions } from './audit-lifecycle';
import { AuditChainVerifier } from './chain/audit-chain-verifier';
import { AuditPruner } from './chain/audit-pruner';
import { AuditDatabase } from './database/audit-database';
import { AuditHealth } from './health/audit-health';
import { AuditKeys } from './keys/audit-keys';
import { PromptFingerprinter } from './prompt-fingerprinter';
import { AuditQueryService } from './queries/audit-query.service';
import { AuditWriter } from './writer/audit-writer.service';

/** Audit persistence: database (Postgres or embedded), writer, spool, chain, queries. Needs AppConfig. */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions = {}): DynamicModule {
    const services = [
      AuditWriter,
      PromptFingerprinter,
      AuditQueryService,
      AuditChainVerifier,
      AuditPruner,
      AuditHealth,
      ApiKeyTable,
      ApiKeySecret,
    ];
    return {
      module: AuditModule,
      global: true,
      providers: [
        { provide: AUDIT_MODULE_OPTIONS, useValue: options },
        {
          provide: AuditDatabase,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => new AuditDatabase(config),
        },
        AuditKeys,
        AuditLifecycle,
        ...services,
      ],
      exports: [AuditDatabase, ...services],
    };
  }
}
