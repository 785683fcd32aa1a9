// The policy the `policy` commands work on when no file is named: POLICY_FILE, or the built-in
// policy. Read and loaded on use, so these commands need no database, no data folder, no provider
// and, of the environment, only POLICY_FILE.
import { loadBuiltinPolicy, loadPolicyFile, type CompiledPolicy } from '@app/routing-policy';

export class ConfiguredPolicy {
  constructor(private readonly configuredFile: () => string | undefined) {}

  load(file: string | undefined = this.configuredFile()): CompiledPolicy {
    return file === undefined ? loadBuiltinPolicy() : loadPolicyFile(file);
  }
}
