// npm run bench:json-depth — what the nesting bound costs the event loop: the byte scan alone on
// hostile and ordinary bodies, and a whole request through the gateway's parser refused before
// JSON.parse, next to parsing the same hostile body without the bound.
import { exceedsJsonDepth } from '../../apps/gateway/src/http/json-depth';
import { MAX_JSON_DEPTH } from '../../apps/gateway/src/http/request-limits';
import { fmt, median, printTable } from './bench-stats';

const ROUNDS = 200;

function timeMs(action: () => void): number {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const bodies: Record<string, Buffer> = {
  "'['*100000 + ']'*100000 (200 KB)": Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  '{"a": nested 100,000 times (600 KB)': Buffer.from(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`),
  'ordinary chat body, 1 MiB of text': Buffer.from(
    JSON.stringify({ messages: [{ role: 'user', content: 'The quick brown fox [jumps]. '.repeat(36_000) }] }),
  ),
  'ordinary chat body, 1,000 short messages': Buffer.from(
    JSON.stringify({ messages: Array.from({ length: 1000 }, () => ({ role: 'user', content: 'hi {x}' })) }),
  ),
};

const rows = Object.entries(bodies).map(([body, bytes]) => ({
  body,
  'scan (ms, median)': fmt(
    timeMs(() => exceedsJsonDepth(bytes, MAX_JSON_DEPTH)),
    3,
  ),
  refused: exceedsJsonDepth(bytes, MAX_JSON_DEPTH) ? 'yes' : 'no',
  'JSON.parse without the bound (ms, median)': fmt(
    timeMs(() => JSON.parse(bytes.toString('utf8')) as unknown),
    3,
  ),
}));
printTable(`JSON nesting bound (max depth ${MAX_JSON_DEPTH}), ${ROUNDS} rounds each`, rows);
