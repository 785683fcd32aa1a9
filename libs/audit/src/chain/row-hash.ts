// The tamper-evident chain: each row's hash covers the previous row's hash and every field of the
// row, so changing, removing or slipping in a row breaks the chain from that point on.
import { createHash } from 'node:crypto';
import type { AuditRow } from '../audit-event.types';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const { prev_hash: prevHash, ...fields } = row;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

export function toCostString(cost: number | null): string | null {
  return cost === null ? null : cost.toFixed(10);
}
