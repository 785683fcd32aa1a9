// Embeddings rows against the real Postgres: their cloud spend counts toward the daily budgets like
// chat's, and their door (`endpoint: embeddings`) is a chained fact an edit cannot move unseen.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AuditChainVerifier, AuditDatabase, AuditQueryService, AuditWriter } from '@app/audit';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { auditEvent, startAudit, tempDir } from './audit-test-app';

describe('embeddings audit rows', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  const keyId = randomUUID();
  const embedding = auditEvent({
    endpoint: 'embeddings',
    provider: 'cloud',
    served_by: 'cloud',
    model: 'text-embedding-3-small',
    reason_codes: ['default'],
    decision: 'provider=cloud,reason_codes=default',
    message_count: 3,
    prompt_length: 120,
    input_tokens: 30,
    output_tokens: 0,
    cost_usd: 0.5,
    key_id: keyId,
  });

  beforeAll(async () => {
    database = await createTestDatabase('audit_embeddings');
    app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('embeddings') });
    const writer = app.get(AuditWriter);
    await writer.record(embedding);
    await writer.record(
      auditEvent({
        endpoint: 'openai',
        provider: 'cloud',
        served_by: 'cloud',
        cost_usd: 0.25,
        key_id: keyId,
      }),
    );
    // Refused under a cloud pin: the decision's facts, nobody served, nothing spent.
    await writer.record(
      auditEvent({
        endpoint: 'embeddings',
        status: 'rejected',
        error_code: 'EMBEDDINGS_PIN_CONFLICT',
        provider: 'local',
        served_by: null,
        model: null,
        reason_codes: ['sensitive_keyword_match'],
        input_tokens: null,
        output_tokens: null,
        provider_latency_ms: null,
      }),
    );
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("counts an embedding's cloud cost in the day's spend and the key's, beside chat's", async () => {
    const startOfDay = new Date(new Date().setUTCHours(0, 0, 0, 0));
    const queries = app.get(AuditQueryService);
    expect(await queries.cloudSpendUsdSince(startOfDay)).toBeCloseTo(0.75, 10);
    expect(await queries.cloudSpendUsdSince(startOfDay, keyId)).toBeCloseTo(0.75, 10);
  });

  it('keeps the rows as written, the refusal with its code, and verifies the chain', async () => {
    const dataSource = await app.get(AuditDatabase).connection();
    const rows: Record<string, unknown>[] = await dataSource.query(
      `SELECT endpoint, status, error_code, served_by, message_count FROM audit_events WHERE endpoint = 'embeddings' ORDER BY seq`,
    );
    expect(rows).toEqual([
      { endpoint: 'embeddings', status: 'success', error_code: null, served_by: 'cloud', message_count: 3 },
      {
        endpoint: 'embeddings',
        status: 'rejected',
        error_code: 'EMBEDDINGS_PIN_CONFLICT',
        served_by: null,
        message_count: 1,
      },
    ]);
    expect((await app.get(AuditChainVerifier).verifyChains()).ok).toBe(true);
  });

  it('catches an embeddings row relabelled as a chat request', async () => {
    const dataSource = await app.get(AuditDatabase).connection();
    await dataSource.query(`UPDATE audit_events SET endpoint = 'openai' WHERE request_id = $1`, [
      embedding.request_id,
    ]);
    const report = await app.get(AuditChainVerifier).verifyChains();
    expect(report.problem).toMatchObject({ kind: 'altered', request_id: embedding.request_id });
  });
});
