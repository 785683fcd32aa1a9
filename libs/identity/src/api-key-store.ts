// The identity lib's persistence port. IdentityModule binds it to the audit lib's ApiKeyTable (the
// table lives where the one DataSource and its migrations are); unit tests replace it at the port.
import type { ApiKeyRow } from '@app/audit';

export abstract class ApiKeyStore {
  abstract insert(row: ApiKeyRow): Promise<void>;
  abstract findByHash(keyHash: string): Promise<ApiKeyRow | null>;
  abstract findById(id: string): Promise<ApiKeyRow | null>;
  /** Every key with this public prefix or name, newest first. */
  abstract findByPrefixOrName(text: string): Promise<ApiKeyRow[]>;
  abstract list(): Promise<ApiKeyRow[]>;
  /** True when this call revoked the key (false: it was revoked already). */
  abstract revoke(id: string, at: Date): Promise<boolean>;
  abstract retire(id: string, expiresAt: Date, replacedBy: string): Promise<void>;
  abstract touch(id: string, at: Date): Promise<void>;
}
