import { Injectable } from '@nestjs/common';
import type { LlmProvider } from './llm-provider';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';
import type { Tier } from './provider.types';

/** Both providers by name, for the orchestration that picks one per request. */
@Injectable()
export class ProviderRegistry {
  private readonly byName: Readonly<Record<Tier, LlmProvider>>;

  constructor(local: OllamaProvider, cloud: OpenAiProvider) {
    this.byName = { local, cloud };
  }

  get(name: Tier): LlmProvider {
    return this.byName[name];
  }

  all(): LlmProvider[] {
    return [this.byName.local, this.byName.cloud];
  }
}
