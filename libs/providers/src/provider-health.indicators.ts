// Terminus indicators. Readiness depends on the local provider only: the cloud is reported, and an
// unconfigured or unreachable cloud never makes the gateway unready.
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';

@Injectable()
export class OllamaHealthIndicator {
  constructor(
    private readonly provider: OllamaProvider,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'local_provider'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const health = await this.provider.health();
    return health.status === 'up'
      ? indicator.up({ detail: health.detail })
      : indicator.down({ detail: health.detail });
  }
}

@Injectable()
export class OpenAiHealthIndicator {
  constructor(
    private readonly provider: OpenAiProvider,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Always "up" for readiness; `state` says whether the cloud is reachable, down or not configured. */
  async isHealthy(key = 'cloud_provider'): Promise<HealthIndicatorResult> {
    const health = await this.provider.health();
    return this.indicators.check(key).up({ state: health.status, detail: health.detail });
  }
}
