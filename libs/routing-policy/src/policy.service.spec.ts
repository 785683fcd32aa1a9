import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { PolicyService } from './policy.service';

function serviceFor(file: string): PolicyService {
  return new PolicyService(AppConfig.fromEnvironment({ POLICY_FILE: file }));
}

describe(PolicyService.name, () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pm-policy-service-'));
    file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['alpha'] } }));
  });

  it('uses the built-in policy when no file is configured', () => {
    const service = new PolicyService(AppConfig.fromEnvironment({}));
    expect(service.safeView().source).toBe('builtin');
    expect(service.decide([{ role: 'user', content: 'confidential' }]).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('refuses to start on an invalid file, naming the problem', () => {
    writeFileSync(file, JSON.stringify({ cost: { chars_per_token: 'four' } }));
    expect(() => serviceFor(file)).toThrow(/cost\.chars_per_token: must be an integer > 0/);
  });

  it('swaps in a valid new policy on reload', () => {
    const service = serviceFor(file);
    const before = service.current().version;
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['beta'] } }));
    const result = service.reload();
    expect(result).toEqual({ ok: true, version: expect.not.stringMatching(before) as string });
    expect(service.decide([{ role: 'user', content: 'beta' }]).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('keeps the previous policy when the new file is invalid, and tells listeners', () => {
    const service = serviceFor(file);
    const before = service.current().version;
    const seen: boolean[] = [];
    service.onReload((result) => seen.push(result.ok));
    writeFileSync(file, '{ broken');
    const result = service.reload();
    expect(result.ok).toBe(false);
    expect(service.current().version).toBe(before);
    expect(service.decide([{ role: 'user', content: 'alpha' }]).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
    expect(seen).toEqual([false]);
  });

  it('reloads by itself when the file is replaced', async () => {
    const service = serviceFor(file);
    service.onModuleInit();
    try {
      const reloaded = new Promise<string>((resolve) =>
        service.onReload((result) => result.ok && resolve(result.version)),
      );
      writeFileSync(join(dir, 'next.json'), JSON.stringify({ sensitivity: { keywords: ['gamma'] } }));
      renameSync(join(dir, 'next.json'), file);
      await reloaded;
      expect(service.decide([{ role: 'user', content: 'gamma' }]).reason_codes).toEqual([
        'sensitive_keyword_match',
      ]);
    } finally {
      service.onModuleDestroy();
    }
  });

  it('reloads on SIGHUP', () => {
    const service = serviceFor(file);
    service.onModuleInit();
    try {
      writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['delta'] } }));
      process.emit('SIGHUP', 'SIGHUP');
      expect(service.decide([{ role: 'user', content: 'delta' }]).reason_codes).toEqual([
        'sensitive_keyword_match',
      ]);
    } finally {
      service.onModuleDestroy();
    }
  });
});
