import { Module } from '@nestjs/common';

/** LLM providers behind the LlmProvider port: Ollama (local) and OpenAI (cloud). */
@Module({})
export class ProvidersModule {}
