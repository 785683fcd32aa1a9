import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A refused request's error code gets its own column: failure_category holds failure categories only. */
export class AuditErrorCode1795600000000 implements MigrationInterface {
  name = 'AuditErrorCode1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "error_code" text`);
    // Rows refused before this kept their code in failure_category.
    await queryRunner.query(
      `UPDATE "audit_events" SET "error_code" = "failure_category", "failure_category" = NULL WHERE "status" = 'rejected'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "audit_events" SET "failure_category" = "error_code" WHERE "status" = 'rejected'`,
    );
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "error_code"`);
  }
}
