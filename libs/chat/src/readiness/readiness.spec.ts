import type { AuditDatabaseCheck, AuditHealth, AuditSpoolCheck } from '@app/audit';
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
  const checksFor = (facts: { database?: Partial<AuditDatabaseCheck>; spool?: Partial<AuditSpoolCheck> }) =>
    new AuditChecks({
      databaseCheck: () =>
        Promise.resolve({ reachable: true, embedded: false, pending_migrations: [], ...facts.database }),
      spoolCheck: () => ({
        writable: true,
        spooled_events: 0,
        queue_depth: 2,
        quarantined_lines: 0,
        ...facts.spool,
      }),
    } as AuditHealth);

  it('reports a reachable, migrated database and an empty writable spool as up', async () => {
    const checks = checksFor({});
    await expect(checks.databaseCheck()).resolves.toEqual({
      status: 'up',
      embedded: false,
      pending_migrations: [],
      detail: null,
    });
    expect(checks.spoolCheck()).toEqual({ status: 'up', spooled_events: 0, queue_depth: 2, detail: null });
  });

  it('names pending migrations and events waiting in the spool', async () => {
    const checks = checksFor({
      database: { pending_migrations: ['AuditErrorCode1795600000000'] },
      spool: { spooled_events: 3 },
    });
    await expect(checks.databaseCheck()).resolves.toMatchObject({
      status: 'up',
      detail: 'pending migrations: AuditErrorCode1795600000000',
    });
    expect(checks.spoolCheck()).toMatchObject({
      status: 'up',
      detail: '3 event(s) waiting for the database',
    });
  });

  it('reports an unreachable database and an unwritable spool as down, with their reasons', async () => {
    const checks = checksFor({
      database: { reachable: false, detail: 'connect ECONNREFUSED' },
      spool: { writable: false, detail: 'EACCES: permission denied' },
    });
    await expect(checks.databaseCheck()).resolves.toMatchObject({
      status: 'down',
      detail: 'connect ECONNREFUSED',
    });
    expect(checks.spoolCheck()).toMatchObject({ status: 'down', detail: 'EACCES: permission denied' });
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
