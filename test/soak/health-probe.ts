// Liveness answer times during the soak, measured from a worker thread (health-probe.worker.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { percentile } from '../bench/bench-stats';
import type { ProbeSample } from './health-probe.worker';

export interface LatencyFigures {
  readonly probes: number;
  /** Probes that got no 200 within the timeout. */
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class HealthProbe {
  private readonly worker: Worker;
  private readonly done: Promise<ProbeSample[]>;

  constructor(origin: string, intervalMs = 100, timeoutMs = 30_000) {
    this.worker = new Worker(join(__dirname, 'health-probe.worker.ts'), {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      workerData: { url: `${origin}/v1/health`, intervalMs, timeoutMs },
    });
    this.done = new Promise((resolve, reject) => {
      this.worker.once('message', (samples: ProbeSample[]) => resolve(samples));
      this.worker.once('error', reject);
    });
  }

  /** Every sample taken; the worker ends after its probe in flight. */
  async stop(): Promise<ProbeSample[]> {
    this.worker.postMessage('stop');
    const samples = await this.done;
    await this.worker.terminate();
    return samples;
  }
}

/** The figures of the samples sent within [from, to) (ms since the epoch). */
export function latencyBetween(samples: readonly ProbeSample[], from: number, to: number): LatencyFigures {
  const window = samples.filter((sample) => sample.at >= from && sample.at < to);
  const times = window.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    probes: window.length,
    failed: window.filter((sample) => !sample.ok).length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? Number.NaN,
  };
}
