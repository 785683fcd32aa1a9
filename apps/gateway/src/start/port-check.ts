// A port already taken is found before anything else starts (the embedded database, migrations),
// and reported in one line that names the port and the variable that changes it.
import { createServer } from 'node:net';

export class PortUnavailableError extends Error {
  readonly code = 'PORT_UNAVAILABLE' as const;
}

/** Resolves when `host:port` can be bound; rejects with PortUnavailableError otherwise. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new PortUnavailableError(
            `port ${port} on ${host} is already in use: stop what is listening there, or set PORT to a free port (e.g. PORT=${port + 1})`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(
          new PortUnavailableError(
            `port ${port} on ${host} needs privileges this process lacks: set PORT to a port above 1023`,
          ),
        );
      else if (error.code === 'EADDRNOTAVAIL')
        reject(
          new PortUnavailableError(
            `HOST ${host} is not an address of this machine: set HOST (e.g. 127.0.0.1)`,
          ),
        );
      else reject(error);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** For main.ts: one line on stderr and exit 1 when the port cannot be had; no stack. */
export async function exitIfPortTaken(host: string, port: number): Promise<void> {
  try {
    await assertPortFree(host, port);
  } catch (error) {
    if (!(error instanceof PortUnavailableError)) throw error;
    process.stderr.write(`policy-mesh gateway: ${error.message}\n`);
    process.exit(1);
  }
}
