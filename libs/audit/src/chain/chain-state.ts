// This process's chain: one id per writer process (replicas never contend), consecutive seq, and
// the last hash. Only the writer's flush loop calls next(), in order.
import { v7 as uuidv7 } from 'uuid';
import { storedFields, type AuditEventInput, type AuditRow } from '../audit-row';
import { GENESIS_HASH, rowHash } from './row-hash';

export class ChainState {
  readonly chainId = uuidv7();
  private seq = 0;
  private lastHash = GENESIS_HASH;

  constructor(private readonly key: () => Buffer) {}

  next(event: AuditEventInput): AuditRow {
    this.seq += 1;
    const row: Omit<AuditRow, 'hash'> = {
      ...storedFields(event),
      chain_id: this.chainId,
      seq: this.seq,
      prev_hash: this.lastHash,
    };
    const hash = rowHash(this.key(), row);
    this.lastHash = hash;
    return { ...row, hash };
  }
}
