import { Inject, Injectable } from '@nestjs/common';
import { LlmProvider } from './llm-provider';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';
import type { Tier } from './provider.types';

/** The provider serving each tier, for the orchestration that picks one per request. */
@Injectable()
export class ProviderRegistry {
  private readonly byTier: Readonly<Record<Tier, LlmProvider>>;

  // Typed as the port, so a test can hand in any two LlmProviders.
  constructor(@Inject(OllamaProvider) local: LlmProvider, @Inject(OpenAiProvider) cloud: LlmProvider) {
    this.byTier = { local, cloud };
  }

  get(tier: Tier): LlmProvider {
    return this.byTier[tier];
  }

  all(): LlmProvider[] {
    return [this.byTier.local, this.byTier.cloud];
  }
}
