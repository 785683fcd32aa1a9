// Entry point of the gateway: validate the environment, then serve.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { AuditWriter } from '@app/audit';
import { AppConfig, ConfigInvalidError } from '@app/config';
import { createGatewayApp } from './create-gateway-app';
import { exitIfPortTaken } from './start/port-check';
import { reportShutdown } from './start/shutdown-report';
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
  reportShutdown(app.get(AuditWriter));
  // Shutdown hooks drain in-flight requests and flush the audit queue; this bounds how long that may
  // take, so an orchestrator's SIGKILL never lands mid-flush unannounced.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(
          `policy-mesh gateway: shutdown took longer than ${config.server.shutdownGraceMs} ms; exiting\n`,
        );
        process.exit(1);
      }, config.server.shutdownGraceMs).unref();
    });
  }
  await app.listen(config.server.port, config.server.host);
  await logStartSummary(app);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `policy-mesh gateway failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
