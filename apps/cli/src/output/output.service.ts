// Every command writes through this service, so tests can capture what a user would see and
// `--json` output stays machine-clean (human text to stdout, problems to stderr).
import { Injectable } from '@nestjs/common';

@Injectable()
export class OutputService {
  /** One line of human-readable text on stdout. */
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }

  /** A value as pretty JSON on stdout, for `--json`. */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One line on stderr: errors and warnings a script should not parse. */
  error(text: string): void {
    process.stderr.write(`${text}\n`);
  }
}
