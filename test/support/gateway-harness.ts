// The real gateway as a client meets it: listening on a loopback port, fake upstreams that speak
// the real protocols, and a private database on the real Postgres.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { AppConfig } from '@app/config';
import OpenAI from 'openai';
import { Client } from 'pg';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import {
  DEMO_MODEL_ENV,
  type FakeServer,
  startFakeOllama,
  startFakeOpenAi,
  type StreamShape,
} from '../fakes';
import { proxyFor, type TcpProxy } from './tcp-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GatewayHarness {
  readonly app: INestApplication;
  readonly url: string;
  readonly ollama: FakeServer;
  readonly openai: FakeServer;
  readonly database: TestDatabase;
  readonly dataDir: string;
  /** The environment the gateway was built from (a CLI given the same one sees the same installation). */
  readonly env: Readonly<Record<string, string>>;
  /** Rows of the audit table, straight from Postgres. */
  auditRows(where?: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly policy?: unknown;
  readonly env?: Record<string, string>;
  /** Fake upstreams in demo mode, as `npm run demo` runs them. */
  readonly demoUpstreams?: boolean;
  /** Point DATABASE_URL elsewhere (e.g. through a proxy); the harness database is still created. */
  readonly databaseUrl?: (url: string) => Promise<string> | string;
  /** Listen on this address (and tell the config so): e.g. 0.0.0.0 to be reached off loopback. */
  readonly listenHost?: string;
  /** Every streamed answer of the fake OpenAI paced (and sized) like this. */
  readonly cloudStreamShape?: StreamShape;
}

export async function startGateway(label: string, options: HarnessOptions = {}): Promise<GatewayHarness> {
  const [database, ollama, openai] = await Promise.all([
    createTestDatabase(label),
    startFakeOllama({ demo: options.demoUpstreams }),
    startFakeOpenAi({ demo: options.demoUpstreams, streamShape: options.cloudStreamShape }),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), `pm-gw-${label}-`));
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    DATABASE_URL: options.databaseUrl === undefined ? database.url : await options.databaseUrl(database.url),
    DATA_DIR: dataDir,
    OLLAMA_HOST: ollama.url,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    OPENAI_API_KEY: 'sk-test-gateway-key-0123456789',
    PROVIDER_TIMEOUT_SECONDS: '2',
    ...(options.demoUpstreams === true ? DEMO_MODEL_ENV : {}),
    ...(options.listenHost === undefined ? {} : { HOST: options.listenHost }),
    ...options.env,
  };
  if (options.policy !== undefined) {
    env.POLICY_FILE = join(dataDir, 'policy.json');
    writeFileSync(env.POLICY_FILE, JSON.stringify(options.policy));
  }
  let app: INestApplication | undefined;
  try {
    app = await createGatewayApp(AppConfig.fromEnvironment(env));
    app.useLogger(false);
    await app.listen(0, options.listenHost ?? '127.0.0.1');
  } catch (error) {
    // Fail loudly and leave nothing running behind, so the failure is the one thing Jest reports.
    await app?.close().catch(() => undefined);
    await Promise.all([ollama.close(), openai.close(), database.drop()]);
    throw new Error(`the gateway "${label}" did not come up: ${(error as Error).message}`, { cause: error });
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    ollama,
    openai,
    database,
    dataDir,
    env,
    auditRows: async (where = 'true', params = []) => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(`SELECT * FROM audit_events WHERE ${where} ORDER BY seq`, params))
          .rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await app.close();
      await Promise.all([ollama.close(), openai.close()]);
      await database.drop();
    },
  };
}

/** A gateway and an openai SDK client for it, made as an agent framework makes one: only baseURL set. */
export interface SdkGateway {
  readonly harness: GatewayHarness;
  readonly client: OpenAI;
}

/**
 * A gateway for the enclosing `describe`: started before its tests, its fakes reset after each test,
 * closed after the block. The returned function gives it (and its SDK client) once started.
 */
export function useGateway(label: string, options: HarnessOptions = {}): () => SdkGateway {
  let started: SdkGateway | undefined;
  beforeAll(async () => {
    const harness = await startGateway(label, options);
    const client = new OpenAI({
      baseURL: `${harness.url}/v1`,
      apiKey: 'unused-by-the-gateway',
      maxRetries: 0,
    });
    started = { harness, client };
  });
  afterEach(() => {
    started?.harness.ollama.reset();
    started?.harness.openai.reset();
  });
  afterAll(async () => {
    await started?.harness.close();
  });
  return () => {
    if (started === undefined) throw new Error(`the gateway "${label}" has not started`);
    return started;
  };
}

/** A policy in the original format whose default sends long prompts to the cloud. */
export const CLOUD_DEFAULT_POLICY = {
  sensitivity: { keywords: ['internal', 'confidential', 'secret'] },
  cost: {
    max_prompt_length_for_local: 40,
    max_usd_for_local: null,
    input_usd_per_1m_tokens: null,
    chars_per_token: 4,
    default_provider: 'cloud',
  },
};

export const LONG_PROMPT =
  'Please write a friendly paragraph about the history of the bicycle and its inventors.';

/** The gateway reaching its database through a TCP proxy the test can cut, to simulate an outage. */
export async function startGatewayBehindProxy(
  label: string,
  options: Omit<HarnessOptions, 'databaseUrl'> = {},
): Promise<{ harness: GatewayHarness; proxy: TcpProxy }> {
  let proxy!: TcpProxy;
  const harness = await startGateway(label, {
    ...options,
    databaseUrl: async (url) => {
      proxy = proxyFor(url);
      await proxy.start();
      return proxy.urlFor(url);
    },
  });
  return { harness, proxy };
}
