// Builds the audit module as the gateway does, against a given database and data folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AuditModule, type AuditEventInput } from '@app/audit';
import { v7 as uuidv7 } from 'uuid';

/** Replicas of one installation share AUDIT_HMAC_KEY: each verifies the others' chains. */
export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789';

export async function startAudit(env: Record<string, string>): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ env: { LOG_LEVEL: 'silent', AUDIT_HMAC_KEY: TEST_AUDIT_KEY, ...env } }),
      AuditModule.forRoot({ eager: true, migrate: true }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `pm-${label}-`));
}

export function auditEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    request_id: uuidv7(),
    correlation_id: null,
    created_at: new Date(),
    endpoint: 'native',
    status: 'success',
    failure_category: null,
    error_code: null,
    provider: 'local',
    served_by: 'local',
    model: 'llama3.2',
    reason_codes: ['cost_prefer_local'],
    decision: 'provider=local,reason_codes=cost_prefer_local',
    policy_version: 'a'.repeat(64),
    prompt_fingerprint: 'f'.repeat(64),
    prompt_length: 42,
    message_count: 1,
    prompt_flags: { keyword_matches: 0, detectors: {} },
    latency_ms: 12.4,
    provider_latency_ms: 10.1,
    input_tokens: 11,
    output_tokens: 7,
    cost_usd: null,
    client_id: null,
    stream: false,
    key_id: null,
    ...overrides,
  };
}
