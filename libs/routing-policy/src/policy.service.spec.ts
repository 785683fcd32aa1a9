import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { POLICY_LIMITS } from './policy-limits';
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
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['alpha'] }, cost: {} }));
  });

  it('uses the built-in policy when no file is configured', () => {
    const service = new PolicyService(AppConfig.fromEnvironment({}));
    expect(service.safeView().source).toBe('builtin');
    expect(service.decide([{ role: 'user', content: 'confidential' }]).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('refuses to start on an invalid file, naming the problem', () => {
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: [] }, cost: { chars_per_token: 'four' } }));
    expect(() => serviceFor(file)).toThrow(/cost\.chars_per_token: must be an integer > 0/);
  });

  it('swaps in a valid new policy on reload', () => {
    const service = serviceFor(file);
    const before = service.current().version;
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['beta'] }, cost: {} }));
    const result = service.reload();
    expect(result).toEqual({ ok: true, version: expect.not.stringMatching(before) as string, warnings: [] });
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

  it('refuses a reload over the keyword limit and keeps serving the previous policy', () => {
    const service = serviceFor(file);
    const before = service.current().version;
    const keywords = Array.from({ length: POLICY_LIMITS.keywords + 1 }, (_, index) => `k${index}`);
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords }, cost: {} }));
    const result = service.reload('SIGHUP');
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/must hold at most/) as string });
    expect(service.current().version).toBe(before);
    expect(service.decide([{ role: 'user', content: 'alpha' }]).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('reports unknown keys of a reloaded file as warnings', () => {
    const service = serviceFor(file);
    writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['beta'], keyword: ['x'] }, cost: {} }));
    expect(service.reload()).toMatchObject({
      ok: true,
      warnings: ['sensitivity.keyword: unknown key, ignored; did you mean `keywords`?'],
    });
    expect(service.safeView().warnings).toHaveLength(1);
  });

  it('logs the unknown keys of the policy it starts with', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      writeFileSync(file, JSON.stringify({ sensitivity: { keywords: ['a'] }, cost: {}, fallbak: {} }));
      serviceFor(file).onModuleInit();
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ warnings: ['fallbak: unknown key, ignored; did you mean `fallback`?'] }),
        'policy has unknown keys (ignored)',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('wires no signal and no file watch of its own (the gateway does)', () => {
    const before = process.listenerCount('SIGHUP');
    const service = serviceFor(file);
    service.onModuleInit();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
