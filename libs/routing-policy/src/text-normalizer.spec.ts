import { CONFUSABLE_PAIRS, CONFUSABLES_VERSION } from './confusables.data';
import { foldText, normalizeText } from './text-normalizer';

const ALL = { strip_marks: true, confusables: true };
const NONE = { strip_marks: false, confusables: false };

describe(foldText.name, () => {
  it('collapses every run of whitespace to one space', () => {
    expect(foldText('project\nfalcon  and\t\r\n x\u00a0\u3000y', NONE)).toBe('project falcon and x y');
  });

  it('folds the Turkish dotted capital I whatever the options', () => {
    expect(foldText('CONF\u0130DENT\u0130AL', NONE)).toBe('confidential');
  });

  it('strips combining marks, precomposed or not, astral ones too', () => {
    expect(foldText('c\u0301onf\u00efdential \u00c9t\u00e9 a\u{1d167}b', ALL)).toBe('confidential ete ab');
    expect(foldText('c\u0301onfidential', NONE)).toBe('\u0107onfidential'); // NFKC composes it
  });

  it('maps look-alike letters of other scripts to their prototype', () => {
    expect(foldText('\u0441\u03bfnfid\u0435nti\u0430l', ALL)).toBe('confidential');
    expect(foldText('\u0441\u03bfnfid\u0435nti\u0430l', NONE)).not.toBe('confidential');
  });

  it('leaves ASCII as it is but for case and whitespace', () => {
    const ascii = 'Rn 1l0O |I c0nfidential';
    expect(foldText(ascii, ALL)).toBe(ascii.toLowerCase());
  });

  it('keeps what detectors see case-sensitive and unfolded', () => {
    expect(normalizeText('ＳＫ-Key\u200b  Two')).toBe('SK-Key  Two');
  });
});

describe('confusables table', () => {
  it('is TR39 17.0.0, non-ASCII sources only, lower-case targets', () => {
    expect(CONFUSABLES_VERSION).toBe('17.0.0');
    expect(CONFUSABLE_PAIRS.length).toBeGreaterThan(6000);
    expect(CONFUSABLE_PAIRS.every(([source]) => source.codePointAt(0)! >= 0x80)).toBe(true);
    expect(CONFUSABLE_PAIRS.every(([, target]) => target === target.toLowerCase())).toBe(true);
    expect(new Map(CONFUSABLE_PAIRS).get('\u0430')).toBe('a');
  });
});
