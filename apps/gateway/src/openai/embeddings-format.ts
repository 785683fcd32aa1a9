// Embeddings in OpenAI's wire format: numbers, or base64 of little-endian float32 (what the openai
// SDK asks for by default, and decodes itself).
import type { EmbeddingsResult } from '@app/chat';

export function base64Vector(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

export function embeddingsBody(result: EmbeddingsResult, encoding: 'float' | 'base64') {
  const tokens = result.usage?.input_tokens ?? 0;
  return {
    object: 'list' as const,
    data: result.vectors.map((vector, index) => ({
      object: 'embedding' as const,
      index,
      embedding: encoding === 'base64' ? base64Vector(vector) : vector,
    })),
    model: result.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
