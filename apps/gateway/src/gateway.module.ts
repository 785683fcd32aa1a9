import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@app/config';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { createValidationPipe } from './http/validation.pipe';
import { buildLoggerOptions } from './logging/logger.options';

/** The HTTP app: transports only. Every capability comes from a lib module. */
@Module({})
export class GatewayModule implements NestModule {
  static register(config: AppConfig) {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot({ config }),
        LoggerModule.forRoot(buildLoggerOptions(config)),
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes('*path');
  }
}
