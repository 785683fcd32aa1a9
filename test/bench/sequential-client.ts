// One keep-alive connection, one request at a time, each timed with the monotonic clock: the
// microsecond resolution that autocannon's whole-millisecond latencies lack at one connection.
import { Agent, request } from 'node:http';
import { percentile } from './bench-stats';

export interface SequentialResult {
  readonly p50Ms: number;
  readonly p90Ms: number;
}

export async function sequentialLatency(
  url: string,
  body: object,
  requests: number,
  warmup = 200,
): Promise<SequentialResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const call = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
          res.resume();
          res.once('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
        },
      );
      call.once('error', reject);
      call.end(payload);
    });
  try {
    for (let index = 0; index < warmup; index += 1) await once();
    const samples: number[] = [];
    for (let index = 0; index < requests; index += 1) samples.push(await once());
    samples.sort((a, b) => a - b);
    return { p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90) };
  } finally {
    agent.destroy();
  }
}
