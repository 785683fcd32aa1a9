// The reference point for the gateway bench, run as its own process: a node:http server that
// forwards each body to UPSTREAM over a keep-alive agent and relays the answer. No framework,
// validation, routing, audit, metrics or logs: what this machine allows a Node process that only
// proxies.
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? 'http://127.0.0.1:18281/api/chat');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
        answer.pipe(res);
      },
    );
    forward.once('error', () => res.writeHead(502).end());
    forward.end(body);
  });
});

server.listen(Number(process.env.PORT ?? 18283), '127.0.0.1', () =>
  process.stdout.write('bare proxy ready\n'),
);
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
});
