// Looked-up keys for a short while, so a busy key costs one query per half second per replica, not
// one per request. The TTL is what makes a revocation (or a rotation's new expiry) effective on
// every replica within a second; on the replica that revoked, at once.
import { Injectable } from '@nestjs/common';
import type { ApiKeyRow } from '@app/audit';

/** Half the one-second promise: a lookup that started just before the revocation still expires in time. */
export const KEY_CACHE_TTL_MS = 500;
/** Unknown keys are cached too (a client retrying a bad key costs no query); bounded, then cleared. */
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly row: ApiKeyRow | null;
  readonly at: number;
}

@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<ApiKeyRow | null>>();

  /** The row for a key hash, from the cache while fresh, else from `load` (one load per hash at a time). */
  async get(keyHash: string, load: () => Promise<ApiKeyRow | null>): Promise<ApiKeyRow | null> {
    const now = Date.now();
    const entry = this.entries.get(keyHash);
    if (entry !== undefined && now - entry.at < KEY_CACHE_TTL_MS) return entry.row;
    let pending = this.inflight.get(keyHash);
    if (pending === undefined) {
      pending = load()
        .then((row) => {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(keyHash, { row, at: now });
          return row;
        })
        .finally(() => this.inflight.delete(keyHash));
      this.inflight.set(keyHash, pending);
    }
    return pending;
  }

  /** Drops a key so the next request reads it again (revoked or rotated on this replica). */
  forget(keyHash: string): void {
    this.entries.delete(keyHash);
  }
}
