import { Module } from '@nestjs/common';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';
import { ProviderRegistry } from './provider-registry';
import { ProviderTransport } from './provider-transport';

/** LLM providers behind the LlmProvider port: Ollama (local) and OpenAI (cloud). Needs AppConfig. */
@Module({
  providers: [ProviderTransport, OllamaProvider, OpenAiProvider, ProviderRegistry],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
