// What a start says about who may call (docs/OPERATIONS.md, "API keys"): keys are required off
// loopback unless AUTH_MODE=none says otherwise, and that choice gets a loud warning; with keys
// required and no admin key anywhere, the start says how to make one (the gateway still starts:
// the database may be away, and a key can be created while it runs).
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ApiKeyAuthenticator, ApiKeyService } from '@app/identity';

export const AUTH_OFF_LOOPBACK_WARNING =
  'AUTH_MODE=none on a non-loopback address: anyone who can reach this port can spend the cloud budget, read the audit trail and manage API keys. Set AUTH_MODE=keys (the default off loopback) unless something in front of the gateway authenticates every caller.';

export const NO_ADMIN_KEY_WARNING =
  'AUTH_MODE=keys and no admin key exists: every request except the health probes is refused. Create one with `policy-mesh keys create --name admin --admin`, or set ADMIN_API_KEY.';

export async function logAuthNotice(app: INestApplication): Promise<void> {
  const { auth, server } = app.get(AppConfig);
  const logger = new Logger('PolicyMesh');
  if (auth.mode === 'none') {
    if (!auth.loopback)
      logger.warn({ code: 'AUTH_DISABLED', host: server.host, auth_mode: 'none' }, AUTH_OFF_LOOPBACK_WARNING);
    return;
  }
  logger.log(
    { auth_mode: 'keys', explicit: auth.modeExplicit, admin_api_key: auth.adminApiKey !== undefined },
    auth.modeExplicit
      ? 'API keys required (AUTH_MODE=keys)'
      : `API keys required (HOST=${server.host} is not loopback)`,
  );
  if (app.get(ApiKeyAuthenticator).hasBootstrapKey) return;
  try {
    const keys = await app.get(ApiKeyService).list();
    if (!keys.some((key) => key.status === 'active' && key.scopes.includes('admin')))
      logger.warn({ code: 'NO_ADMIN_KEY' }, NO_ADMIN_KEY_WARNING);
  } catch {
    // The database is away: the start goes on, and says nothing it cannot know.
  }
}
