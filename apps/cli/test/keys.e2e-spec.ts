// `policy-mesh keys …` against a gateway that requires keys, on one database: the bootstrap path
// (`keys create --admin` on a fresh installation), --json equal to the API's bodies, revocation,
// rotation, and the audit's per-key filter and stats.
import request from 'supertest';
import { type GatewayHarness, startGateway } from '../../../test/support/gateway-harness';
import { runCli } from './cli-harness';

// Starting a gateway on a private database takes seconds on a busy machine.
jest.setTimeout(60_000);

describe('policy-mesh keys (e2e)', () => {
  let harness: GatewayHarness;
  const cli = (args: string[]) => runCli(args, harness.env);

  beforeAll(async () => {
    harness = await startGateway('cli_keys', { env: { AUTH_MODE: 'keys' } });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('bootstraps an admin key on a fresh installation, printed once, usable at once', async () => {
    await request(harness.url).get('/v1/keys').expect(401);
    const created = await cli(['keys', 'create', '--admin']);
    expect(created.exitCode).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^pm_[0-9A-Za-z]{43}$/);
    expect(created.stderr).toContain('"admin" (chat, admin)');
    expect(created.stderr).toContain('it is not shown again');

    const api = await request(harness.url).get('/v1/keys').set('authorization', `Bearer ${key}`).expect(200);
    const listed = await cli(['keys', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual(api.body);
    expect(listed.stdout).not.toContain(key);
    const table = await cli(['keys', 'list']);
    expect(table.stdout).toContain(key.slice(0, 11));
    expect(table.stdout).not.toContain(key.slice(0, 12));
  });

  it('creates a limited local-only key, shows, rotates and revokes it, and filters the audit by it', async () => {
    const created = JSON.parse(
      (
        await cli([
          'keys',
          'create',
          '--name',
          'hr-tool',
          '--local-only',
          '--rpm',
          '60',
          '--daily-cloud-usd',
          '2.5',
          '--json',
        ])
      ).stdout,
    );
    expect(created).toMatchObject({
      name: 'hr-tool',
      scopes: ['chat'],
      rpm: 60,
      daily_cloud_usd: 2.5,
      local_only: true,
      status: 'active',
    });
    const answer = await request(harness.url)
      .post('/v1/chat')
      .set('x-api-key', created.key)
      .send({ messages: [{ role: 'user', content: 'hello' }] })
      .expect(200);
    expect(answer.body.reason_codes).toEqual(['key_local_only']);

    const shown = JSON.parse((await cli(['keys', 'show', created.prefix])).stdout);
    expect(shown).toMatchObject({ id: created.id, name: 'hr-tool' });
    expect(shown.key).toBeUndefined();

    const audit = JSON.parse((await cli(['audit', 'list', '--key', 'hr-tool', '--json'])).stdout);
    expect(audit.items.map((row: { key_id: string }) => row.key_id)).toEqual([created.id]);
    const stats = JSON.parse((await cli(['audit', 'stats', '--key', created.id, '--json'])).stdout);
    expect(stats.by_key).toEqual([{ key_id: created.id, name: 'hr-tool', requests: 1, cost_usd: 0 }]);

    const rotated = await cli(['keys', 'rotate', created.id, '--grace', '0s', '--json']);
    const rotation = JSON.parse(rotated.stdout);
    expect(rotation.key).toMatchObject({ name: 'hr-tool', local_only: true, rpm: 60 });
    expect(rotation.previous).toMatchObject({ id: created.id, status: 'expired' });

    const revoked = await cli(['keys', 'revoke', rotation.key.id]);
    expect(revoked).toMatchObject({ exitCode: 0 });
    expect(revoked.stdout).toContain(`revoked ${rotation.key.prefix}`);
    await request(harness.url)
      .post('/v1/chat')
      .set('x-api-key', rotation.key.key)
      .send({ messages: [{ role: 'user', content: 'hello' }] })
      .expect(401);
  });

  it('refuses bad options with exit 2, and an unknown key with exit 1', async () => {
    expect((await cli(['keys', 'create', '--name', 'x', '--rpm', 'many'])).exitCode).toBe(2);
    expect((await cli(['keys', 'create'])).exitCode).toBe(2);
    const missing = await cli(['keys', 'revoke', 'no-such-key']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no API key matches "no-such-key"');
  });
});
