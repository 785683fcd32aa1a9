// The policy the `policy` commands work on when no file is named: POLICY_FILE, or the built-in
// policy. Loaded on use, so these commands need no database, no data folder, no provider and, of
// the environment, only POLICY_FILE (policy-cli.module.ts).
import { loadBuiltinPolicy, loadPolicyFile, type CompiledPolicy } from '@app/routing-policy';

export class ConfiguredPolicy {
  constructor(private readonly file: string | undefined) {}

  load(file: string | undefined = this.file): CompiledPolicy {
    return file === undefined ? loadBuiltinPolicy() : loadPolicyFile(file);
  }
}
