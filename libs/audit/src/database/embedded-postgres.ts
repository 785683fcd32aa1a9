// The embedded default: PGlite (Postgres compiled to WASM) served on a loopback port through
// pglite-socket, so the app reaches it with the ordinary `pg` driver — the same code path as a
// real server. One connection at a time: PGlite is a single session, and multiplexing several
// clients onto it would mix their transactions.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { AuditDatabaseError } from '../audit.errors';

/**
 * PGlite's own start parameters, with 16 MB of shared buffers instead of Postgres's 128 MB: the
 * audit trail's working set is its latest pages and indexes, and the buffers live in the WASM
 * heap, which never shrinks (docs/PERFORMANCE.md, "Embedded database").
 */
const PGLITE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
};

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string,
    readonly url: string,
  ) {}

  /** Starts PGlite on `dataDir` and serves it on 127.0.0.1 with an ephemeral port. */
  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const lockFile = join(dataDir, 'owner.pid');
    EmbeddedPostgres.takeLock(lockFile);
    try {
      const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
      let db = await PGlite.create(dataDir, PGLITE_OPTIONS);
      // Creating the folder runs initdb in a second PGlite instance whose memory the first one
      // keeps referenced for as long as it is open (about 400 MB here): reopening lets it go.
      if (fresh) {
        await db.close();
        db = await PGlite.create(dataDir, PGLITE_OPTIONS);
      }
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
      await server.start();
      const address = server.getServerConn();
      return new EmbeddedPostgres(db, server, lockFile, `postgres://postgres@${address}/postgres`);
    } catch (error) {
      rmSync(lockFile, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.lockFile, { force: true });
  }

  /** Two processes on one PGlite folder would corrupt it: refuse while another live process has it. */
  private static takeLock(lockFile: string): void {
    let owner: number | undefined;
    try {
      owner = Number(readFileSync(lockFile, 'utf8').trim());
    } catch {
      owner = undefined;
    }
    if (owner !== undefined && owner !== process.pid && Number.isInteger(owner) && processAlive(owner)) {
      // PGlite is one session: a second process can neither open the folder nor safely share the
      // owner's connection, so say what works instead.
      throw new AuditDatabaseError(
        `the embedded database in ${lockFile.replace(/\/owner\.pid$/, '')} is held by process ${owner} ` +
          '(a running gateway): read the audit trail through it (its audit API or the web UI), stop ' +
          'it to use this command, or set DATABASE_URL to a Postgres server both can share',
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
}
