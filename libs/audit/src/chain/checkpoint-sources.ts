// Where `audit verify` finds checkpoints: a file of the gateway's log lines, and Prometheus, which
// keeps the `policy_mesh_audit_chain_head_seq{chain}` gauge of every replica that ever ran.
import { readFileSync } from 'node:fs';
import { CheckpointSourceError } from '../audit.errors';
import type { CheckpointClaim } from './audit-chain-verifier';
import { CHECKPOINT_MESSAGE } from './chain-records';

export const CHAIN_HEAD_METRIC = 'policy_mesh_audit_chain_head_seq';

/**
 * The checkpoint lines of a log file: JSON lines (anything before the first `{` is ignored, e.g. a
 * collector's prefix) whose `msg` is "audit chain checkpoint". Other lines are skipped.
 */
export function checkpointsFromLog(file: string): CheckpointClaim[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CheckpointSourceError(`cannot read checkpoints from ${file}: ${(error as Error).message}`);
  }
  const claims: CheckpointClaim[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{');
    if (start === -1 || !line.includes(CHECKPOINT_MESSAGE)) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line.slice(start)) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (entry.msg !== CHECKPOINT_MESSAGE) continue;
    const { chain_id: chainId, seq, head_hash: headHash, at, mac } = entry;
    if (typeof chainId !== 'string' || typeof seq !== 'number') continue;
    claims.push({
      source: 'log',
      chain_id: chainId,
      seq,
      head_hash: typeof headHash === 'string' ? headHash : undefined,
      at: typeof at === 'string' ? at : undefined,
      mac: typeof mac === 'string' ? mac : undefined,
    });
  }
  return claims;
}

interface PrometheusVector {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string] }[] };
}

/**
 * The highest head seq Prometheus kept for each chain over `lookbackSeconds`, through its HTTP API
 * (`GET /api/v1/query`): `max by (chain) (max_over_time(policy_mesh_audit_chain_head_seq[…s]))`.
 */
export async function checkpointsFromPrometheus(
  baseUrl: string,
  lookbackSeconds: number,
): Promise<CheckpointClaim[]> {
  const query = `max by (chain) (max_over_time(${CHAIN_HEAD_METRIC}[${Math.ceil(lookbackSeconds)}s]))`;
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  let body: PrometheusVector;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    body = (await response.json()) as PrometheusVector;
    if (!response.ok || body.status !== 'success')
      throw new Error(`HTTP ${response.status}: ${body.error ?? body.status ?? 'no status'}`);
  } catch (error) {
    throw new CheckpointSourceError(`cannot query Prometheus at ${url.origin}: ${(error as Error).message}`);
  }
  if (body.data?.resultType !== 'vector')
    throw new CheckpointSourceError(
      `Prometheus answered a ${body.data?.resultType ?? 'missing'} result, not a vector`,
    );
  return (body.data.result ?? []).flatMap((sample) => {
    const chainId = sample.metric?.chain;
    const seq = Number(sample.value?.[1]);
    return typeof chainId === 'string' && Number.isSafeInteger(seq) && seq > 0
      ? [{ source: 'prometheus' as const, chain_id: chainId, seq }]
      : [];
  });
}
