// Builds the gateway exactly as production runs it; main.ts and the e2e tests both use this.
import type { AppConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { GatewayModule } from './gateway.module';
import { GatewayHttpAdapter } from './http/gateway-http-adapter';
import { ConnectionDrain } from './http/connection-drain';
import { HostAllowList, refuseUnknownHosts } from './http/host-allow-list';
import { securityHeaders } from './http/security-headers';
import { setupOpenApi } from './openapi';
import { BootstrapLogFilter } from './start/bootstrap-log-filter';
import { publicDir } from './ui/public-dir';

export async function createGatewayApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.register(config),
    new GatewayHttpAdapter(),
    {
      bodyParser: false,
      bufferLogs: true,
      forceCloseConnections: false,
    },
  );
  app.useLogger(new BootstrapLogFilter(app.get(Logger)));
  app.disable('x-powered-by');
  // No ETag computed over every JSON body: a chat answer is a POST no cache revalidates, and the
  // SHA-1 of each body was pure cost. Static files and the UI page keep theirs (serve-static and
  // sendFile set their own); only the API docs' JSON loses a validator nobody sent back.
  app.set('etag', false);
  app.set('trust proxy', false);
  const drain = app.get(ConnectionDrain);
  drain.attach(app.getHttpServer());
  // Before anything that answers, static files and the early refusals below included.
  app.use(securityHeaders(config.httpSecurity));
  app.use(drain.refuseWhileDraining);
  app.use(refuseUnknownHosts(new HostAllowList(config.server.host, config.httpSecurity.allowedHosts)));
  app.useStaticAssets(publicDir(), { prefix: '/ui/assets/', index: false, maxAge: '1h' });
  // No enableShutdownHooks(): main.ts owns SIGTERM/SIGINT (start/shutdown-on-signal.ts) and calls
  // app.close(), which runs the same hooks; Nest's default list would also end the process on
  // SIGHUP, the policy's reload signal.
  setupOpenApi(app);
  return app;
}
