// One keep-alive connection, one request at a time, each timed with the monotonic clock: the
// microsecond resolution that autocannon's whole-millisecond latencies lack at one connection.
import { Agent, request } from 'node:http';
import { percentile } from './bench-stats';

export interface SequentialResult {
  readonly requests: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
}

export interface SequentialOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly warmup?: number;
}

export async function sequentialLatency(
  url: string,
  body: object,
  requests: number,
  options: SequentialOptions = {},
): Promise<SequentialResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const headers = {
    ...options.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  };
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const call = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
        (res) => {
          res.resume();
          if (res.statusCode !== 200) {
            reject(new Error(`${url} answered ${res.statusCode}`));
            return;
          }
          res.once('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e3));
        },
      );
      call.once('error', reject);
      call.end(payload);
    });
  try {
    for (let index = 0; index < (options.warmup ?? 200); index += 1) await once();
    const samples: number[] = [];
    for (let index = 0; index < requests; index += 1) samples.push(await once());
    samples.sort((a, b) => a - b);
    return {
      requests,
      p50Us: percentile(samples, 50),
      p90Us: percentile(samples, 90),
      p99Us: percentile(samples, 99),
    };
  } finally {
    agent.destroy();
  }
}
