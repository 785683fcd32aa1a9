import { ChatService, EmbeddingsService, type ChatKey } from '@app/chat';
import { ApiKeyService } from '@app/identity';
import { decide, decideEmbeddings, loadPolicyFile, type Decision } from '@app/routing-policy';
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
    flags: '--key <key>',
    description:
      'decide as this API key would (id, public prefix or name): its local_only class and daily cloud budget come first in the trace',
  })
  parseKey(value: string): string {
    return value;
  }

  @Option({
    flags: '--json',
    description: 'print the decision and trace as POST /v1/route/explain gives them',
  })
  parseJson(): boolean {
    return true;
  }

  @Option({
    flags: '--embeddings',
    description: 'decide as POST /v1/embeddings would for this text (embeddings.tier included)',
  })
  parseEmbeddings(): boolean {
    return true;
  }

  protected async execute(words: string[], options: CliOptions): Promise<void> {
    const text = await promptText(words);
    const messages = [{ role: 'user' as const, content: text }];
    const policyFile = typeof options.policy === 'string' ? options.policy : undefined;
    const key =
      typeof options.key === 'string' ? await this.chatKey(options.key, policyFile !== undefined) : undefined;
    // A policy file is explained offline: the key's class counts, its spend today is unknown.
    const offline = key === undefined ? {} : { key };
    let decision: Decision;
    if (options.embeddings === true)
      decision =
        policyFile !== undefined
          ? decideEmbeddings([text], loadPolicyFile(policyFile), offline)
          : await this.libraries
              .get('chat', EmbeddingsService)
              .then((service) => service.decide({ inputs: [text], key }));
    else
      decision =
        policyFile !== undefined
          ? decide(messages, loadPolicyFile(policyFile), offline)
          : await this.libraries.get('chat', ChatService).then((chat) => chat.decide({ messages, key }));
    if (options.json === true) this.output.json(decision);
    else printDecision(this.output, decision);
  }

  /** The attributes of a stored key the decision takes in; unknown keys fail like `keys show`. */
  private async chatKey(reference: string, offline: boolean): Promise<ChatKey> {
    // One library scope per command: the chat scope holds the keys too.
    const keys = await this.libraries.get(offline ? 'identity' : 'chat', ApiKeyService);
    const view = await keys.show(reference);
    return { id: view.id, local_only: view.local_only, daily_cloud_usd: view.daily_cloud_usd };
  }
}

@Command({ name: 'route', description: 'Routing decisions', subCommands: [RouteExplainCommand] })
export class RouteCommand extends CommandGroup {}
