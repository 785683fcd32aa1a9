// An API key as the API body, the CLI's --json and the guard see it: the wire's snake_case names,
// never the key itself (except `key` in the one answer that creates it).
import type { ApiKeyScope } from './api-key-scopes';

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

/** What may be set on a key when it is created. */
export interface NewApiKey {
  readonly name: string;
  readonly scopes?: readonly ApiKeyScope[];
  /** Requests per minute (per replica: limit / REPLICAS); absent = unlimited. */
  readonly rpm?: number | null;
  /** Tokens (input + output) per minute (per replica, likewise); absent = unlimited. */
  readonly tpm?: number | null;
  /** Cloud spend allowed per UTC day, summed from the audit table across replicas. */
  readonly daily_cloud_usd?: number | null;
  /** Nothing this key sends may reach the cloud. */
  readonly local_only?: boolean;
  readonly expires_at?: Date | null;
}

/** A key as listed: everything but the key. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: ApiKeyScope[];
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly daily_cloud_usd: number | null;
  readonly local_only: boolean;
  readonly status: ApiKeyStatus;
  readonly created_at: string;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
  readonly replaced_by: string | null;
}

/** The answer to creating (or rotating) a key: the only time `key` is ever shown. */
export interface CreatedApiKey extends ApiKeyView {
  readonly key: string;
}

/** A rotation: the new key, and until when the old one keeps working. */
export interface RotatedApiKey {
  readonly key: CreatedApiKey;
  readonly previous: ApiKeyView;
}

/** An authenticated caller: what the guard, the limiter and the decision need of its key. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly daily_cloud_usd: number | null;
  readonly local_only: boolean;
  readonly expires_at: Date | null;
}
