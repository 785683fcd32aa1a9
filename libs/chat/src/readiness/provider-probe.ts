// A provider's reachability for readiness reports: probed at most every few seconds, so frequent
// readiness probes do not hammer the upstreams, and a report never waits long on a slow one.
import type { LlmProvider } from '@app/providers';
import type { ProviderCheck } from './readiness-report';

const FRESH_MS = 5000;

export class ProviderProbe {
  private last: { readonly check: ProviderCheck; readonly at: number } | undefined;
  private probing: Promise<ProviderCheck> | undefined;

  constructor(
    private readonly provider: LlmProvider,
    private readonly onProbed: (check: ProviderCheck) => void,
  ) {}

  /**
   * The provider's state. A probe under way is waited for at most `waitMs`; past that the previous
   * state is reported (or `unknown` before the first answer), and the probe still completes.
   */
  async check(waitMs?: number): Promise<ProviderCheck> {
    if (this.last !== undefined && Date.now() - this.last.at < FRESH_MS) return this.last.check;
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    if (waitMs === undefined) return this.probing;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ProviderCheck>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            this.last?.check ?? {
              status: 'unknown',
              upstream: this.provider.upstream,
              detail: `no answer within ${waitMs} ms yet`,
            },
          ),
        waitMs,
      );
    });
    return Promise.race([this.probing, late]).finally(() => clearTimeout(timer));
  }

  private async probe(): Promise<ProviderCheck> {
    const health = await this.provider.health().catch((error: unknown) => ({
      status: 'down' as const,
      detail: (error as Error).message,
    }));
    const check: ProviderCheck = {
      status: health.status,
      upstream: this.provider.upstream,
      detail: health.detail ?? null,
    };
    this.last = { check, at: Date.now() };
    this.onProbed(check);
    return check;
  }
}
