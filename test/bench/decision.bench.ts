// npm run bench:decision — decisions per second and latency for a 16 KB conversation, all
// detectors on: with 3 keywords and with 10,000 keywords on ASCII text (the fast path), and on text
// with non-ASCII characters (the folding path) with each normalization option on and off.
import { compilePolicy, decide, parsePolicy, type ChatMessage } from '@app/routing-policy';
import { fmt, median, percentile, printTable } from './bench-stats';

const ROUNDS = 5;
const ROUND_MS = 1000;

function conversation(extra = ''): ChatMessage[] {
  const sentence = `On 2026-11-23 the planning meeting${extra} covered hiring, the 12,500 USD budget, version 4.2 and the launch. `;
  const turn = sentence.repeat(Math.ceil(4096 / sentence.length)).slice(0, 4096);
  return [
    { role: 'system', content: turn },
    { role: 'user', content: turn },
    { role: 'assistant', content: turn },
    { role: 'user', content: turn },
  ];
}

const ASCII = conversation();
/** Every sentence has an accented word, so every decision takes the folding path. */
const NON_ASCII = conversation(' at the café');

function run(label: string, keywords: string[], messages: ChatMessage[], normalization?: object) {
  const compiled = compilePolicy(
    parsePolicy({
      sensitivity: { keywords, ...(normalization === undefined ? {} : { normalization }) },
      cost: { max_prompt_length_for_local: 100 },
    }),
    { kind: 'builtin' },
  );
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
  return {
    case: label,
    'decisions/s': fmt(median(rates), 0),
    'p50 µs': fmt(percentile(latencies, 50)),
    'p99 µs': fmt(percentile(latencies, 99)),
  };
}

const chars = ASCII.reduce((sum, m) => sum + m.content.length, 0);
const three = ['internal', 'confidential', 'secret'];
const many = Array.from({ length: 10_000 }, (_, i) => `codeword-${i}-x`);
printTable(
  `decide(): ${fmt(chars / 1024, 0)} KB conversation, all detectors on, median of ${ROUNDS} rounds of ${ROUND_MS} ms`,
  [
    run('ASCII, 3 keywords', three, ASCII),
    run('ASCII, 10,000 keywords', many, ASCII),
    run('non-ASCII, 3 keywords, no mark stripping or confusables', three, NON_ASCII, {
      strip_marks: false,
      confusables: false,
    }),
    run('non-ASCII, 3 keywords, marks stripped', three, NON_ASCII, { strip_marks: true, confusables: false }),
    run('non-ASCII, 3 keywords, confusables mapped', three, NON_ASCII, {
      strip_marks: false,
      confusables: true,
    }),
    run('non-ASCII, 3 keywords, both (the default)', three, NON_ASCII),
    run('non-ASCII, 10,000 keywords, both (the default)', many, NON_ASCII),
  ],
);
