import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OllamaProvider } from './ollama.provider';
import { OpenAiProvider } from './openai.provider';
import { OllamaHealthIndicator, OpenAiHealthIndicator } from './provider-health.indicators';
import { ProviderRegistry } from './provider-registry';
import { ProviderTransport } from './provider-transport';

/** LLM providers behind the LlmProvider port: Ollama (local) and OpenAI (cloud). Needs AppConfig. */
@Module({
  imports: [TerminusModule],
  providers: [
    ProviderTransport,
    OllamaProvider,
    OpenAiProvider,
    ProviderRegistry,
    OllamaHealthIndicator,
    OpenAiHealthIndicator,
  ],
  exports: [OllamaProvider, OpenAiProvider, ProviderRegistry, OllamaHealthIndicator, OpenAiHealthIndicator],
})
export class ProvidersModule {}
