// SIGTERM drains the HTTP side before the audit writer flushes: idle keep-alive connections are
// closed at once, answers in flight carry `Connection: close` (or, when their headers are already
// out, their socket is ended once they finish), and a request that still arrives is answered 503
// SHUTTING_DOWN on a closing connection. Without this, busy keep-alive clients kept being served
// for seconds after SIGTERM: Node's server.close() closes only the connections idle at that moment.
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpRequestError } from './http-error';
import { assignRequestId } from './request-id';

@Injectable()
export class ConnectionDrain implements BeforeApplicationShutdown {
  private server: Server | null = null;
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  /** Follows every request of this server (called once, when the app is built). */
  attach(server: Server): void {
    this.server = server;
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
      if (this.draining) this.closeAfter(res);
    });
  }

  /** Express middleware, mounted first: nothing new is served once draining began. */
  readonly refuseWhileDraining: RequestHandler = (req, res, next) => {
    if (!this.draining) {
      next();
      return;
    }
    assignRequestId(req, res);
    next(new HttpRequestError('SHUTTING_DOWN', 'the gateway is shutting down; retry on another replica'));
  };

  /** Nest calls this after SIGTERM (or app.close()), before the HTTP server closes. */
  beforeApplicationShutdown(): void {
    this.draining = true;
    for (const res of this.inFlight) this.closeAfter(res);
    this.server?.closeIdleConnections();
  }

  private closeAfter(res: ServerResponse): void {
    if (!res.headersSent) {
      res.setHeader('Connection', 'close');
      return;
    }
    // Headers already sent (a stream): end the connection once this answer is complete.
    res.once('finish', () => res.socket?.end());
  }
}
