import {
  base62,
  generateApiKey,
  looksLikeApiKey,
  PUBLIC_PREFIX_LENGTH,
  publicPrefix,
} from './api-key-format';

describe('API key format', () => {
  it('makes pm_ and 43 base62 characters from 32 random bytes, different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^pm_[0-9A-Za-z]{43}$/);
      expect(looksLikeApiKey(key)).toBe(true);
    }
  });

  it('encodes the extremes of 32 bytes in exactly 43 characters', () => {
    expect(base62(Buffer.alloc(32, 0))).toBe('0'.repeat(43));
    expect(base62(Buffer.alloc(32, 0xff))).toHaveLength(43);
  });

  it('shows pm_ and 8 characters as the public prefix', () => {
    const key = generateApiKey();
    expect(PUBLIC_PREFIX_LENGTH).toBe(11);
    expect(publicPrefix(key)).toBe(key.slice(0, 11));
  });

  it('tells other values from keys', () => {
    for (const value of ['sk-abc', 'pm_short', `pm_${'a'.repeat(42)}!`, `PM_${'a'.repeat(43)}`])
      expect(looksLikeApiKey(value)).toBe(false);
  });
});
