// SIGINT/SIGTERM: "draining" when the signal arrives, "stopped" with the audit counts once Nest's
// shutdown (HTTP drain, audit flush, database close) is over. Nest re-raises the signal after its
// shutdown hooks, having removed its own listener: that second delivery, with this listener the
// only one left, is the moment everything is done. The process then exits 0 through
// process.exit, whose 'exit' event lets pino write out the last lines (a re-raised signal would
// kill the process with them still buffered).
import { Logger } from '@nestjs/common';
import type { AuditWriter } from '@app/audit';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function reportShutdown(writer: AuditWriter): void {
  const logger = new Logger('PolicyMesh');
  let draining = false;
  const counts = { written: 0, spooled: 0, failed: 0 };
  writer.onOutcome((outcome, events) => {
    if (draining) counts[outcome] += events;
  });
  const stopped = () => {
    logger.log(
      {
        audit_events_written: counts.written,
        audit_events_spooled: counts.spooled,
        audit_events_failed: counts.failed,
        audit_queue_depth: writer.stats().queueDepth,
      },
      `stopped: ${counts.written} audit event(s) written and ${counts.spooled} spooled while draining`,
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!draining) {
      draining = true;
      logger.log(
        { signal, audit_queue_depth: writer.stats().queueDepth },
        `${signal}: draining in-flight requests and flushing the audit queue`,
      );
      // Should shutdown end with process.exit instead of a re-raised signal, still say so.
      process.once('exit', stopped);
      return;
    }
    // A repeated signal while Nest still drains is ignored, as Nest ignores it.
    if (process.listenerCount(signal) > 1) return;
    process.removeListener('exit', stopped);
    stopped();
    process.exit(0);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
