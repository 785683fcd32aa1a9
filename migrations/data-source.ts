// The DataSource for the TypeORM CLI (`npm run typeorm -- migration:show`), the same definition
// the gateway and the CLI use. Needs DATABASE_URL: the CLI works against a real server.
import 'reflect-metadata';
import { auditDataSourceOptions } from '@app/audit';
import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';

const config = AppConfig.fromEnvironment();
if (config.database.url === undefined) {
  throw new Error(
    'set DATABASE_URL to use the TypeORM CLI (the embedded database is reached through `policy-mesh db …`)',
  );
}

export default new DataSource(auditDataSourceOptions(config.database.url, 1));
