import { AppConfig } from './app-config';
import { ConfigInvalidError } from './config.error';

describe(AppConfig.name, () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.server).toEqual({
      port: 8000,
      host: '127.0.0.1',
      bodyLimitBytes: 1_048_576,
      shutdownGraceMs: 25_000,
    });
    expect(config.database.url).toBeUndefined();
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.ollama).toEqual({ host: 'http://127.0.0.1:11434', model: 'llama3.2' });
    expect(config.openai).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: undefined,
      model: 'gpt-4o-mini',
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
      NODE_ENV: 'development',
    });
    expect(config.server.port).toBe(9000);
    expect(config.database).toEqual({ url: 'postgres://u@db:5432/pm', migrateOnStart: false });
    expect(config.audit.durability).toBe('async');
    expect(config.providerTimeoutMs).toBe(5000);
    expect(config.prettyLogs).toBe(true);
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
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigInvalidError);
    const problems = (caught as ConfigInvalidError).problems.join('\n');
    expect(problems).toMatch(/^PORT: must be a port number/m);
    expect(problems).toMatch(/^AUDIT_DURABILITY: must be commit or async/m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(problems).toMatch(/^OLLAMA_HOST: must be an http\(s\) URL/m);
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
});
