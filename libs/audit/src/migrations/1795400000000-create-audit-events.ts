import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit table, its query indexes, and the checkpoints that keep pruned chains verifiable. */
export class CreateAuditEvents1795400000000 implements MigrationInterface {
  name = 'CreateAuditEvents1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "request_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "endpoint" text NOT NULL,
        "status" text NOT NULL,
        "failure_category" text,
        "provider" text,
        "served_by" text,
        "model" text,
        "reason_codes" text array NOT NULL,
        "decision" text,
        "policy_version" text,
        "prompt_fingerprint" text,
        "prompt_length" integer NOT NULL,
        "message_count" integer NOT NULL,
        "prompt_flags" jsonb NOT NULL,
        "latency_ms" integer NOT NULL,
        "provider_latency_ms" integer,
        "input_tokens" integer,
        "output_tokens" integer,
        "cost_usd" numeric(18,10),
        "client_id" text,
        "stream" boolean NOT NULL,
        "chain_id" uuid NOT NULL,
        "seq" bigint NOT NULL,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "PK_audit_events_id" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_events_request_id_key" ON "audit_events" ("request_id")`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_created_at_idx" ON "audit_events" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_provider_created_at_idx" ON "audit_events" ("provider", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_client_created_at_idx" ON "audit_events" ("client_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "audit_events_chain_seq_key" ON "audit_events" ("chain_id", "seq")`,
    );
    await queryRunner.query(`
      CREATE TABLE "audit_chain_checkpoints" (
        "chain_id" uuid NOT NULL,
        "pruned_through_seq" bigint NOT NULL,
        "pruned_through_hash" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_audit_chain_checkpoints_chain_id" PRIMARY KEY ("chain_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_chain_checkpoints"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
