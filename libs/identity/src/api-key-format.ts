// What an API key looks like: `pm_` and 32 random bytes in base62 (43 characters), so it is
// recognisable in a leaked file and carries 256 bits. The first 8 characters after `pm_` are its
// public prefix: shown in lists to tell keys apart, never enough to authenticate.
import { randomBytes } from 'node:crypto';

export const API_KEY_MARK = 'pm_';
/** `pm_` and 8 characters: what lists, the API and the CLI show of a key. */
export const PUBLIC_PREFIX_LENGTH = API_KEY_MARK.length + 8;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 32 bytes in base62 always fit in 43 characters (62^43 > 2^256); shorter values are zero-padded. */
const BODY_LENGTH = 43;

export function base62(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let text = '';
  while (value > 0n) {
    text = BASE62[Number(value % 62n)]! + text;
    value /= 62n;
  }
  return text.padStart(BODY_LENGTH, '0');
}

/** A new key, shown once to whoever created it. */
export function generateApiKey(): string {
  return `${API_KEY_MARK}${base62(randomBytes(32))}`;
}

export function publicPrefix(key: string): string {
  return key.slice(0, PUBLIC_PREFIX_LENGTH);
}

/** A value shaped like one of our keys (what is worth a lookup at all). */
export function looksLikeApiKey(value: string): boolean {
  return value.length === API_KEY_MARK.length + BODY_LENGTH && /^pm_[0-9A-Za-z]+$/.test(value);
}
