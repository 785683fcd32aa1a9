// SIGTERM/SIGINT end the gateway in one explicit sequence: log "draining", close the app (Nest's
// shutdown hooks: the HTTP side drains, the audit queue flushes, the database closes), log
// "stopped" with what was flushed, exit 0. A grace timer bounds the whole of it, so an
// orchestrator's SIGKILL never lands mid-flush unannounced. SIGHUP is not among the signals: it
// reloads the policy (apps/gateway/src/routes/policy-reload.triggers.ts).
import { Logger, type INestApplication } from '@nestjs/common';
import type { AuditWriter } from '@app/audit';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function shutdownOnSignal(app: INestApplication, writer: AuditWriter, graceMs: number): void {
  const logger = new Logger('PolicyMesh');
  const counts = { written: 0, spooled: 0, failed: 0 };
  let draining = false;
  writer.onOutcome((outcome, events) => {
    if (draining) counts[outcome] += events;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    // A repeated signal while draining changes nothing: the grace timer already bounds the wait.
    if (draining) return;
    draining = true;
    logger.log(
      { signal, audit_queue_depth: writer.stats().queueDepth },
      `${signal}: draining in-flight requests and flushing the audit queue`,
    );
    setTimeout(() => {
      process.stderr.write(`policy-mesh gateway: shutdown took longer than ${graceMs} ms; exiting\n`);
      process.exit(1);
    }, graceMs).unref();
    app.close().then(
      () => {
        logger.log(
          {
            audit_events_written: counts.written,
            audit_events_spooled: counts.spooled,
            audit_events_failed: counts.failed,
            audit_queue_depth: writer.stats().queueDepth,
          },
          `stopped: ${counts.written} audit event(s) written and ${counts.spooled} spooled while draining`,
        );
        // process.exit's 'exit' event lets pino write out the last lines.
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `policy-mesh gateway: shutdown failed: ${String(error instanceof Error ? error.stack : error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
