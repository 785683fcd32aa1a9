import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { ChatModule } from '@app/chat';
import { type AppConfig, ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { LoggerModule } from 'nestjs-pino';
import { AuditController } from './audit/audit.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthStatusController } from './auth/auth-status.controller';
import { KeyUsageBridge } from './auth/key-usage-bridge';
import { ChatRejectionAudit } from './chat/chat-rejection-audit';
import { ChatController } from './chat/chat.controller';
import { HealthModule } from './health/health.module';
import { ConnectionDrain } from './http/connection-drain';
import { InFlightHandlers } from './http/in-flight-handlers.interceptor';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { createValidationPipe } from './http/validation.pipe';
import { AccessLogMiddleware } from './logging/access-log.middleware';
import { buildLoggerOptions } from './logging/logger.options';
import { MetricsRouteModule } from './metrics/metrics-route.module';
import { KeysController } from './keys/keys.controller';
import { CompletionsController } from './openai/completions.controller';
import { EmbeddingsController } from './openai/embeddings.controller';
import { ModelsController } from './openai/models.controller';
import { RoutesModule } from './routes/routes.module';
import { UiController } from './ui/ui.controller';

/** The HTTP app: transports only. Every capability comes from a lib module. */
@Module({})
export class GatewayModule implements NestModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot({ config }),
        LoggerModule.forRoot(buildLoggerOptions(config)),
        AuditModule.forRoot({ eager: true }),
        ChatModule,
        IdentityModule,
        HealthModule,
        MetricsRouteModule,
        RoutesModule,
      ],
      controllers: [
        ChatController,
        CompletionsController,
        AuditController,
        EmbeddingsController,
        ModelsController,
        KeysController,
        AuthStatusController,
        UiController,
      ],
      providers: [
        ConnectionDrain,
        ChatRejectionAudit,
        KeyUsageBridge,
        // Every route needs an admin key unless its metadata says otherwise (auth/route-access.decorator.ts).
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // The drain waits for every handler: one may still record its row after its socket closed.
        { provide: APP_INTERCEPTOR, useClass: InFlightHandlers },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The access line first: it assigns the request id every later step and line uses.
    consumer.apply(AccessLogMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
