import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The web UI's files: found from this file upwards, so the source tree and the build both work. */
export function publicDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps/gateway/public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('the web UI files (apps/gateway/public) were not found');
}
