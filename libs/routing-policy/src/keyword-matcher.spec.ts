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

  it('handles ten thousand keywords', () => {
    const keywords = Array.from({ length: 10_000 }, (_, index) => `kw${index}x`);
    const matcher = new KeywordMatcher(keywords);
    expect(matcher.size).toBe(10_000);
    expect(matcher.countMatches('nothing here but kw9999x and kw42x')).toBe(2);
  });
});
