// Publishes this process's chain head outside the database, so that deleting the newest rows, a
// whole chain or the table is detectable: a signed log line at intervals and at shutdown, and
// every advance to listeners (the gateway's `policy_mesh_audit_chain_head_seq{chain}` gauge, which
// Prometheus keeps).
//
// The log line (pino JSON, one line): {"msg":"audit chain checkpoint","chain_id":…,"seq":…,
// "head_hash":…,"at":…,"mac":…} — `audit verify --checkpoints <file>` reads these.
import { Logger } from '@nestjs/common';
import { CHECKPOINT_MESSAGE, checkpointOf, type ChainCheckpoint } from './chain-records';
import { DurableHead, type ChainHead } from './durable-head';

export const CHECKPOINT_INTERVAL_MS = 30_000;

export class ChainAnchor {
  private readonly logger = new Logger('AuditChain');
  private readonly head: DurableHead;
  private readonly listeners: ((head: ChainHead) => void)[] = [];
  private publishedSeq = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    chainId: string,
    private readonly anchorKey: () => Buffer,
  ) {
    this.head = new DurableHead(chainId);
  }

  get current(): ChainHead {
    return this.head.head;
  }

  onAdvance(listener: (head: ChainHead) => void): void {
    this.listeners.push(listener);
  }

  /** Seq `from`..`through` of this chain are committed to the database. */
  committed(from: number, through: number, hash: string): void {
    if (!this.head.settle(from, through, hash)) return;
    const head = this.head.head;
    for (const listener of this.listeners) listener(head);
  }

  /** Starts publishing checkpoint lines at an interval (the gateway; the CLI writes one-offs). */
  start(intervalMs = CHECKPOINT_INTERVAL_MS): void {
    this.timer ??= setInterval(() => this.publish(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Logs a signed checkpoint when the head moved since the last one. Returns it, or null. */
  publish(): ChainCheckpoint | null {
    const head = this.head.head;
    if (head.seq === this.publishedSeq) return null;
    const checkpoint = checkpointOf(this.anchorKey(), head);
    this.logger.log({ ...checkpoint }, CHECKPOINT_MESSAGE);
    this.publishedSeq = head.seq;
    return checkpoint;
  }
}
