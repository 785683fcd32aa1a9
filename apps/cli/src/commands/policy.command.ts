import { readFileSync } from 'node:fs';
import {
  decide,
  loadPolicyFile,
  PolicyService,
  policyView,
  type ChatMessage,
  type CompiledPolicy,
} from '@app/routing-policy';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions, CommandGroup } from './cli-command';
import { CliUsageError, CliVerificationFailed } from './cli-errors';

interface PolicyCase {
  readonly name: string;
  readonly messages: ChatMessage[];
  readonly expect: { readonly provider: string; readonly reason_codes: string[] };
}

function readCases(file: string): PolicyCase[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`cannot read cases from ${file}: ${(error as Error).message}`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.some(
      (c) =>
        typeof c !== 'object' ||
        c === null ||
        !Array.isArray((c as PolicyCase).messages) ||
        typeof (c as PolicyCase).expect?.provider !== 'string',
    )
  ) {
    throw new CliUsageError(
      `${file}: expected an array of {name, messages, expect: {provider, reason_codes}}`,
    );
  }
  return parsed as PolicyCase[];
}

@SubCommand({
  name: 'validate',
  arguments: '[file]',
  description:
    'Check a policy file (default: POLICY_FILE or the built-in policy); errors name their JSON path',
})
export class PolicyValidateCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute([file]: string[]): Promise<void> {
    const compiled =
      file === undefined
        ? (await this.libraries.get('policy', PolicyService)).current()
        : loadPolicyFile(file);
    this.output.line(`valid: ${file ?? policyView(compiled).source} (version ${compiled.version})`);
  }
}

@SubCommand({
  name: 'show',
  description: 'The effective policy, safe view (counts and thresholds, never keywords), and its version',
})
export class PolicyShowCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute(): Promise<void> {
    this.output.json((await this.libraries.get('policy', PolicyService)).safeView());
  }
}

@SubCommand({
  name: 'test',
  arguments: '<cases>',
  description:
    'Run policy test cases (JSON: [{name, messages, expect: {provider, reason_codes}}]); exit 3 on any failure',
})
export class PolicyTestCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--policy <file>', description: 'test this policy file instead of the configured one' })
  parsePolicy(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print results as JSON' })
  parseJson(): boolean {
    return true;
  }

  protected async execute([file]: string[], options: CliOptions): Promise<void> {
    const compiled: CompiledPolicy =
      typeof options.policy === 'string'
        ? loadPolicyFile(options.policy)
        : (await this.libraries.get('policy', PolicyService)).current();
    const results = readCases(file!).map((policyCase) => {
      const decision = decide(policyCase.messages, compiled);
      const got = { provider: decision.provider, reason_codes: decision.reason_codes };
      const pass =
        got.provider === policyCase.expect.provider &&
        JSON.stringify(got.reason_codes) === JSON.stringify(policyCase.expect.reason_codes);
      return { name: policyCase.name, pass, expected: policyCase.expect, got };
    });
    const failed = results.filter((result) => !result.pass);
    if (options.json === true)
      this.output.json({
        policy_version: compiled.version,
        passed: results.length - failed.length,
        failed: failed.length,
        results,
      });
    else {
      for (const result of results) {
        this.output.line(`${result.pass ? 'PASS' : 'FAIL'}  ${result.name}`);
        if (!result.pass)
          this.output.line(
            `      expected ${JSON.stringify(result.expected)}, got ${JSON.stringify(result.got)}`,
          );
      }
      this.output.line(`${results.length - failed.length} passed, ${failed.length} failed`);
    }
    if (failed.length > 0) throw new CliVerificationFailed(`${failed.length} policy case(s) failed`);
  }
}

@Command({
  name: 'policy',
  description: 'Validate, show and test routing policies',
  subCommands: [PolicyValidateCommand, PolicyShowCommand, PolicyTestCommand],
})
export class PolicyCommand extends CommandGroup {}
