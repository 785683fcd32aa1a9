// One signal per provider call that fires on the caller's abort or on the provider timeout, and
// remembers which of the two fired, so "canceled" and "timeout" are never confused.

export class CallDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private expired = false;
  private readonly onCallerAbort = () => this.controller.abort(new Error('canceled by the caller'));

  constructor(
    private readonly timeoutMs: number,
    private readonly caller?: AbortSignal,
  ) {
    if (caller?.aborted) this.controller.abort(new Error('canceled by the caller'));
    caller?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.expired;
  }

  get canceled(): boolean {
    return this.caller?.aborted === true && !this.expired;
  }

  /**
   * Streams call this on every chunk: the timeout bounds silence, not a long answer. The same timer
   * is rescheduled (no new one per chunk).
   */
  extend(): void {
    if (!this.expired) this.timer?.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('provider timeout'));
    }, this.timeoutMs);
    this.timer.unref();
  }
}
