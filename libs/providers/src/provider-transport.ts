import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPooledFetch, type FetchFunction } from './pooled-fetch';

/** The HTTP transport both adapters share: one keep-alive pool for the process. */
@Injectable()
export class ProviderTransport implements OnApplicationShutdown {
  private readonly pool = createPooledFetch();

  get fetch(): FetchFunction {
    return this.pool.fetch;
  }

  /** After the HTTP server has drained: requests still in flight at SIGTERM keep their connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
