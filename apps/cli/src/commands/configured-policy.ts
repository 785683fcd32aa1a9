// The policy the `policy` commands work on when no file is named: POLICY_FILE, or the built-in
// policy. Read and loaded on use, so these commands need no database, no data folder, no provider
// and, of the environment, only POLICY_FILE (and OPENAI_API_KEY for `policy show`'s notices).
import { loadBuiltinPolicy, loadPolicyFile, type CompiledPolicy } from '@app/routing-policy';

export class ConfiguredPolicy {
  constructor(
    private readonly configuredFile: () => string | undefined,
    /** Whether a cloud key is set: a policy that never uses it earns a notice. */
    readonly cloudKeyConfigured: () => boolean,
  ) {}

  load(file: string | undefined = this.configuredFile()): CompiledPolicy {
    return file === undefined ? loadBuiltinPolicy() : loadPolicyFile(file);
  }
}
