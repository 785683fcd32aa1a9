import type { ArgumentMetadata } from '@nestjs/common';
import { ChatRequestDto } from '../chat/chat-request.dto';
import { CompletionRequestDto } from '../openai/completion-request.dto';
import { HttpRequestError } from './http-error';
import { GatewayValidationPipe } from './validation.pipe';
import { cacheValidationMetadata } from './validation-metadata-cache';

const message = { role: 'user', content: 'hello' };
const BODIES: readonly unknown[] = [
  {},
  { messages: 'hello' },
  { messages: [] },
  { messages: [message], extra: 1 },
  { messages: [{ role: 'robot', content: 'x' }, { content: 1 }] },
  { model: 7, messages: [message], temperature: 3, top_p: -1, n: 0, stream: 'yes' },
  { messages: [message], response_format: { type: 'json_schema' } },
  { messages: [message], response_format: { type: 'json_schema', json_schema: { name: 'a b' } } },
  { messages: [message], stream_options: { include_usage: 'x' } },
  { messages: [{ ...message, name: 'n', unknown: true }], model: 'x'.repeat(201) },
  { messages: [message], model: 'gpt-4o-mini' },
];

async function outcomes(): Promise<string[]> {
  const pipe = new GatewayValidationPipe();
  const results: string[] = [];
  for (const metatype of [CompletionRequestDto, ChatRequestDto])
    for (const body of BODIES) {
      const metadata: ArgumentMetadata = { type: 'body', metatype, data: undefined };
      try {
        results.push(JSON.stringify(await pipe.transform(structuredClone(body), metadata)));
      } catch (error) {
        if (!(error instanceof HttpRequestError)) throw error;
        results.push(
          JSON.stringify({ code: error.code, message: error.message, violations: error.violations }),
        );
      }
    }
  return results;
}

describe(cacheValidationMetadata.name, () => {
  it('leaves every accepted body and every error the same, byte for byte', async () => {
    const before = await outcomes();
    cacheValidationMetadata();
    const after = await outcomes();
    expect(after).toEqual(before);
    // Twice, so the second pass runs on kept lookups only.
    expect(await outcomes()).toEqual(before);
    expect(before.filter((outcome) => outcome.includes('VALIDATION_FAILED')).length).toBeGreaterThan(15);
  });
});
