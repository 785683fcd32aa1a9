// Reads a policy file from disk: the only I/O of this lib, kept out of the decision. A file over
// the size limit is refused before it is read (docs/POLICY.md, "Limits").
import { readFileSync, statSync } from 'node:fs';
import { BUILTIN_POLICY } from './builtin-policy';
import { compilePolicy, type CompiledPolicy } from './compiled-policy';
import { parsePolicy } from './policy-parser';
import { PolicyInvalidError } from './policy-invalid.error';
import { POLICY_LIMITS } from './policy-limits';

export function loadPolicyFile(path: string): CompiledPolicy {
  const label = `policy file ${path}`;
  let text: string;
  try {
    const { size } = statSync(path);
    if (size > POLICY_LIMITS.file_bytes) throw new PolicyInvalidError([tooLarge(size)], label);
    const bytes = readFileSync(path);
    // Checked again: the file may have grown between the two calls.
    if (bytes.length > POLICY_LIMITS.file_bytes)
      throw new PolicyInvalidError([tooLarge(bytes.length)], label);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof PolicyInvalidError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new PolicyInvalidError([`(file): ${reason}`], label);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyInvalidError([`(file): not valid JSON: ${(error as Error).message}`], label);
  }
  return compilePolicy(parsePolicy(json, label), { kind: 'file', path });
}

function tooLarge(bytes: number): string {
  return `(file): the policy file is ${bytes} bytes; the limit is ${POLICY_LIMITS.file_bytes} bytes`;
}

export function loadBuiltinPolicy(): CompiledPolicy {
  return compilePolicy(parsePolicy(BUILTIN_POLICY, 'built-in policy'), { kind: 'builtin' });
}
