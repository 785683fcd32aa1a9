// A stored row as the API body shows it, and as the guard holds it.
import type { ApiKeyRow } from '@app/audit';
import { isApiKeyScope } from './api-key-scopes';
import type { ApiKeyStatus, ApiKeyView, Principal } from './api-key.types';

export function statusOf(row: Pick<ApiKeyRow, 'revoked_at' | 'expires_at'>, now: Date): ApiKeyStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function toView(row: ApiKeyRow, now = new Date()): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiKeyScope),
    rpm: row.rpm,
    tpm: row.tpm,
    daily_cloud_usd: row.daily_cloud_usd,
    local_only: row.local_only,
    status: statusOf(row, now),
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    replaced_by: row.replaced_by,
  };
}

export function toPrincipal(row: ApiKeyRow): Principal {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isApiKeyScope),
    rpm: row.rpm,
    tpm: row.tpm,
    daily_cloud_usd: row.daily_cloud_usd,
    local_only: row.local_only,
    expires_at: row.expires_at,
  };
}
