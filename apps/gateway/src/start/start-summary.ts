// The first lines a user reads: where the gateway listens, where the UI is, which database and
// policy are in force, and whether each provider answers — one line, plus a warning when a cloud
// key is configured that the policy never uses.
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OllamaProvider, OpenAiProvider, type ProviderHealth } from '@app/providers';
import { cloudRoutingNotice, PolicyService, type PolicyNotice, type PolicyView } from '@app/routing-policy';

export interface StartFacts {
  readonly url: string;
  readonly ui_url: string;
  readonly database: string;
  readonly policy: { readonly source: string; readonly version: string };
  readonly providers: {
    readonly local: ProviderFact;
    readonly cloud: ProviderFact;
  };
  readonly notice: PolicyNotice | null;
}

interface ProviderFact {
  readonly upstream: 'ollama' | 'openai';
  readonly target: string;
  readonly status: ProviderHealth['status'];
  readonly detail: string | null;
}

/** A database URL without its user, password or query (they may hold a secret). */
function databaseLabel(config: AppConfig): string {
  if (config.database.url === undefined) return `embedded PGlite in ${config.dataDir}/pglite`;
  try {
    const url = new URL(config.database.url);
    return `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL)';
  }
}

function displayHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function startFacts(
  config: AppConfig,
  view: PolicyView,
  local: ProviderHealth,
  cloud: ProviderHealth,
): StartFacts {
  const url = `http://${displayHost(config.server.host)}:${config.server.port}`;
  return {
    url,
    ui_url: `${url}/ui`,
    database: databaseLabel(config),
    policy: { source: view.source, version: view.version },
    providers: {
      local: {
        upstream: 'ollama',
        target: config.ollama.host,
        status: local.status,
        detail: local.detail ?? null,
      },
      cloud: {
        upstream: 'openai',
        target: config.openai.baseUrl,
        status: cloud.status,
        detail: cloud.detail ?? null,
      },
    },
    notice: cloudRoutingNotice(config.openai.apiKey !== undefined, view),
  };
}

function providerPhrase(tier: string, fact: ProviderFact): string {
  const state =
    fact.status === 'up'
      ? 'answers'
      : fact.status === 'not_configured'
        ? 'not configured (OPENAI_API_KEY unset)'
        : tier === 'local'
          ? 'does not answer (start Ollama, or try `npm run demo`)'
          : 'does not answer';
  return `${tier}: ${fact.upstream} at ${fact.target} ${state}`;
}

export function summaryLine(facts: StartFacts): string {
  const policy = facts.policy.source === 'builtin' ? 'built-in (local-first)' : facts.policy.source;
  return [
    `listening on ${facts.url}, web UI at ${facts.ui_url}`,
    `database: ${facts.database}`,
    `policy: ${policy}, version ${facts.policy.version.slice(0, 12)}`,
    providerPhrase('local', facts.providers.local),
    providerPhrase('cloud', facts.providers.cloud),
  ].join(' · ');
}

/** Asks both providers (each health probe has its own short timeout) and logs the summary. */
export async function logStartSummary(app: INestApplication): Promise<StartFacts> {
  const config = app.get(AppConfig);
  const [local, cloud] = await Promise.all([
    app.get(OllamaProvider).health(),
    app.get(OpenAiProvider).health(),
  ]);
  const facts = startFacts(config, app.get(PolicyService).safeView(), local, cloud);
  const logger = new Logger('PolicyMesh');
  logger.log(
    {
      url: facts.url,
      ui_url: facts.ui_url,
      database: facts.database,
      policy: facts.policy,
      providers: facts.providers,
    },
    summaryLine(facts),
  );
  if (facts.notice !== null)
    logger.warn({ code: facts.notice.code, setting: facts.notice.setting }, facts.notice.message);
  return facts;
}
