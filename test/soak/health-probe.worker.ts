// Runs in a worker thread of its own, so what it measures is the gateway's answer time and not the
// soak's own busy event loop: GET /v1/health one after another, every few ms, each timed.
import { parentPort, workerData } from 'node:worker_threads';

export interface ProbeSample {
  /** When the probe was sent, ms since the epoch. */
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
}

const { url, intervalMs, timeoutMs } = workerData as { url: string; intervalMs: number; timeoutMs: number };
const samples: ProbeSample[] = [];
let running = true;

parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') running = false;
});

async function probe(): Promise<void> {
  while (running) {
    const at = Date.now();
    const started = performance.now();
    const ok = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status === 200;
      },
      () => false,
    );
    const ms = performance.now() - started;
    samples.push({ at, ms, ok });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - ms)));
  }
  parentPort?.postMessage(samples);
}

void probe();
