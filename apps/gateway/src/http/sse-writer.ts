// Writes one Server-Sent Events answer to a client at the client's pace. Events queued in the same
// turn of the event loop go out as one write; while the client's socket is full (a write returned
// false) the relay pulls nothing more from upstream, and a client that reads nothing for the stall
// timeout is cut. What one slow client can hold in the gateway is bounded by the socket's
// high-water mark plus what the relay had already pulled: never the rest of the answer.
import type { ServerResponse } from 'node:http';

/** Where a blocked client stands after waiting: reading again, gone, or silent for too long. */
export type ClientState = 'reading' | 'gone' | 'stalled';

export class SseWriter {
  private pending = '';
  private scheduled = false;
  private readonly flush = (): void => {
    this.scheduled = false;
    const bytes = this.pending;
    this.pending = '';
    if (bytes !== '' && !this.res.destroyed && !this.res.writableEnded) this.res.write(bytes);
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly stallMs: number,
  ) {}

  /**
   * The client's socket is full: pull nothing more until it drains (`waitForClient`). Events that
   * arrive faster than a turn of the event loop queue up here before their write; past the
   * socket's high-water mark they are written now, so the answer reflects what the socket holds.
   */
  get blocked(): boolean {
    if (this.pending.length >= this.res.writableHighWaterMark) this.flush();
    return this.res.writableNeedDrain;
  }

  get gone(): boolean {
    return this.res.destroyed;
  }

  /**
   * Queues one event's bytes (`data: …\n\n`). The write happens once the current turn's work is
   * done, so what arrived together leaves together, in one write.
   */
  send(event: string): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    this.pending += event;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flush);
    }
  }

  /** Waits until the client reads again, goes away, or stays silent for the stall timeout. */
  waitForClient(): Promise<ClientState> {
    const res = this.res;
    return new Promise<ClientState>((resolve) => {
      const settle = (state: ClientState) => {
        clearTimeout(timer);
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(state);
      };
      const onDrain = () => settle('reading');
      const onClose = () => settle('gone');
      const timer = setTimeout(() => settle('stalled'), this.stallMs);
      res.once('drain', onDrain);
      res.once('close', onClose);
      if (res.destroyed) settle('gone');
      else if (!res.writableNeedDrain) settle('reading');
    });
  }

  /** Cuts a stalled client: its connection is closed with whatever it has not read. */
  cut(): void {
    this.pending = '';
    this.res.destroy();
  }

  /**
   * Sends what is queued and ends the answer. A client that never reads the end is cut after the
   * stall timeout too, so its socket and buffer do not stay forever.
   */
  end(): void {
    if (this.res.destroyed) return;
    // The last events and the end of the body in one write.
    const bytes = this.pending;
    this.pending = '';
    this.res.end(bytes);
    if (this.res.writableFinished) return;
    const timer = setTimeout(() => this.res.destroy(), this.stallMs);
    timer.unref();
    this.res.once('finish', () => clearTimeout(timer));
    this.res.once('close', () => clearTimeout(timer));
  }
}
