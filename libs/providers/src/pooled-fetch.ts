// A keep-alive connection pool for both SDKs. Node 20's global fetch opens connections far less
// efficiently on the hot path (docs/PERFORMANCE.md, "Providers"); undici's Agent keeps them warm.
import { Agent, fetch as undiciFetch } from 'undici';

export type FetchFunction = typeof globalThis.fetch;

export function createPooledFetch(connections = 128): { fetch: FetchFunction; close: () => Promise<void> } {
  const agent = new Agent({ connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
  const pooled = ((input: Parameters<FetchFunction>[0], init?: Parameters<FetchFunction>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    })) as unknown as FetchFunction;
  return { fetch: pooled, close: () => agent.close() };
}
