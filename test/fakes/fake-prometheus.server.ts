// A fake Prometheus that answers the HTTP API's instant query (`/api/v1/query`, GET or POST form)
// in the real JSON shape, with the samples a test puts in: what `audit verify --prometheus` reads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePrometheus {
  readonly url: string;
  /** The value of the vector's sample per `chain` label. */
  readonly heads: Map<string, number>;
  /** Every PromQL query received. */
  readonly queries: string[];
  close(): Promise<void>;
}

export async function startFakePrometheus(): Promise<FakePrometheus> {
  const heads = new Map<string, number>();
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://prometheus');
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
      const query = params.get('query');
      res.setHeader('content-type', 'application/json');
      if (url.pathname !== '/api/v1/query' || query === null) {
        res.statusCode = url.pathname === '/api/v1/query' ? 400 : 404;
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'missing query' }));
        return;
      }
      queries.push(query);
      const now = Date.now() / 1000;
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [...heads].map(([chain, seq]) => ({ metric: { chain }, value: [now, String(seq)] })),
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    heads,
    queries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
