// Nest announces every module it wires and every route it maps (37 lines at info). Those lines are
// for whoever debugs the wiring: they go to `debug`, so an ordinary start shows the start summary.
import type { LoggerService } from '@nestjs/common';

const BOOTSTRAP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

function isBootstrapLine(params: readonly unknown[]): boolean {
  const context = params.at(-1);
  return typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context);
}

export class BootstrapLogFilter implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...params: unknown[]): void {
    if (isBootstrapLine(params) && this.inner.debug !== undefined) this.inner.debug(message, ...params);
    else this.inner.log(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug?.(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose?.(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    if (this.inner.fatal !== undefined) this.inner.fatal(message, ...params);
    else this.inner.error(message, ...params);
  }
}
