// Builds the gateway exactly as production runs it; main.ts and the e2e tests both use this.
import type { AppConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { GatewayModule } from './gateway.module';
import { setupOpenApi } from './openapi';
import { BootstrapLogFilter } from './start/bootstrap-log-filter';
import { publicDir } from './ui/public-dir';

export async function createGatewayApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
    forceCloseConnections: false,
  });
  app.useLogger(new BootstrapLogFilter(app.get(Logger)));
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.useStaticAssets(publicDir(), { prefix: '/ui/assets/', index: false, maxAge: '1h' });
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
