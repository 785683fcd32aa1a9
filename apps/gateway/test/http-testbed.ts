// The gateway's HTTP edge alone, for controller specs: real controllers, the real filter and
// validation pipe, request ids as production assigns them, and mocked lib services behind them.
import type { INestApplication, Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ChatService, ReadinessService } from '@app/chat';
import { AppConfig } from '@app/config';
import { ApiKeyAuthenticator } from '@app/identity';
import { ProviderRegistry } from '@app/providers';
import type { NextFunction, Request, Response } from 'express';
import { ChatRejectionAudit } from '../src/chat/chat-rejection-audit';
import { ConnectionDrain } from '../src/http/connection-drain';
import { HttpExceptionFilter } from '../src/http/http-exception.filter';
import { assignRequestId } from '../src/http/request-id';
import { createValidationPipe } from '../src/http/validation.pipe';

export interface ChatServiceMock {
  complete: jest.Mock;
  stream: jest.Mock;
  decide: jest.Mock;
  recordRejection: jest.Mock;
}

export interface HttpTestbed {
  readonly app: INestApplication;
  readonly chat: ChatServiceMock;
  readonly readiness: { report: jest.Mock };
  close(): Promise<void>;
}

export async function httpTestbed(controllers: Type[], providers: Provider[] = []): Promise<HttpTestbed> {
  const chat: ChatServiceMock = {
    complete: jest.fn(),
    stream: jest.fn(),
    decide: jest.fn(),
    recordRejection: jest.fn().mockResolvedValue(undefined),
  };
  const readiness = { report: jest.fn() };
  const moduleRef = await Test.createTestingModule({
    controllers,
    providers: [
      ChatRejectionAudit,
      ConnectionDrain,
      { provide: ChatService, useValue: chat },
      { provide: ReadinessService, useValue: readiness },
      { provide: ProviderRegistry, useValue: { all: () => [] } },
      // The controllers alone, as with AUTH_MODE=none (the guard has its own e2e tests).
      {
        provide: AppConfig,
        useValue: { auth: { mode: 'none' }, server: { streamStallMs: 30_000, shutdownGraceMs: 25_000 } },
      },
      { provide: ApiKeyAuthenticator, useValue: {} },
      { provide: APP_FILTER, useClass: HttpExceptionFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
      ...providers,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    assignRequestId(req, res);
    next();
  });
  await app.init();
  return { app, chat, readiness, close: () => app.close() };
}
