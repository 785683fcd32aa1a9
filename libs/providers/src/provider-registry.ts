import { Injectable } from '@nestjs/common';
import type { LlmProvider } from './llm-provider';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';
import type { ProviderName } from './provider.types';

/** Both providers by name, for the orchestration that picks one per request. */
@Injectable()
export class ProviderRegistry {
  private readonly byName: Readonly<Record<ProviderName, LlmProvider>>;

  constructor(local: OllamaProvider, openai: OpenAiProvider) {
    this.byName = { local, openai };
  }

  get(name: ProviderName): LlmProvider {
    return this.byName[name];
  }

  all(): LlmProvider[] {
    return [this.byName.local, this.byName.openai];
  }
}
