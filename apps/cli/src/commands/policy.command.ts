import { readFileSync } from 'node:fs';
import { parsePolicyCases, policyNotices, policyView, runPolicyCases } from '@app/routing-policy';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions, CommandGroup } from './cli-command';
import { CliUsageError, CliVerificationFailed } from './cli-errors';
import { ConfiguredPolicy } from './configured-policy';

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`cannot read ${what} from ${file}: ${(error as Error).message}`);
  }
}

@SubCommand({
  name: 'validate',
  arguments: '[file]',
  description:
    'Check a policy file (default: POLICY_FILE or the built-in policy); errors name their JSON path, unknown keys are warnings (--strict: errors)',
})
export class PolicyValidateCommand extends CliCommand {
  constructor(
    output: OutputService,
    libraries: CliLibraries,
    private readonly policy: ConfiguredPolicy,
  ) {
    super(output, libraries);
  }

  @Option({ flags: '--strict', description: 'fail (exit 2) on warnings too: for CI' })
  parseStrict(): boolean {
    return true;
  }

  protected execute([file]: string[], options: CliOptions): Promise<void> {
    const compiled = this.policy.load(file);
    for (const warning of compiled.warnings) this.output.error(`warning: ${warning}`);
    const name = file ?? policyView(compiled).source;
    if (options.strict === true && compiled.warnings.length > 0) {
      throw new CliUsageError(`${name}: ${compiled.warnings.length} warning(s), refused by --strict`);
    }
    this.output.line(`valid: ${name} (version ${compiled.version})`);
    return Promise.resolve();
  }
}

@SubCommand({
  name: 'show',
  description:
    'The effective policy, safe view (counts and thresholds, never keywords), its version, warnings and notices',
})
export class PolicyShowCommand extends CliCommand {
  constructor(
    output: OutputService,
    libraries: CliLibraries,
    private readonly policy: ConfiguredPolicy,
  ) {
    super(output, libraries);
  }

  protected execute(): Promise<void> {
    // The body of GET /v1/routes, notices included.
    const view = policyView(this.policy.load());
    this.output.json({ ...view, notices: policyNotices(this.policy.cloudKeyConfigured(), view) });
    return Promise.resolve();
  }
}

@SubCommand({
  name: 'test',
  arguments: '<cases>',
  description:
    'Run policy test cases (JSON: [{name, messages, expect: {provider, reason_codes}}]); exit 3 on any failure',
})
export class PolicyTestCommand extends CliCommand {
  constructor(
    output: OutputService,
    libraries: CliLibraries,
    private readonly policy: ConfiguredPolicy,
  ) {
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

  protected execute([file]: string[], options: CliOptions): Promise<void> {
    const compiled = this.policy.load(typeof options.policy === 'string' ? options.policy : undefined);
    const report = runPolicyCases(
      parsePolicyCases(readJson(file!, 'cases'), `policy cases ${file}`),
      compiled,
    );
    if (options.json === true) this.output.json(report);
    else {
      for (const result of report.results) {
        this.output.line(`${result.pass ? 'PASS' : 'FAIL'}  ${result.name}`);
        if (!result.pass)
          this.output.line(
            `      expected ${JSON.stringify(result.expected)}, got ${JSON.stringify(result.got)}`,
          );
      }
      this.output.line(`${report.passed} passed, ${report.failed} failed`);
    }
    if (report.failed > 0) throw new CliVerificationFailed(`${report.failed} policy case(s) failed`);
    return Promise.resolve();
  }
}

@Command({
  name: 'policy',
  description: 'Validate, show and test routing policies',
  subCommands: [PolicyValidateCommand, PolicyShowCommand, PolicyTestCommand],
})
export class PolicyCommand extends CommandGroup {}

/** Every provider of the `policy` command group, but the policy it works on. */
export const POLICY_COMMANDS = [PolicyCommand, PolicyValidateCommand, PolicyShowCommand, PolicyTestCommand];
