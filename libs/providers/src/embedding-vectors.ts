// What an upstream's embedding answer must hold before a vector reaches a client: one list of
// finite numbers per input. Anything else is the upstream's fault (invalid_response), never a 500.
import { ProviderError } from './provider.error';
import type { ProviderMessage, Tier } from './provider.types';

const isVector = (value: unknown): value is number[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((item) => typeof item === 'number' && Number.isFinite(item));

export function checkedVectors(tier: Tier, vectors: unknown, inputs: number): number[][] {
  if (!Array.isArray(vectors) || vectors.length !== inputs || !vectors.every(isVector)) {
    const who = tier === 'local' ? 'local' : 'cloud';
    throw new ProviderError(
      tier,
      'invalid_response',
      `${who} provider answered without one vector per input`,
    );
  }
  return vectors;
}

/** The inputs as the masking of upstream text knows the request's words. */
export function inputsAsMessages(inputs: readonly string[]): ProviderMessage[] {
  return inputs.map((content) => ({ role: 'user', content }));
}
