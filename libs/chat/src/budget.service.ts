// The day's cloud spend for the budget rules (the policy's, and each API key's own), summed from the
// audit table (so it holds across replicas) and cached for a few seconds so the hot path does not
// query per request.
import { Injectable } from '@nestjs/common';
import { AuditQueryService } from '@app/audit';

const CACHE_MS = 5000;

/** The whole gateway's spend is cached under this name; a key's under its id. */
const ALL = '';

interface Spend {
  cached?: { day: string; value: number; at: number };
  inflight?: Promise<number>;
}

@Injectable()
export class BudgetService {
  private readonly spends = new Map<string, Spend>();

  constructor(private readonly audit: AuditQueryService) {}

  /** USD spent on the cloud since 00:00 UTC today, in all or by one key (at most a few seconds old). */
  async cloudSpendToday(now = new Date(), keyId?: string): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    let spend = this.spends.get(keyId ?? ALL);
    if (spend === undefined) {
      spend = {};
      this.spends.set(keyId ?? ALL, spend);
    }
    const { cached } = spend;
    if (cached !== undefined && cached.day === day && now.getTime() - cached.at < CACHE_MS)
      return cached.value;
    const entry = spend;
    entry.inflight ??= this.audit
      .cloudSpendUsdSince(new Date(`${day}T00:00:00.000Z`), keyId)
      .then((value) => {
        entry.cached = { day, value, at: Date.now() };
        return value;
      })
      .finally(() => (entry.inflight = undefined));
    return entry.inflight;
  }

  /** Adds a request's spend at once, so the next decisions see it before the cache expires. */
  add(usd: number, keyId?: string): void {
    for (const name of keyId === undefined ? [ALL] : [ALL, keyId]) {
      const spend = this.spends.get(name);
      if (spend?.cached !== undefined) spend.cached = { ...spend.cached, value: spend.cached.value + usd };
    }
  }
}
