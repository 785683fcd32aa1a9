// One API key as stored: its keyed hash and a short public prefix, never the key itself. The key
// logic (format, hashing, scopes, limits) is libs/identity's; the row lives here because this lib
// owns the one DataSource and its migrations (docs/DECISIONS.md, "API keys").
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { asNumber } from '../audit-event.entity';

@Entity({ name: 'api_keys' })
@Index('api_keys_name_idx', ['name'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The first characters of the key (`pm_` and 8 more): shown in lists, useless to authenticate. */
  @Index('api_keys_prefix_idx')
  @Column({ type: 'text' })
  prefix!: string;

  /** HMAC-SHA-256 of the whole key with a server key derived from AUDIT_HMAC_KEY (hex). */
  @Index('api_keys_key_hash_key', { unique: true })
  @Column({ type: 'text' })
  key_hash!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  /** Requests per minute; null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  rpm!: number | null;

  /** Tokens (input + output) per minute; null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  tpm!: number | null;

  /** The key's own cloud budget per UTC day; null = none. */
  @Column({ type: 'numeric', precision: 18, scale: 10, nullable: true, transformer: asNumber })
  daily_cloud_usd!: number | null;

  /** Nothing this key sends may reach the cloud. */
  @Column({ type: 'boolean', default: false })
  local_only!: boolean;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expires_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revoked_at!: Date | null;

  /** Updated at most once a minute per replica. */
  @Column({ type: 'timestamptz', nullable: true })
  last_used_at!: Date | null;

  /** The key that replaced this one by rotation (this one lives until its grace period ends). */
  @Column({ type: 'uuid', nullable: true })
  replaced_by!: string | null;
}
