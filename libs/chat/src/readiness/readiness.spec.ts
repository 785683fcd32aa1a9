import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditDatabase, AuditWriter } from '@app/audit';
import { AppConfig } from '@app/config';
import { InMemoryProvider } from '../../test/chat-test-kit';
import { AuditChecks } from './audit-checks';
import { ProviderProbe } from './provider-probe';
import { readinessStatus, type DatabaseCheck, type SpoolCheck } from './readiness-report';

const database = (status: 'up' | 'down', pending: string[] = []): DatabaseCheck => ({
  status,
  embedded: false,
  pending_migrations: pending,
  detail: null,
});
const spool = (status: 'up' | 'down', spooled = 0): SpoolCheck => ({
  status,
  spooled_events: spooled,
  queue_depth: 0,
  detail: null,
});

describe('readinessStatus', () => {
  it.each([
    ['the database takes rows and nothing waits', 'ready', database('up'), spool('up')],
    ['a spool waits for replay', 'degraded', database('up'), spool('up', 3)],
    ['the database is away but the spool takes rows', 'degraded', database('down'), spool('up')],
    ['migrations are pending (rows spool)', 'degraded', database('up', ['AddColumn1']), spool('up')],
    ['the spool could not take a batch, the database can', 'degraded', database('up'), spool('down')],
    ['neither can take a row', 'not_ready', database('down'), spool('down')],
    [
      'the database is behind and the spool unwritable',
      'not_ready',
      database('up', ['AddColumn1']),
      spool('down'),
    ],
  ] as const)('%s: %s', (_label, expected, databaseCheck, spoolCheck) => {
    expect(readinessStatus({ database: databaseCheck, audit_spool: spoolCheck })).toBe(expected);
  });
});

describe(AuditChecks.name, () => {
  const checksFor = (spoolDir: string) =>
    new AuditChecks(
      AppConfig.fromEnvironment({ AUDIT_SPOOL_DIR: spoolDir }),
      {} as AuditDatabase,
      { stats: () => ({ queueDepth: 2, spooledEvents: 0, chainId: 'c' }) } as unknown as AuditWriter,
    );

  it('finds a spool folder that does not exist yet writable, when it can be made', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pm-spool-check-')), 'not', 'yet');
    expect(checksFor(dir).spoolCheck()).toEqual({
      status: 'up',
      spooled_events: 0,
      queue_depth: 2,
      detail: null,
    });
  });

  it('finds a spool folder that cannot be made unwritable', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pm-spool-check-')), 'file');
    writeFileSync(file, 'x');
    expect(checksFor(file).spoolCheck()).toMatchObject({ status: 'down', detail: `${file} is not a folder` });
    expect(checksFor(join(file, 'spool')).spoolCheck()).toMatchObject({
      status: 'down',
      detail: 'spool folder not writable (ENOTDIR)',
    });
  });
});

describe(ProviderProbe.name, () => {
  class SlowProvider extends InMemoryProvider {
    probes = 0;
    release: () => void = () => undefined;

    override health() {
      this.probes += 1;
      return new Promise<{ status: 'down'; detail: string }>((resolve) => {
        this.release = () => resolve({ status: 'down', detail: 'unreachable' });
      });
    }
  }

  it('reports unknown while the first probe is slower than the wait, then its answer', async () => {
    const provider = new SlowProvider('local');
    const seen: string[] = [];
    const probe = new ProviderProbe(provider, (check) => seen.push(check.status));
    await expect(probe.check(10)).resolves.toMatchObject({ status: 'unknown', upstream: 'ollama' });
    provider.release();
    await expect(probe.check(10)).resolves.toEqual({
      status: 'down',
      upstream: 'ollama',
      detail: 'unreachable',
    });
    expect(seen).toEqual(['down']);
    expect(provider.probes).toBe(1);
  });

  it('asks the provider at most once while its last answer is fresh', async () => {
    const provider = new InMemoryProvider('cloud');
    const health = jest.spyOn(provider, 'health');
    const probe = new ProviderProbe(provider, () => undefined);
    for (let index = 0; index < 3; index += 1)
      await expect(probe.check()).resolves.toEqual({ status: 'up', upstream: 'openai', detail: null });
    expect(health).toHaveBeenCalledTimes(1);
  });
});
