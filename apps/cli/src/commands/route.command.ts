import { ChatService } from '@app/chat';
import { decide, loadPolicyFile, type Decision } from '@app/routing-policy';
import { Command, Option, SubCommand } from 'nest-commander';
import { decisionLines } from '../output/decision-view';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions, CommandGroup } from './cli-command';
import { promptText } from './text-input';

export function printDecision(output: OutputService, decision: Decision): void {
  for (const line of decisionLines(decision)) output.line(line);
}

@SubCommand({
  name: 'explain',
  arguments: '<text...>',
  description:
    'Where a prompt would go and why: the decision and every rule; nothing is sent. Use - to read stdin',
})
export class RouteExplainCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({
    flags: '--policy <file>',
    description: 'explain under this policy file instead of the configured one',
  })
  parsePolicy(value: string): string {
    return value;
  }

  @Option({
    flags: '--json',
    description: 'print the decision and trace as POST /v1/route/explain gives them',
  })
  parseJson(): boolean {
    return true;
  }

  protected async execute(words: string[], options: CliOptions): Promise<void> {
    const messages = [{ role: 'user' as const, content: await promptText(words) }];
    const decision =
      typeof options.policy === 'string'
        ? decide(messages, loadPolicyFile(options.policy))
        : await this.libraries.get('chat', ChatService).then((chat) => chat.decide({ messages }));
    if (options.json === true) this.output.json(decision);
    else printDecision(this.output, decision);
  }
}

@Command({ name: 'route', description: 'Routing decisions', subCommands: [RouteExplainCommand] })
export class RouteCommand extends CommandGroup {}
