// The chain's two kinds of record besides its rows, each MAC'd with the anchor key so that whoever
// writes to the database without the key can neither invent one nor move one:
// - a prune: where a chain resumes after `audit prune` removed its oldest rows;
// - a gap: sequence numbers taken by a batch that was never written anywhere (its requests were
//   answered 503), so verify tells an honest gap from a removed row.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { asNumber } from '../audit-event.entity';

@Entity({ name: 'audit_chain_prunes' })
export class ChainPruneEntity {
  @PrimaryColumn({ type: 'uuid' })
  chain_id!: string;

  @Column({ type: 'bigint', transformer: asNumber })
  pruned_through_seq!: number;

  @Column({ type: 'text' })
  pruned_through_hash!: string;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;

  @Column({ type: 'text' })
  mac!: string;
}

@Entity({ name: 'audit_chain_gaps' })
export class ChainGapEntity {
  @PrimaryColumn({ type: 'uuid' })
  chain_id!: string;

  @PrimaryColumn({ type: 'bigint', transformer: asNumber })
  from_seq!: number;

  @Column({ type: 'bigint', transformer: asNumber })
  through_seq!: number;

  /** The hash the first missing row was chained on. */
  @Column({ type: 'text' })
  prev_hash!: string;

  /** The hash of the last missing row: the next row's prev_hash. */
  @Column({ type: 'text' })
  through_hash!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'text' })
  mac!: string;
}
