import { ChatFailedError, chatReply, ChatService, failedChatReply, type ChatResult } from '@app/chat';
import type { ChatMessage } from '@app/routing-policy';
import { Command, Option } from 'nest-commander';
import { v7 as uuidv7 } from 'uuid';
import { CliLibraries } from '../libraries/cli-libraries';
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
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
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

  @Option({ flags: '--json', description: 'print the answer as POST /v1/chat gives it' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(words: string[], options: CliOptions): Promise<void> {
    const messages: ChatMessage[] = [];
    if (typeof options.system === 'string') messages.push({ role: 'system', content: options.system });
    messages.push({ role: 'user', content: await promptText(words) });
    const input = {
      request_id: uuidv7(),
      endpoint: 'cli' as const,
      messages,
      model: options.model as string | undefined,
    };
    const json = options.json === true;
    const chat = await this.libraries.get('chat', ChatService);
    let result: ChatResult;
    try {
      result = options.stream === true ? await this.streamed(chat, input, json) : await chat.complete(input);
    } catch (error) {
      if (!(error instanceof ChatFailedError)) throw error;
      // The same body the API gives with its 502, then the usual error line and exit code.
      if (json) this.output.json(failedChatReply(error));
      const { routing } = error;
      throw new Error(
        `${routing.served_by} failed (${error.failure_category}): ${error.message} [request ${routing.request_id}]`,
      );
    }
    if (json) {
      this.output.json(chatReply(result));
      return;
    }
    if (options.stream === true) this.output.line();
    else this.output.line(result.content);
    this.output.error(
      `# request ${result.request_id}: ${result.served_by} (${result.reason_codes.join(', ')}), model ${result.model}, ${Math.round(result.latency_ms)} ms`,
    );
  }

  /** Prints tokens as they arrive (unless --json) and returns the whole answer once it is audited. */
  private async streamed(
    chat: ChatService,
    input: Parameters<ChatService['stream']>[0],
    json: boolean,
  ): Promise<ChatResult> {
    const stream = await chat.stream(input);
    let content = '';
    for await (const event of stream.events) {
      if (event.type === 'delta') {
        content += event.content;
        if (!json) this.output.write(event.content);
      } else if (event.type === 'error') {
        if (!json && content !== '') this.output.line();
        throw event.error;
      } else return { ...event.result, content };
    }
    throw new Error('the stream ended without an outcome');
  }
}
