// `npm run bench:first-run`: a fresh clone timed through the README's first command and the demo.
// Prints seconds for `npm ci`, the first `npm start` until /v1/health answers (build and embedded
// database creation included), a later `npm start` (nothing to rebuild, database reopened), a CLI
// command (`policy-mesh --version` and `route explain`), and `npm run demo` until it answers.
// Figures only; nothing is asserted (docs/PERFORMANCE.md, "First run").
import {
  cloneRepository,
  newcomerEnv,
  randomPort,
  runSync,
  startScript,
  stopScript,
} from '../support/fresh-clone';

async function timedStart(
  dir: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<number | null> {
  const port = randomPort();
  const running = await startScript(
    dir,
    args,
    newcomerEnv({
      PORT: String(port),
      FAKE_OPENAI_PORT: String(port + 1),
      FAKE_OLLAMA_PORT: String(port + 2),
      ...extra,
    }),
    port,
  );
  await stopScript(running);
  return running.readySeconds;
}

async function main(): Promise<void> {
  const clone = cloneRepository();
  const figures: [string, number | null][] = [];
  try {
    const install = runSync(clone.dir, 'npm', ['ci', '--no-audit', '--no-fund'], newcomerEnv());
    if (install.status !== 0) throw new Error(`npm ci failed: ${install.stderr}`);
    figures.push(['npm ci', install.seconds]);
    figures.push([
      'first npm start (build + new embedded database), until /v1/health',
      await timedStart(clone.dir, ['start']),
    ]);
    figures.push(['later npm start (no rebuild, database reopened)', await timedStart(clone.dir, ['start'])]);
    figures.push(['later npm start, again', await timedStart(clone.dir, ['start'])]);
    const version = runSync(clone.dir, 'node', ['bin/policy-mesh.js', '--version'], newcomerEnv());
    figures.push(['policy-mesh --version', version.seconds]);
    const explain = runSync(
      clone.dir,
      'node',
      ['bin/policy-mesh.js', 'route', 'explain', 'hello'],
      newcomerEnv(),
    );
    figures.push(['policy-mesh route explain hello', explain.seconds]);
    const viaNpm = runSync(clone.dir, 'npm', ['run', '--silent', 'cli', '--', '--version'], newcomerEnv());
    figures.push(['npm run cli -- --version', viaNpm.seconds]);
    figures.push([
      'first npm run demo (new demo database), until /v1/health',
      await timedStart(clone.dir, ['run', 'demo']),
    ]);
    figures.push(['later npm run demo', await timedStart(clone.dir, ['run', 'demo'])]);
  } finally {
    clone.remove();
  }
  const width = Math.max(...figures.map(([name]) => name.length));
  for (const [name, seconds] of figures)
    process.stdout.write(
      `${name.padEnd(width)}  ${seconds === null ? 'never answered' : `${seconds.toFixed(1)} s`}\n`,
    );
}

void main();
