export { LlmProvider } from './llm-provider';
export { OllamaProvider } from './ollama.provider';
export { OpenAiProvider } from './openai.provider';
export { OllamaHealthIndicator, OpenAiHealthIndicator } from './provider-health.indicators';
export { ProviderRegistry } from './provider-registry';
export { ProviderTransport } from './provider-transport';
export { ProviderError } from './provider.error';
export { createPooledFetch } from './pooled-fetch';
export type { FetchFunction } from './pooled-fetch';
export { FAILURE_CATEGORIES } from './provider.types';
export type {
  FailureCategory,
  GenerationOptions,
  ProviderHealth,
  ProviderMessage,
  Tier,
  Upstream,
  ProviderRequest,
  ProviderResult,
  ProviderStreamEvent,
  TokenUsage,
} from './provider.types';
export { ProvidersModule } from './providers.module';
