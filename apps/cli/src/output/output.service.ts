// Every command writes through this service, so tests see what a user would see and `--json`
// output stays machine-clean (results to stdout, problems to stderr).
import { Injectable } from '@nestjs/common';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';

@Injectable()
export class OutputService {
  /** One line of human-readable text on stdout. */
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }

  /** Raw text on stdout (streamed tokens). */
  write(text: string): void {
    process.stdout.write(text);
  }

  /** A value as pretty JSON on stdout, for `--json`. */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Rows as an aligned table. */
  table(rows: readonly Record<string, unknown>[], columns: readonly string[]): void {
    const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
    const widths = columns.map((column, index) =>
      Math.max(column.length, ...cells.map((row) => row[index]!.length)),
    );
    const render = (values: readonly string[]) =>
      values
        .map((value, index) => value.padEnd(widths[index]!))
        .join('  ')
        .trimEnd();
    this.line(render(columns));
    for (const row of cells) this.line(render(row));
  }

  /** One line on stderr: errors and warnings a script should not parse. */
  error(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  setExitCode(code: number): void {
    process.exitCode = code;
  }

  /** A progress bar on a terminal; nothing when stderr is not one (pipes, CI, --json). */
  progress(label: string, total: number): { update(value: number): void; stop(): void } {
    if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
    const bars = new MultiBar(
      { stream: process.stderr, format: `${label} [{bar}] {value}/{total}`, hideCursor: true },
      Presets.shades_classic,
    );
    const bar: SingleBar = bars.create(total, 0);
    return { update: (value) => bar.update(value), stop: () => bars.stop() };
  }
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(',');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
