// The tamper-evident chain: each row's hash is an HMAC (with the chain key, which is not in the
// database) over the previous row's hash and the RFC 8785 (JCS) form of every other field of the
// row. Changing, removing or slipping in a row breaks the chain from that point on, and nobody
// without the key can compute a replacement chain.
//   hash = hex(HMAC-SHA-256(chain_key, prev_hash || "\n" || JCS(row minus id, prev_hash, hash)))
// Columns added after the chain began (key_id) join the input only when set, so rows written
// before they existed verify as they were written; setting or clearing one still breaks the hash.
import type { AuditRow, ChainedFields } from '../audit-row';
import { hmacHex, jcs } from '../keys/audit-keys';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash a row must carry (a `hash` field on the row given is not part of its input). */
export function rowHash(key: Buffer, row: Omit<AuditRow, 'hash'> & { hash?: string }): string {
  const { prev_hash: prevHash, hash: _hash, key_id: keyId, ...fields } = row;
  const chained: Omit<ChainedFields, 'key_id'> & { key_id?: string } =
    keyId === null ? fields : { ...fields, key_id: keyId };
  return hmacHex(key, prevHash, '\n', jcs(chained));
}
