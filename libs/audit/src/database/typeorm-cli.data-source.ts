// The DataSource for the TypeORM CLI (`npm run typeorm -- migration:show`): the same options the
// gateway, the CLI and the tests use. Needs DATABASE_URL: the TypeORM CLI works against a real
// server. Nothing imports this file; it exists for the TypeORM CLI alone.
import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { auditDataSourceOptions } from './data-source.options';

const config = AppConfig.fromEnvironment();
if (config.database.url === undefined) {
  throw new Error(
    'set DATABASE_URL to use the TypeORM CLI (the embedded database is reached through `policy-mesh db …`)',
  );
}

export default new DataSource(auditDataSourceOptions(config.database.url, 1));
