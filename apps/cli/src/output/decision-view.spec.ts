import { decide, loadBuiltinPolicy } from '@app/routing-policy';
import { decisionLines, formatUsd, ruleVerdicts } from './decision-view';

describe('decision view', () => {
  it('marks the first matching rule as deciding and the later ones as not deciding or not reached', () => {
    const decision = decide(
      [{ role: 'user', content: 'confidential, mail jane@example.com' }],
      loadBuiltinPolicy(),
    );
    expect(ruleVerdicts(decision.trace.rules)).toEqual([
      'decides',
      'also true (not deciding)',
      'not reached',
      'also true (not deciding)',
      'also true (not deciding)',
    ]);
    const text = decisionLines(decision).join('\n');
    expect(text).toContain('keywords configured: 3 · keyword matches: 1');
    expect(text).not.toMatch(/[{}]/);
  });

  it('prints dollars without exponent notation', () => {
    expect([formatUsd(25), formatUsd(0.00001), formatUsd(0.0000104)]).toEqual([
      '$25',
      '$0.00001',
      '$0.0000104',
    ]);
  });
});
