// The shipped example policy and its cases (docs/examples) stay true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFile } from './policy-loader';
import { decide } from './routing-engine';
import type { ChatMessage } from './routing.types';

const examples = join(__dirname, '../../../docs/examples');

interface PolicyCase {
  name: string;
  messages: ChatMessage[];
  expect: { provider: string; reason_codes: string[] };
}

describe('docs/examples', () => {
  const policy = loadPolicyFile(join(examples, 'policy.json'));
  const cases = JSON.parse(readFileSync(join(examples, 'policy-cases.json'), 'utf8')) as PolicyCase[];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, policyCase) => {
    const decision = decide(policyCase.messages, policy);
    expect({ provider: decision.provider, reason_codes: decision.reason_codes }).toEqual(policyCase.expect);
  });
});
