import { Test } from '@nestjs/testing';
import { ConfigService } from '@nestjs/config';
import { AppConfig, policyFileFromEnvironment } from './app-config';
import { ConfigInvalidError } from './config.error';
import { ConfigModule } from './config.module';
import type { ConfigNamespaces } from './config.namespaces';
import { maskUrl } from './environment';

function problemsOf(env: Record<string, string>): string {
  try {
    AppConfig.fromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe(AppConfig.name, () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.server).toEqual({
      port: 8000,
      host: '127.0.0.1',
      bodyLimitBytes: 1_048_576,
      shutdownGraceMs: 25_000,
      streamStallMs: 30_000,
    });
    expect(config.database.url).toBeUndefined();
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.ollama).toEqual({
      host: 'http://127.0.0.1:11434',
      model: 'llama3.2',
      embeddingModel: 'nomic-embed-text',
    });
    expect(config.openai).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: undefined,
      model: 'gpt-4o-mini',
      embeddingModel: 'text-embedding-3-small',
    });
    expect(config.providerTimeoutMs).toBe(60_000);
    expect(config.audit.durability).toBe('commit');
    expect(config.audit.spoolDir).toBe(`${config.dataDir}/spool`);
    expect(config.logLevel).toBe('info');
    expect(config.prettyLogs).toBe(false);
  });

  it('reads typed values from the environment', () => {
    const config = AppConfig.fromEnvironment({
      PORT: '9000',
      DATABASE_URL: 'postgres://u@db:5432/pm',
      DB_MIGRATE_ON_START: 'false',
      AUDIT_DURABILITY: 'async',
      PROVIDER_TIMEOUT_SECONDS: '5',
      STREAM_STALL_TIMEOUT_SECONDS: '3',
      NODE_ENV: 'development',
    });
    expect(config.server.port).toBe(9000);
    expect(config.server.streamStallMs).toBe(3000);
    expect(config.database).toEqual({ url: 'postgres://u@db:5432/pm', migrateOnStart: false });
    expect(config.audit.durability).toBe('async');
    expect(config.providerTimeoutMs).toBe(5000);
    expect(config.prettyLogs).toBe(true);
  });

  it('refuses a stall timeout that is not a whole number of seconds from 1 to 3600', () => {
    for (const value of ['0', '1.5', '3601', 'soon'])
      expect(() => AppConfig.fromEnvironment({ STREAM_STALL_TIMEOUT_SECONDS: value })).toThrow(
        /STREAM_STALL_TIMEOUT_SECONDS: must be an integer from 1 to 3600/,
      );
  });

  it('treats empty strings as unset', () => {
    expect(AppConfig.fromEnvironment({ OPENAI_API_KEY: '', PORT: '' }).openai.apiKey).toBeUndefined();
  });

  it('lists every bad variable in one error', () => {
    let caught: unknown;
    try {
      AppConfig.fromEnvironment({
        PORT: 'abc',
        AUDIT_DURABILITY: 'sometimes',
        DATABASE_URL: 'mysql://x',
        OLLAMA_HOST: 'nope',
        DB_MIGRATE_ON_START: 'constructor',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigInvalidError);
    const problems = (caught as ConfigInvalidError).problems.join('\n');
    expect(problems).toMatch(/^PORT: must be a port number \(0-65535\) \(got "abc"\)$/m);
    expect(problems).toMatch(/^AUDIT_DURABILITY: must be commit or async/m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(problems).toMatch(/^OLLAMA_HOST: must be an http\(s\) URL/m);
    expect(problems).toMatch(/^DB_MIGRATE_ON_START: must be true or false/m);
    expect((caught as ConfigInvalidError).problems).toHaveLength(5);
    expect((caught as ConfigInvalidError).code).toBe('CONFIG_INVALID');
  });

  it('rejects a port out of range', () => {
    expect(() => AppConfig.fromEnvironment({ PORT: '70000' })).toThrow(/PORT: must be a port number/);
  });

  it('requires AUDIT_HMAC_KEY in production', () => {
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(
      /AUDIT_HMAC_KEY: is required when NODE_ENV=production/,
    );
    expect(
      AppConfig.fromEnvironment({ NODE_ENV: 'production', AUDIT_HMAC_KEY: 'k'.repeat(32) }).isProduction,
    ).toBe(true);
  });

  describe('never echoes a secret', () => {
    it('masks the password of a DATABASE_URL', () => {
      const message = problemsOf({ DATABASE_URL: 'mysql://admin:hunter2-secret@db.internal:3306/pm' });
      expect(message).toContain(
        'DATABASE_URL: must be a postgres:// URL (got "mysql://***@db.internal:3306/pm")',
      );
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('admin');
    });

    it('masks a password holding URL delimiters', () => {
      const message = problemsOf({ DATABASE_URL: 'mysql://admin:p@ss/w?rd#1@db:5432/pm' });
      expect(message).toContain('DATABASE_URL: must be a postgres:// URL (got "mysql://***@db:5432/pm")');
      expect(message).not.toMatch(/p@ss|w\?rd|admin/);
    });

    it('masks the userinfo of OLLAMA_HOST and the query string of OPENAI_BASE_URL', () => {
      const message = problemsOf({
        OLLAMA_HOST: 'ftp://ollama-user:ollama-pass@gpu-box:11434',
        OPENAI_BASE_URL: 'gopher://api.example.com/v1?key=sk-live-0123456789#frag',
      });
      expect(message).toContain('OLLAMA_HOST: must be an http(s) URL (got "ftp://***@gpu-box:11434")');
      expect(message).toContain(
        'OPENAI_BASE_URL: must be an http(s) URL (got "gopher://api.example.com/v1?***")',
      );
      expect(message).not.toMatch(/ollama-user|ollama-pass|sk-live|frag/);
    });

    it('shows nothing of a value that is not a URL at all (it may be a secret in the wrong place)', () => {
      const message = problemsOf({ DATABASE_URL: 'hunter2-secret' });
      expect(message).toContain('DATABASE_URL: must be a postgres:// URL (the value is not shown)');
      expect(message).not.toContain('hunter2');
    });

    it('names a bad AUDIT_HMAC_KEY or OPENAI_API_KEY and what is wrong, without any of its value', () => {
      const message = problemsOf({ AUDIT_HMAC_KEY: 'short-hmac-key', OPENAI_API_KEY: 'sk-proj-abc def\n' });
      expect(message).toContain(
        'AUDIT_HMAC_KEY: must be at least 32 characters (the value is a secret and is not shown)',
      );
      expect(message).toContain(
        'OPENAI_API_KEY: must be printable ASCII without spaces (the value is a secret and is not shown)',
      );
      expect(message).not.toMatch(/short-hmac|sk-proj|abc def/);
    });

    it('masks userinfo, query and fragment in any URL text', () => {
      expect(maskUrl('https://u:p@host/path?token=x#y')).toBe('https://***@host/path?***');
      expect(maskUrl('u:p@host')).toBe('***@host');
      expect(maskUrl('http://host:1/')).toBe('http://host:1/');
    });
  });

  it('reads POLICY_FILE alone, whatever else is wrong', () => {
    expect(policyFileFromEnvironment({ PORT: 'abc', POLICY_FILE: '/etc/pm/policy.json' })).toBe(
      '/etc/pm/policy.json',
    );
    expect(policyFileFromEnvironment({ PORT: 'abc' })).toBeUndefined();
  });
});

describe(ConfigModule.name, () => {
  it('provides AppConfig and the typed namespaces through @nestjs/config from an explicit environment', async () => {
    const before = { ...process.env };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ env: { PORT: '9100', POLICY_MESH_UNRELATED: 'x', OLLAMA_MODEL: 'qwen' } }),
      ],
    }).compile();
    expect(moduleRef.get(AppConfig).server.port).toBe(9100);
    const service = moduleRef.get<ConfigService<ConfigNamespaces, true>>(ConfigService);
    expect(service.get('ollama', { infer: true }).model).toBe('qwen');
    // The explicit record stays out of process.env, and process.env is not read.
    expect(process.env).toEqual(before);
    expect(service.get('PATH' as never)).toBeUndefined();
  });

  it('refuses an invalid environment with every bad variable', async () => {
    await expect(ConfigModule.forRoot({ env: { PORT: 'abc', LOG_LEVEL: 'loud' } })).rejects.toThrow(
      /PORT: must be a port number[\s\S]*LOG_LEVEL: must be one of/,
    );
  });

  it('takes over a config the entry point validated', async () => {
    const config = AppConfig.fromEnvironment({ HOST: '0.0.0.0' });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ config })],
    }).compile();
    expect(moduleRef.get(AppConfig).server.host).toBe('0.0.0.0');
  });
});
