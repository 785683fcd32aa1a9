// The api_keys table, question by question. libs/identity binds its ApiKeyStore port to this class
// and keeps every rule about keys; this only reads and writes rows.
import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { AuditDatabase } from '../database/audit-database';
import { ApiKeyEntity } from './api-key.entity';

/** A stored key row. */
export type ApiKeyRow = ApiKeyEntity;

@Injectable()
export class ApiKeyTable {
  constructor(private readonly database: AuditDatabase) {}

  async insert(row: ApiKeyRow): Promise<void> {
    await (await this.repository()).insert(row);
  }

  async findByHash(keyHash: string): Promise<ApiKeyRow | null> {
    return (await this.repository()).findOneBy({ key_hash: keyHash });
  }

  async findById(id: string): Promise<ApiKeyRow | null> {
    return (await this.repository()).findOneBy({ id });
  }

  /** Every key with this public prefix or name (a name may repeat: rotation keeps it). */
  async findByPrefixOrName(text: string): Promise<ApiKeyRow[]> {
    return (await this.repository()).find({
      where: [{ prefix: text }, { name: text }],
      order: { created_at: 'DESC' },
    });
  }

  /** Every key, newest first. */
  async list(): Promise<ApiKeyRow[]> {
    return (await this.repository()).find({ order: { created_at: 'DESC' } });
  }

  /** Sets revoked_at unless the key was revoked already; true when this call revoked it. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const dataSource = await this.database.connection();
    // TypeORM answers an UPDATE on Postgres with [rows, affected row count].
    const [, affected] = await dataSource.query<[unknown[], number]>(
      `UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [id, at],
    );
    return affected > 0;
  }

  /** Ends a rotated key's life at `expiresAt` (never later than it already ends) and links its successor. */
  async retire(id: string, expiresAt: Date, replacedBy: string): Promise<void> {
    const dataSource = await this.database.connection();
    await dataSource.query(
      `UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, $2), $2), replaced_by = $3 WHERE id = $1`,
      [id, expiresAt, replacedBy],
    );
  }

  async touch(id: string, at: Date): Promise<void> {
    const dataSource = await this.database.connection();
    await dataSource.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, [id, at]);
  }

  private async repository(): Promise<Repository<ApiKeyEntity>> {
    return (await this.database.connection()).getRepository(ApiKeyEntity);
  }
}
