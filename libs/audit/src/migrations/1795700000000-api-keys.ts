import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys (hash and public prefix only), and the calling key's id on every audit row. */
export class ApiKeys1795700000000 implements MigrationInterface {
  name = 'ApiKeys1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_keys" (
      "id" uuid NOT NULL,
      "name" text NOT NULL,
      "prefix" text NOT NULL,
      "key_hash" text NOT NULL,
      "scopes" text array NOT NULL,
      "rpm" integer,
      "tpm" integer,
      "daily_cloud_usd" numeric(18,10),
      "local_only" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "replaced_by" uuid,
      CONSTRAINT "PK_api_keys_id" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash")`);
    await queryRunner.query(`CREATE INDEX "api_keys_prefix_idx" ON "api_keys" ("prefix")`);
    await queryRunner.query(`CREATE INDEX "api_keys_name_idx" ON "api_keys" ("name")`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "key_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_key_created_at_idx" ON "audit_events" ("key_id", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "audit_events_key_created_at_idx"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "key_id"`);
    await queryRunner.query(`DROP INDEX "api_keys_name_idx"`);
    await queryRunner.query(`DROP INDEX "api_keys_prefix_idx"`);
    await queryRunner.query(`DROP INDEX "api_keys_key_hash_key"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
