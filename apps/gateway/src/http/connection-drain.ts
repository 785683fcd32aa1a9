// SIGTERM drains the HTTP side before the audit writer flushes: idle keep-alive connections are
// closed at once, answers in flight carry `Connection: close` (or, when their headers are already
// out, their socket is ended once they finish), and a request that still arrives is answered 503
// SHUTTING_DOWN on a closing connection. Without this, busy keep-alive clients kept being served
// for seconds after SIGTERM: Node's server.close() closes only the connections idle at that moment.
// An answer still open shortly before the shutdown grace ends (a long stream) is cut then, so its
// row (canceled) is written and flushed before the process must exit, rather than lost with it; and
// the HTTP side is done only when every route handler has finished (in-flight-handlers.interceptor),
// since a handler may still be recording its row after its socket closed.
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpRequestError } from './http-error';
import { assignRequestId } from './request-id';

/** How long before the grace ends the answers still open are cut: room to audit and flush them. */
export const CUT_BEFORE_GRACE_ENDS_MS = 5_000;

@Injectable()
export class ConnectionDrain implements BeforeApplicationShutdown {
  private server: Server | null = null;
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private handlers = 0;
  private whenIdle: (() => void) | null = null;

  constructor(private readonly config: AppConfig) {}

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

  /** A route handler began; the function returned says it finished. */
  handlerStarted(): () => void {
    this.handlers += 1;
    return () => {
      this.handlers -= 1;
      // Looked at once the promise jobs of this turn ran: a handler's error reaches the exception
      // filter (which records a rejection's row under a count of its own) only after it finished.
      if (this.handlers === 0)
        setImmediate(() => {
          if (this.handlers === 0) this.whenIdle?.();
        });
    };
  }

  /**
   * Nest calls this after SIGTERM (or app.close()), before the HTTP server closes and before the
   * audit queue's last flush; it resolves once every handler has finished.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) this.closeAfter(res);
    this.server?.closeIdleConnections();
    // With a short grace, half of it for the answers and half for their rows.
    const graceMs = this.config.server.shutdownGraceMs;
    const cutAfterMs = Math.max(graceMs / 2, graceMs - CUT_BEFORE_GRACE_ENDS_MS);
    const cut = setTimeout(() => this.cutInFlight(), cutAfterMs).unref();
    if (this.handlers > 0) await new Promise<void>((resolve) => (this.whenIdle = resolve));
    clearTimeout(cut);
  }

  /** The client sees its answer end early; the orchestration records it as canceled. */
  private cutInFlight(): void {
    for (const res of this.inFlight) res.socket?.destroy();
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
