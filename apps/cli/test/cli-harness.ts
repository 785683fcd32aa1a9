// Runs `policy-mesh` commands in-process through CommandTestFactory, capturing what a user sees.
import { AppConfig, cloudKeyFromEnvironment, policyFileFromEnvironment } from '@app/config';
import { CommandTestFactory } from 'nest-commander-testing';
import { CliModule } from '../src/cli.module';
import { OutputService } from '../src/output/output.service';

class CapturedOutput extends OutputService {
  stdout = '';
  stderr = '';
  exitCode = 0;

  override line(text = ''): void {
    this.stdout += `${text}\n`;
  }

  override write(text: string): void {
    this.stdout += text;
  }

  override json(value: unknown): void {
    this.stdout += `${JSON.stringify(value, null, 2)}\n`;
  }

  override error(text: string): void {
    this.stderr += `${text}\n`;
  }

  override setExitCode(code: number): void {
    this.exitCode = code;
  }
}

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const output = new CapturedOutput();
  const module = await CommandTestFactory.createTestingCommand({
    imports: [
      CliModule.register(
        () => AppConfig.fromEnvironment({ LOG_LEVEL: 'silent', ...env }),
        () => policyFileFromEnvironment(env),
        () => cloudKeyFromEnvironment(env),
      ),
    ],
  })
    .overrideProvider(OutputService)
    .useValue(output)
    .compile();
  module.useLogger(false);
  await CommandTestFactory.run(module, args);
  return { stdout: output.stdout, stderr: output.stderr, exitCode: output.exitCode };
}
