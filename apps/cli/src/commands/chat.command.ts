import { ChatFailedError, ChatService } from '@app/chat';
import type { ChatMessage } from '@app/routing-policy';
import { Command, Option } from 'nest-commander';
import { v7 as uuidv7 } from 'uuid';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions } from './cli-command';
import { promptText } from './text-input';

@Command({
  name: 'chat',
  arguments: '<text...>',
  description:
    'Send a prompt through the full path in-process (decide, call, audit) and print the answer with its routing',
})
export class ChatCommand extends CliCommand {
  constructor(
    output: OutputService,
    private readonly chat: ChatService,
  ) {
    super(output);
  }

  @Option({ flags: '--system <text>', description: 'a system message before the prompt' })
  parseSystem(value: string): string {
    return value;
  }

  @Option({ flags: '--model <model>', description: 'a model the policy allows for the chosen provider' })
  parseModel(value: string): string {
    return value;
  }

  @Option({ flags: '--stream', description: 'print tokens as they arrive' })
  parseStream(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the result as JSON' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(words: string[], options: CliOptions): Promise<void> {
    const messages: ChatMessage[] = [];
    if (typeof options.system === 'string') messages.push({ role: 'system', content: options.system });
    messages.push({ role: 'user', content: await promptText(words) });
    const input = {
      requestId: uuidv7(),
      endpoint: 'cli' as const,
      messages,
      model: options.model as string | undefined,
    };
    try {
      if (options.stream === true) {
        const stream = await this.chat.stream(input);
        if (options.json !== true)
          this.output.error(`# ${stream.routing.servedBy} (${stream.routing.reasonCodes.join(', ')})`);
        let content = '';
        for await (const delta of stream.deltas) {
          content += delta;
          if (options.json !== true) this.output.write(delta);
        }
        const { usage } = await stream.finished;
        if (options.json === true) this.output.json({ ...stream.routing, content, usage });
        else this.output.line();
        return;
      }
      const result = await this.chat.complete(input);
      if (options.json === true) {
        this.output.json(result);
        return;
      }
      this.output.line(result.content);
      this.output.error(
        `# request ${result.requestId}: ${result.servedBy} (${result.reasonCodes.join(', ')}), model ${result.model}, ${Math.round(result.latencyMs)} ms`,
      );
    } catch (error) {
      if (error instanceof ChatFailedError) {
        throw new Error(
          `${error.routing.servedBy} failed (${error.category}): ${error.safeMessage} [request ${error.routing.requestId}]`,
        );
      }
      throw error;
    }
  }
}
