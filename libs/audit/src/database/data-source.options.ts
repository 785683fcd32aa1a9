// The one DataSource definition, used by the gateway, the CLI, the tests and the TypeORM CLI.
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { AuditEventEntity } from '../audit-event.entity';
import { ChainGapEntity, ChainPruneEntity } from '../chain/chain-records.entity';

export const AUDIT_ENTITIES = [AuditEventEntity, ChainPruneEntity, ChainGapEntity, ApiKeyEntity];

export function auditDataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: AUDIT_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
  };
}
