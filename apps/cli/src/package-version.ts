// The version `policy-mesh --version` prints: package.json's, found from wherever the CLI runs
// (apps/cli/src from source, dist/apps/cli/src once built, /app/dist/… in the image).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'policy-mesh' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no package.json here: look one folder up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
