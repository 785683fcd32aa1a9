import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caller's inbound request id kept as a searchable correlation id; prune records renamed and
 * MAC'd (they are no longer the only "checkpoints": those are now published outside the database);
 * gap records for seq numbers that were never written.
 */
export class AuditChainAnchors1795500000000 implements MigrationInterface {
  name = 'AuditChainAnchors1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "correlation_id" text`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_correlation_created_at_idx" ON "audit_events" ("correlation_id", "created_at")`,
    );
    await queryRunner.query(`ALTER TABLE "audit_chain_checkpoints" RENAME TO "audit_chain_prunes"`);
    await queryRunner.query(
      `ALTER TABLE "audit_chain_prunes" RENAME CONSTRAINT "PK_audit_chain_checkpoints_chain_id" TO "PK_audit_chain_prunes_chain_id"`,
    );
    // Records written before this have no MAC; verify reports them until the chain is pruned again.
    await queryRunner.query(`ALTER TABLE "audit_chain_prunes" ADD "mac" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "audit_chain_prunes" ALTER COLUMN "mac" DROP DEFAULT`);
    await queryRunner.query(`
      CREATE TABLE "audit_chain_gaps" (
        "chain_id" uuid NOT NULL,
        "from_seq" bigint NOT NULL,
        "through_seq" bigint NOT NULL,
        "prev_hash" text NOT NULL,
        "through_hash" text NOT NULL,
        "reason" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "mac" text NOT NULL,
        CONSTRAINT "PK_audit_chain_gaps" PRIMARY KEY ("chain_id", "from_seq")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_chain_gaps"`);
    await queryRunner.query(`ALTER TABLE "audit_chain_prunes" DROP COLUMN "mac"`);
    await queryRunner.query(
      `ALTER TABLE "audit_chain_prunes" RENAME CONSTRAINT "PK_audit_chain_prunes_chain_id" TO "PK_audit_chain_checkpoints_chain_id"`,
    );
    await queryRunner.query(`ALTER TABLE "audit_chain_prunes" RENAME TO "audit_chain_checkpoints"`);
    await queryRunner.query(`DROP INDEX "audit_events_correlation_created_at_idx"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "correlation_id"`);
  }
}
