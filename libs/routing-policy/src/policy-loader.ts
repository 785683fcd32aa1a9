// Reads a policy file from disk. The only I/O of this lib, kept out of the decision.
import { readFileSync } from 'node:fs';
import { compilePolicy, parsePolicy, type CompiledPolicy } from './compiled-policy';
import { BUILTIN_POLICY } from './builtin-policy';
import { PolicyInvalidError } from './policy-invalid.error';

export function loadPolicyFile(path: string): CompiledPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new PolicyInvalidError([`(file): ${reason}`], `policy file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyInvalidError(
      [`(file): not valid JSON: ${(error as Error).message}`],
      `policy file ${path}`,
    );
  }
  return compilePolicy(parsePolicy(json, `policy file ${path}`), { kind: 'file', path });
}

export function loadBuiltinPolicy(): CompiledPolicy {
  return compilePolicy(parsePolicy(BUILTIN_POLICY, 'built-in policy'), { kind: 'builtin' });
}
