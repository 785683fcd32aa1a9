import { DETECTOR_NAMES, passesIbanChecksum, passesLuhn, runDetectors } from './pii-detectors';
import type { DetectorName } from './pii-detectors';

const fired = (text: string, detector: DetectorName) => runDetectors(text, [detector])[detector] ?? 0;

describe('PII detectors', () => {
  const cases: [DetectorName, string[], string[]][] = [
    [
      'email',
      ['write to jane.doe+tag@mail.example.co.uk now'],
      ['an @mention and user@localhost', 'foo@bar'],
    ],
    [
      'payment_card',
      ['card 4111 1111 1111 1111 exp 12/29', 'pay with 5500-0000-0000-0004'],
      ['order 4111 1111 1111 1112', 'id 0000000000000000', 'phone 1234567890123'],
    ],
    [
      'iban',
      ['IBAN GB82 WEST 1234 5698 7654 32 please', 'DE89370400440532013000'],
      ['GB82 WEST 1234 5698 7654 33', 'AB12 CDEF GHIJ KLMN'],
    ],
    ['us_ssn', ['my ssn is 123-45-6789'], ['000-12-3456', '123-00-4567', 'version 1.2.3', '2026-11-23']],
    [
      'phone',
      ['call +1 (415) 555-2671 today', 'ring 030 1234 5678', 'whatsapp +4915112345678'],
      ['version 10.2.3', 'on 2026-11-23 at 10:30', 'total 1234'],
    ],
    [
      'openai_key',
      ['key sk-proj-abcdefghijklmnopqrstuvwxyz012345'],
      ['a task-list with sk-short', 'risk-assessment'],
    ],
    ['aws_access_key', ['AKIAIOSFODNN7EXAMPLE is the key'], ['AKIA is an acronym', 'akiaiosfodnn7example']],
    ['github_token', ['token ghp_' + 'a'.repeat(36)], ['ghp_short', 'github_pat_tiny']],
    [
      'private_key',
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', '-----BEGIN PRIVATE KEY-----'],
      ['-----BEGIN PUBLIC KEY-----', 'BEGIN PRIVATE KEY'],
    ],
    [
      'jwt',
      ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
      ['eyJ alone', 'a.b.c'],
    ],
  ];

  describe.each(cases)('%s', (detector, positives, negatives) => {
    it.each(positives)('fires on %j', (text) => expect(fired(text, detector)).toBeGreaterThan(0));
    it.each(negatives)('stays quiet on %j', (text) => expect(fired(text, detector)).toBe(0));
  });

  it('counts every occurrence and reports only detectors that fired', () => {
    expect(runDetectors('a@b.io and c@d.io, ssn 123-45-6789', DETECTOR_NAMES)).toEqual({
      email: 2,
      us_ssn: 1,
    });
  });

  it('checks Luhn and mod-97 checksums', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesIbanChecksum('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanChecksum('GB82WEST12345698765433')).toBe(false);
  });
});
