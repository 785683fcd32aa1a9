import * as fc from 'fast-check';
import { KeywordMatcher } from './keyword-matcher';

describe(KeywordMatcher.name, () => {
  it('counts overlapping and nested keywords in one pass', () => {
    const matcher = new KeywordMatcher(['he', 'she', 'his', 'hers']);
    expect(matcher.countMatches('ushers')).toBe(3); // she, he, hers
  });

  it('finds nothing with no keywords and ignores empty keywords', () => {
    expect(new KeywordMatcher([]).countMatches('anything')).toBe(0);
    expect(new KeywordMatcher(['']).countMatches('anything')).toBe(0);
  });

  it('matches substrings, as the original did', () => {
    expect(new KeywordMatcher(['secret']).countMatches('top-secretly')).toBe(1);
  });

  it('matches raw ASCII text whatever its case, and declines text with other characters', () => {
    const matcher = new KeywordMatcher(['secret', 'top-secret']);
    expect(matcher.countAsciiMatches('A TOP-SECRET plan, Secret too')).toBe(3);
    expect(matcher.countAsciiMatches('a secret caf\u00e9')).toBeUndefined();
    expect(new KeywordMatcher([]).countAsciiMatches('SECRET')).toBe(0);
  });

  it('counts the same on raw ASCII text as on its lower-cased form', () => {
    const matcher = new KeywordMatcher(['ab', 'bab', 'a-b', 'zz']);
    fc.assert(
      fc.property(fc.stringMatching(/^[abzAB -]{0,40}$/), (text) => {
        expect(matcher.countAsciiMatches(text)).toBe(matcher.countMatches(text.toLowerCase()));
      }),
    );
  });

  it('counts a run of whitespace in raw ASCII text as one space, and a keyword ending there once', () => {
    const matcher = new KeywordMatcher(['project falcon', 'ai ']);
    expect(matcher.countAsciiMatches('Project \t\r\n  FALCON')).toBe(1);
    expect(matcher.countAsciiMatches('ai     ai\n\n\n')).toBe(2);
    expect(matcher.countMatches('project falcon, ai ')).toBe(2);
  });

  it('finds keywords beyond ASCII, sharing prefixes and failure links', () => {
    const matcher = new KeywordMatcher(['çà', 'àb', 'ççà', '日本']);
    expect(matcher.countMatches('xççàb 日本日本')).toBe(5); // ççà, çà, àb, 日本 twice
    expect(matcher.countAsciiMatches('xççàb')).toBeUndefined();
  });

  it('handles ten thousand keywords', () => {
    const keywords = Array.from({ length: 10_000 }, (_, index) => `kw${index}x`);
    const matcher = new KeywordMatcher(keywords);
    expect(matcher.size).toBe(10_000);
    expect(matcher.countMatches('nothing here but kw9999x and kw42x')).toBe(2);
    expect(matcher.countAsciiMatches('nothing here but KW9999X and kw42x')).toBe(2);
  });
});
