// The gateway's HTTP server: Nest's Express adapter, with the server built the way a gateway needs.
//
// How long a client may take to send its request. Node's defaults (60 s for the headers, 300 s for
// the whole request, checked every 30 s) let slow-header sockets (slowloris) hold connections for
// up to 90 s each; a gateway's clients are programs on a network, so the headers come at once and a
// body of the largest size accepted arrives well within a minute. The answer, however long a
// stream runs, is not bounded by these: Node times only the request.
import { createServer, type Server } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

/** A request whose headers have not all arrived by then is answered 408 and its socket closed. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** The whole request, body included. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** How often Node looks for requests past those limits (its default, 30 s, would add up to that). */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Nest's Express adapter with the HTTP server built with the timeouts above: Node takes the check
 * interval only when the server is created. Plain HTTP only (TLS ends at the ingress).
 */
export class GatewayHttpAdapter extends ExpressAdapter {
  // The gateway runs with forceCloseConnections off (ConnectionDrain ends connections itself), so
  // the adapter's connection tracking for that option is not needed here.
  override initHttpServer(options: NestApplicationOptions): void {
    // Refused rather than silently dropped: this server is built for plain HTTP without tracking.
    if (options.httpsOptions !== undefined || options.forceCloseConnections === true)
      throw new Error('the gateway serves plain HTTP and ends its own connections (ConnectionDrain)');
    const server: Server = createServer(
      {
        headersTimeout: HEADERS_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      },
      this.getInstance(),
    );
    this.setHttpServer(server);
  }
}
