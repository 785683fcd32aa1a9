// The validated embeddings body as the orchestration needs it. Token ids are refused with a code:
// the policy scans text, and token ids are text only to the tokenizer that made them (the local and
// cloud models do not share one), so they can be neither scanned nor sent to the other tier.
import { HttpRequestError } from '../http/http-error';
import type { EmbeddingRequestDto } from './embedding-request.dto';

export interface EmbeddingRequest {
  readonly inputs: string[];
  readonly model: string | undefined;
  readonly encoding: 'float' | 'base64';
  readonly dimensions: number | undefined;
  readonly user: string | null;
}

export function toEmbeddingRequest(body: EmbeddingRequestDto): EmbeddingRequest {
  const input = body.input;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!inputs.every((item): item is string => typeof item === 'string')) {
    throw new HttpRequestError('UNSUPPORTED_CONTENT', 'only text input can be routed', [
      {
        field: 'input',
        message: 'token-id arrays are not supported: send the text, so the policy can scan it',
      },
    ]);
  }
  return {
    inputs,
    model: body.model,
    encoding: body.encoding_format === 'base64' ? 'base64' : 'float',
    dimensions: body.dimensions ?? undefined,
    user: body.user ?? null,
  };
}
