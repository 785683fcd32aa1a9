// The floor of the gateway bench, run as its own process: a node:http server that forwards each
// request to the same path on UPSTREAM (an origin, e.g. http://127.0.0.1:18280) over a keep-alive
// agent and pipes the answer back as it arrives — whole JSON answers and SSE streams alike (the
// headers go out at once, every upstream chunk is written as it comes, backpressure by pipe). No
// framework, validation, routing, audit, metrics or logs: what this machine allows a Node process
// that only proxies.
import { Agent, createServer, request, type OutgoingHttpHeaders } from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? 'http://127.0.0.1:18280');
// No cap on sockets: a cap would queue the 1,000-stream scenario behind it and the floor would
// measure the cap. Idle sockets are kept for the next round instead of reconnecting.
const agent = new Agent({ keepAlive: true, maxFreeSockets: 4096 });

/** The answer's headers a client needs; hop-by-hop ones are the server's business. */
const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control'] as const;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        agent,
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          'content-length': body.length,
          ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
        },
      },
      (answer) => {
        const headers: OutgoingHttpHeaders = {};
        for (const name of PASSED_HEADERS)
          if (answer.headers[name] !== undefined) headers[name] = answer.headers[name];
        res.writeHead(answer.statusCode ?? 502, headers);
        // A stream's first bytes must not wait for the first chunk to fill a buffer.
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    forward.once('error', (error: NodeJS.ErrnoException) => {
      // One line per failure (rare), so the bench's log says why a client saw a 502.
      process.stderr.write(`upstream error: ${error.code ?? error.message}\n`);
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // A client that goes away stops the upstream call too.
    res.once('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    forward.end(body);
  });
});

server.listen(Number(process.env.PORT ?? 18283), '127.0.0.1', () =>
  process.stdout.write('bare proxy ready\n'),
);
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
