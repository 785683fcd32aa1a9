// Where a pruned chain resumes: the last removed row's seq and hash, so what remains still verifies.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'audit_chain_checkpoints' })
export class ChainCheckpointEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'uuid' })
  chainId!: string;

  @Column({ name: 'pruned_through_seq', type: 'bigint' })
  prunedThroughSeq!: string;

  @Column({ name: 'pruned_through_hash', type: 'text' })
  prunedThroughHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
