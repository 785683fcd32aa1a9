export { LlmProvider } from './llm-provider';
export { OllamaProvider } from './ollama.provider';
export { OpenAiProvider } from './openai.provider';
export { ProviderRegistry } from './provider-registry';
export { ProviderTransport } from './provider-transport';
export { ProviderError } from './provider.error';
export { FAILURE_CATEGORIES } from './provider.types';
export type {
  EmbeddingRequest,
  EmbeddingResult,
  ContentPart,
  FailureCategory,
  ImagePart,
  ProviderMessage,
  TokenLogprob,
  ToolCall,
  ToolCallDelta,
  ToolChoice,
  ToolDefinition,
  UnsupportedField,
  GenerationOptions,
  ProviderHealth,
  ProviderRequest,
  ProviderResult,
  ProviderStreamEvent,
  Tier,
  TokenUsage,
  Upstream,
} from './provider.types';
export { ProvidersModule } from './providers.module';
