// A bad environment stops the gateway with every bad variable named and no secret echoed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(90_000);

describe('gateway start with secrets in a bad environment (e2e)', () => {
  it('names each bad variable and what is wrong, exit 2, and prints none of the secrets', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gateway/src/main.ts'],
      {
        cwd: join(__dirname, '../../..'),
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: 'mysql://admin:db-password-123@db.internal:3306/pm',
          OLLAMA_HOST: 'ftp://gpu-user:gpu-password-456@gpu-box:11434',
          OPENAI_BASE_URL: 'gopher://api.example.com/v1?key=sk-live-query-789',
          OPENAI_API_KEY: 'sk-live-key with-a-space',
          AUDIT_HMAC_KEY: 'hmac-too-short-000',
          PORT: 'abc',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(2);
    for (const line of [
      'DATABASE_URL: must be a postgres:// URL (got "mysql://***@db.internal:3306/pm")',
      'OLLAMA_HOST: must be an http(s) URL (got "ftp://***@gpu-box:11434")',
      'OPENAI_BASE_URL: must be an http(s) URL (got "gopher://api.example.com/v1?***")',
      'OPENAI_API_KEY: must be printable ASCII without spaces (the value is a secret and is not shown)',
      'AUDIT_HMAC_KEY: must be at least 32 characters (the value is a secret and is not shown)',
      'PORT: must be a port number (0-65535) (got "abc")',
    ])
      expect(result.stderr).toContain(line);
    expect(result.stderr + result.stdout).not.toMatch(
      /admin|db-password|gpu-user|gpu-password|sk-live|query-789|with-a-space|hmac-too-short/,
    );
  });
});
