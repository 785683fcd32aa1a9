// The first hour on a fresh clone, as a newcomer lives it: `npm ci` installs cleanly, `npm start`
// answers with a one-line summary (no route mapping), a second start on the same port says so in
// one line, SIGTERM says "draining" then "stopped", a later start does not rebuild, the CLI starts
// as `policy-mesh --version`, and `npm run demo` gives demo answers for both tiers. Timings are
// printed by `npm run bench:first-run`, never asserted here.
import { join } from 'node:path';
import {
  type Clone,
  cloneRepository,
  newcomerEnv,
  randomPort,
  runSync,
  startScript,
  stopScript,
} from '../../support/fresh-clone';

jest.setTimeout(900_000);

describe('a fresh clone (e2e)', () => {
  let clone: Clone;

  beforeAll(() => {
    clone = cloneRepository();
  });

  afterAll(() => {
    clone?.remove();
  });

  it('installs with `npm ci` without engine warnings', () => {
    const install = runSync(clone.dir, 'npm', ['ci', '--no-audit', '--no-fund'], newcomerEnv());
    expect(install.stderr).not.toMatch(/EBADENGINE/);
    expect(install.status).toBe(0);
  });

  it('starts with `npm start`: one summary, a port clash in one line, draining and stopped', async () => {
    const port = randomPort();
    const env = newcomerEnv({ PORT: String(port) });
    const gateway = await startScript(clone.dir, ['start'], env, port);
    expect(gateway.readySeconds).not.toBeNull();
    await waitFor(() => /listening on/.test(gateway.output()));
    const output = gateway.output();
    expect(output).toContain(`listening on http://127.0.0.1:${port}, web UI at http://127.0.0.1:${port}/ui`);
    expect(output).toContain(`database: embedded PGlite in ${join(clone.dir, '.data')}/pglite`);
    expect(output).toMatch(/policy: built-in \(local-first\), version [0-9a-f]{12}/);
    expect(output).toContain('local: ollama at http://127.0.0.1:9 does not answer');
    expect(output).toContain(
      'cloud: openai at https://api.openai.com/v1 not configured (OPENAI_API_KEY unset)',
    );
    expect(output).not.toMatch(/Mapped \{/);

    // The same port again: one line naming the port and PORT, before any database work.
    const clash = runSync(clone.dir, 'node', ['dist/apps/gateway/src/main.js'], env);
    expect(clash.status).toBe(1);
    expect(clash.stdout).toBe('');
    expect(clash.stderr.trim().split('\n')).toEqual([
      `policy-mesh gateway: port ${port} on 127.0.0.1 is already in use: stop what is listening there, or set PORT to a free port (e.g. PORT=${port + 1})`,
    ]);

    await stopScript(gateway);
    const lines = gateway.output();
    const draining = lines.indexOf('SIGTERM: draining');
    expect(draining).toBeGreaterThan(-1);
    expect(lines.indexOf('"msg":"stopped: ', draining)).toBeGreaterThan(draining);
    expect(lines).toMatch(/"audit_events_written":0/);
  });

  it('starts again without rebuilding, and the CLI answers --version', async () => {
    const port = randomPort();
    const gateway = await startScript(clone.dir, ['start'], newcomerEnv({ PORT: String(port) }), port);
    expect(gateway.readySeconds).not.toBeNull();
    await stopScript(gateway);
    expect(gateway.output()).not.toMatch(/building dist|SWC/);
    const version = runSync(clone.dir, 'npm', ['run', '--silent', 'cli', '--', '--version'], newcomerEnv());
    expect(version.stdout.trim()).toBe('0.1.0');
  });

  it('runs `npm run demo`: demo answers from both tiers, and the CLI says what to do about the busy database', async () => {
    const port = randomPort();
    const env = newcomerEnv({
      PORT: String(port),
      FAKE_OPENAI_PORT: String(port + 1),
      FAKE_OLLAMA_PORT: String(port + 2),
    });
    const demo = await startScript(clone.dir, ['run', 'demo'], env, port);
    try {
      expect(demo.readySeconds).not.toBeNull();
      const ask = async (content: string) =>
        (await (
          await fetch(`http://127.0.0.1:${port}/v1/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ messages: [{ role: 'user', content }] }),
          })
        ).json()) as { provider: string; model: string; content: string };
      const cloud = await ask('What is the capital of France?');
      expect(cloud).toMatchObject({ provider: 'cloud', model: 'demo-gpt-4o-mini' });
      expect(cloud.content).toMatch(/^Demo answer/);
      const local = await ask('Summarise the confidential board minutes');
      expect(local).toMatchObject({ provider: 'local', model: 'demo-llama3.2' });

      const cli = runSync(
        clone.dir,
        'npm',
        ['run', '--silent', 'cli', '--', 'audit', 'list'],
        newcomerEnv({ DATA_DIR: join(clone.dir, '.data/demo') }),
      );
      expect(cli.status).toBe(1);
      expect(cli.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/held by process \d+ \(a running gateway\): read the audit trail through it/),
      ]);
    } finally {
      await stopScript(demo);
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 100));
}
