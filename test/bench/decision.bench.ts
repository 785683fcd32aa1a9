// npm run bench:decision — decisions per second and latency for a 16 KB conversation, all
// detectors on, with 3 keywords and with 10,000 keywords.
import { compilePolicy, decide, parsePolicy, type ChatMessage } from '@app/routing-policy';
import { fmt, median, percentile, printTable } from './bench-stats';

const ROUNDS = 5;
const ROUND_MS = 1000;

function conversation(): ChatMessage[] {
  const sentence =
    'On 2026-11-23 the planning meeting covered hiring, the 12,500 USD budget, version 4.2 and the launch. ';
  const turn = sentence.repeat(Math.ceil(4096 / sentence.length)).slice(0, 4096);
  return [
    { role: 'system', content: turn },
    { role: 'user', content: turn },
    { role: 'assistant', content: turn },
    { role: 'user', content: turn },
  ];
}

function run(label: string, keywords: string[]) {
  const compiled = compilePolicy(
    parsePolicy({ sensitivity: { keywords }, cost: { max_prompt_length_for_local: 100 } }),
    { kind: 'builtin' },
  );
  const messages = conversation();
  for (let i = 0; i < 500; i += 1) decide(messages, compiled);
  const rates: number[] = [];
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < ROUND_MS) {
      const t = performance.now();
      decide(messages, compiled);
      latencies.push((performance.now() - t) * 1000);
      count += 1;
    }
    rates.push(count / ((performance.now() - start) / 1000));
  }
  latencies.sort((a, b) => a - b);
  return { label, rate: median(rates), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const chars = conversation().reduce((sum, m) => sum + m.content.length, 0);
const few = run('3 keywords', ['internal', 'confidential', 'secret']);
const many = run(
  '10,000 keywords',
  Array.from({ length: 10_000 }, (_, i) => `codeword-${i}-x`),
);
printTable(
  `decide(): ${fmt(chars / 1024, 0)} KB conversation, all detectors on, median of ${ROUNDS} rounds of ${ROUND_MS} ms`,
  [
    { case: few.label, 'decisions/s': fmt(few.rate, 0), 'p50 µs': fmt(few.p50), 'p99 µs': fmt(few.p99) },
    { case: many.label, 'decisions/s': fmt(many.rate, 0), 'p50 µs': fmt(many.p50), 'p99 µs': fmt(many.p99) },
  ],
);
process.stdout.write(`cost ratio (10,000 vs 3 keywords, p50): ${fmt(many.p50 / few.p50, 2)}x\n`);
