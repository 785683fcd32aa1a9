// Counts the route handlers still running, for the drain: a handler can outlive its socket (a
// client that left, a stream cut at shutdown) while it still records the request's audit row, and
// the audit queue is flushed for the last time only after every handler has finished.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { ConnectionDrain } from './connection-drain';

@Injectable()
export class InFlightHandlers implements NestInterceptor {
  constructor(private readonly drain: ConnectionDrain) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const finished = this.drain.handlerStarted();
    return next.handle().pipe(finalize(finished));
  }
}
