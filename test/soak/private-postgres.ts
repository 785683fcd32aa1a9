// A Postgres server of the soak's own, in a temporary directory on a port of its own, built from
// the machine's PostgreSQL binaries: the soak kills and restarts it at will. The machine's server
// (127.0.0.1:5432) is never stopped or reconfigured.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../bench/bench-processes';

const execFileAsync = promisify(execFile);

/** initdb refuses to run as root: as root, the server runs as this account. */
const SERVER_ACCOUNT = 'postgres';

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin that has initdb. */
function binDir(): string {
  if (process.env.PG_BIN !== undefined) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined)
    throw new Error(`no PostgreSQL binaries under ${root}/*/bin (set PG_BIN to the folder holding initdb)`);
  return join(root, versions[0], 'bin');
}

export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asRoot: boolean,
  ) {}

  /** initdb into `<runDir>/postgres`, start the server and create `database`. */
  static async create(runDir: string, database: string): Promise<PrivatePostgres> {
    const dir = join(runDir, 'postgres');
    mkdirSync(dir, { recursive: true });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', SERVER_ACCOUNT], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SERVER_ACCOUNT], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      // The server's account must reach its folder through the run's (mkdtemp makes it 0700).
      chmodSync(runDir, 0o711);
    }
    const server = new PrivatePostgres(binDir(), dir, await freePort(), asRoot);
    await server.run('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await server.start();
    const admin = new Client({ connectionString: server.url('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
    return server;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server (again), waiting until it accepts connections (crash recovery included). */
  async start(): Promise<void> {
    await this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /**
   * The server dies at once: every backend is ended without a checkpoint and open connections
   * break mid-query, as in a crash; the next start replays the WAL.
   */
  async kill(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** A clean stop at the end of the run. */
  async stop(): Promise<void> {
    try {
      await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
  }

  /** Asynchronous, so the soak's clients keep running while the server stops and starts. */
  private async run(tool: string, args: readonly string[]): Promise<void> {
    const command = join(this.bin, tool);
    if (this.asRoot) await execFileAsync('runuser', ['-u', SERVER_ACCOUNT, '--', command, ...args]);
    else await execFileAsync(command, args);
  }
}
