// Small helpers for the benchmarks: percentiles and printing. Benchmarks print, never assert.
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The middle value; with an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  process.stdout.write(`\n${title}\n`);
  console.table(rows);
}

/**
 * A Markdown table, columns padded to line up: readable on a terminal and pasted as it is into
 * docs/PERFORMANCE.md. Columns are the keys of the first row, in order; numbers align right.
 */
export function printMarkdownTable(title: string, rows: Record<string, string>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const width = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = columns.map(
    (column) =>
      rows.some((row) => (row[column] ?? '') !== '') &&
      rows.every((row) => /^[-–+\d.,x µsMB()]*$/.test(row[column] ?? '')),
  );
  const cell = (text: string, index: number) =>
    numeric[index] ? text.padStart(width[index]!) : text.padEnd(width[index]!);
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${width.map((w, index) => (numeric[index] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  process.stdout.write(
    `\n${title}\n\n${line(columns)}\n${rule}\n${rows.map((row) => line(columns.map((c) => row[c] ?? ''))).join('\n')}\n`,
  );
}
