// Builds the gateway exactly as production runs it; main.ts and the e2e tests both use this.
import type { AppConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { GatewayModule } from './gateway.module';
import { setupOpenApi } from './openapi';
import { publicDir } from './ui/public-dir';

export async function createGatewayApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
    forceCloseConnections: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.useStaticAssets(publicDir(), { prefix: '/ui/assets/', index: false, maxAge: '1h' });
  // Only these end the process: Nest's default list includes SIGHUP, the policy's reload signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setupOpenApi(app);
  return app;
}
