// Entry point of the gateway: validate the environment, then serve.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { AuditWriter } from '@app/audit';
import { AppConfig, ConfigInvalidError } from '@app/config';
import { createGatewayApp } from './create-gateway-app';
import { logAuthNotice } from './start/auth-notice';
import { exitIfPortTaken } from './start/port-check';
import { shutdownOnSignal } from './start/shutdown-on-signal';
import { logStartSummary } from './start/start-summary';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment();
  } catch (error) {
    if (error instanceof ConfigInvalidError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  await exitIfPortTaken(config.server.host, config.server.port);
  const app = await createGatewayApp(config);
  shutdownOnSignal(app, app.get(AuditWriter), config.server.shutdownGraceMs);
  await app.listen(config.server.port, config.server.host);
  await logStartSummary(app);
  await logAuthNotice(app);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `policy-mesh gateway failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
