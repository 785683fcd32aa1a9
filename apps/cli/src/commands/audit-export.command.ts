// Streams audit events to a file page by page, so memory stays flat whatever the row count.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { AUDIT_COLUMNS, AuditQueryService } from '@app/audit';
import { Option, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { parseInstant } from '../options/time-options';
import { CliCommand, type CliOptions } from './cli-command';
import { CliUsageError } from './cli-errors';

const PAGE = 500;
// Every stored column, in the table's order (the chained fields included, so an export can be verified).
const CSV_COLUMNS = AUDIT_COLUMNS;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value)
    ? value.join(';')
    : value instanceof Date
      ? value.toISOString()
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

@SubCommand({
  name: 'export',
  description: 'Write audit events to a JSONL or CSV file, streaming in constant memory',
})
export class AuditExportCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--format <format>', description: 'jsonl or csv', required: true })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'the file to write', required: true })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--since <when>', description: 'a duration before now or a date' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--until <when>', description: 'a duration before now or a date' })
  parseUntil(value: string): string {
    return value;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const format = options.format;
    if (format !== 'jsonl' && format !== 'csv')
      throw new CliUsageError(`--format: expected jsonl or csv, got "${String(format)}"`);
    const since = typeof options.since === 'string' ? parseInstant(options.since, '--since') : undefined;
    const until = typeof options.until === 'string' ? parseInstant(options.until, '--until') : undefined;
    const audit = await this.libraries.get('audit', AuditQueryService);
    const total = (await audit.stats({ since, until })).total;
    const bar = this.output.progress('exporting', total);
    const stream = createWriteStream(String(options.out));
    let written = 0;
    try {
      if (format === 'csv') await write(stream, `${CSV_COLUMNS.join(',')}\n`);
      let cursor: string | undefined;
      do {
        const page = await audit.listPage({ since, until, limit: PAGE, cursor });
        const text = page.items
          .map((item) =>
            format === 'jsonl'
              ? JSON.stringify(item)
              : CSV_COLUMNS.map((column) => csvCell(item[column])).join(','),
          )
          .join('\n');
        if (page.items.length > 0) await write(stream, `${text}\n`);
        written += page.items.length;
        bar.update(written);
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
    } finally {
      bar.stop();
      stream.end();
      await once(stream, 'finish');
    }
    this.output.line(`exported ${written} event(s) to ${String(options.out)}`);
  }
}
