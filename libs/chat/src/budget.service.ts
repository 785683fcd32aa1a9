// The day's cloud spend for the budget rule, summed from the audit table (so it holds across
// replicas) and cached for a few seconds so the hot path does not query per request.
import { Injectable } from '@nestjs/common';
import { AuditQueryService } from '@app/audit';

const CACHE_MS = 5000;

@Injectable()
export class BudgetService {
  private cached: { day: string; value: number; at: number } | undefined;
  private inflight: Promise<number> | undefined;

  constructor(private readonly audit: AuditQueryService) {}

  /** USD spent on the cloud since 00:00 UTC today (at most a few seconds old). */
  async cloudSpendToday(now = new Date()): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    if (this.cached !== undefined && this.cached.day === day && now.getTime() - this.cached.at < CACHE_MS)
      return this.cached.value;
    this.inflight ??= this.audit
      .cloudSpendUsdSince(new Date(`${day}T00:00:00.000Z`))
      .then((value) => {
        this.cached = { day, value, at: Date.now() };
        return value;
      })
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Adds a request's spend at once, so the next decisions see it before the cache expires. */
  add(usd: number): void {
    if (this.cached !== undefined) this.cached = { ...this.cached, value: this.cached.value + usd };
  }
}
