import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPooledFetch, type FetchFunction } from './pooled-fetch';

/** The HTTP transport both adapters share: one keep-alive pool for the process. */
@Injectable()
export class ProviderTransport implements OnModuleDestroy {
  private readonly pool = createPooledFetch();

  get fetch(): FetchFunction {
    return this.pool.fetch;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
