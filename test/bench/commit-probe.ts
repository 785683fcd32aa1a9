// What one durable write costs on this machine right now: a single-statement INSERT (its own
// transaction, so INSERT + COMMIT with the WAL flush) from a small client, round trip timed with the
// monotonic clock. The gateway's added latency at one connection is judged net of one of these.
import { Client } from 'pg';
import { percentile } from './bench-stats';

export class CommitProbe {
  private constructor(private readonly client: Client) {}

  static async open(url: string): Promise<CommitProbe> {
    const client = new Client({ connectionString: url });
    await client.connect();
    // A real table (temporary ones skip the WAL, so their commit flushes nothing).
    await client.query(
      'CREATE TABLE IF NOT EXISTS commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)',
    );
    return new CommitProbe(client);
  }

  /** Median round trip of `samples` INSERT+COMMITs, in microseconds. */
  async p50Us(samples: number): Promise<number> {
    const payload = 'x'.repeat(200);
    const times: number[] = [];
    for (let index = 0; index < samples + 20; index += 1) {
      const started = process.hrtime.bigint();
      await this.client.query('INSERT INTO commit_probe (payload) VALUES ($1)', [payload]);
      if (index >= 20) times.push(Number(process.hrtime.bigint() - started) / 1e3);
    }
    times.sort((a, b) => a - b);
    return percentile(times, 50);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
