// npm run bench:policy-size — what the largest accepted policy costs: file size, time to load and
// compile it, and memory (V8 heap and typed arrays) while it and the previous policy are both alive,
// as during a reload. Run with the gateway's heap limit (--max-old-space-size=256).
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, POLICY_LIMITS, type CompiledPolicy } from '@app/routing-policy';
import { fmt, printTable } from './bench-stats';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'pm-policy-size-'));

/**
 * Random keywords of one length (a fixed seed), as many as fit the file and count limits: random
 * letters share few prefixes, so the trie has about one node per character — the worst case.
 */
function keywordsOf(length: number): string[] {
  const count = Math.min(POLICY_LIMITS.keywords, Math.floor((POLICY_LIMITS.file_bytes - 200) / (length + 3)));
  let seed = 42;
  const letter = () => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return String.fromCharCode(97 + ((seed >>> 0) % 26));
  };
  return Array.from({ length: count }, () => Array.from({ length }, letter).join(''));
}

function measure(label: string, keywords: string[]) {
  const file = join(dir, `${label.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ sensitivity: { keywords }, cost: {} }));
  global.gc?.();
  const before = process.memoryUsage();
  const start = performance.now();
  const first = loadPolicyFile(file);
  const loadMs = performance.now() - start;
  const second: CompiledPolicy = loadPolicyFile(file); // the reload's new policy beside the old one
  global.gc?.();
  const after = process.memoryUsage();
  const peakHeap = after.heapUsed - before.heapUsed;
  const typed = after.arrayBuffers - before.arrayBuffers;
  return {
    case: label,
    'file MB': fmt(statSync(file).size / MB, 2),
    keywords: fmt(keywords.length, 0),
    'trie nodes': fmt(first.keywords.nodeCount, 0),
    'ASCII table': second.keywords.countAsciiMatches('x') === undefined ? 'no' : 'yes',
    'load+compile ms': fmt(loadMs, 0),
    'heap MB (2 policies)': fmt(peakHeap / MB, 1),
    'typed arrays MB (2 policies)': fmt(typed / MB, 1),
  };
}

printTable(
  `largest accepted policies: limits ${POLICY_LIMITS.file_bytes / MB} MiB, ${POLICY_LIMITS.keywords} keywords, ${POLICY_LIMITS.keyword_length} chars each`,
  [
    measure('most keywords (16 characters)', keywordsOf(16)),
    measure('longest keywords (256 characters)', keywordsOf(POLICY_LIMITS.keyword_length)),
    measure('10,000 keywords', keywordsOf(16).slice(0, 10_000)),
  ],
);
