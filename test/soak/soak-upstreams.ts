// The fake upstreams of the soak, in its own process so that it can read what the cloud was sent:
// every request the fake OpenAI gets is searched for the sensitive prompts' canary, then dropped,
// so the fakes' memory stays flat over a long run.
import { startFakeOllama, startFakeOpenAi, type FakeServer, type StreamShape } from '../fakes';
import { CANARY } from './soak-prompts';

export interface CloudFigures {
  /** Chat requests the fake cloud received. */
  requests: number;
  /** Of them, those carrying a sensitive prompt's canary: must be 0. */
  sensitive: number;
}

export class SoakUpstreams {
  readonly cloud: CloudFigures = { requests: 0, sensitive: 0 };
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly openai: FakeServer,
    private readonly ollama: FakeServer,
  ) {
    this.timer = setInterval(() => this.inspect(), 1000);
  }

  static async start(streamShape: StreamShape): Promise<SoakUpstreams> {
    const [openai, ollama] = await Promise.all([
      startFakeOpenAi({ streamShape }),
      startFakeOllama({ streamShape }),
    ]);
    return new SoakUpstreams(openai, ollama);
  }

  get origin(): string {
    return this.openai.url;
  }

  get ollamaOrigin(): string {
    return this.ollama.url;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.inspect();
    await Promise.all([this.openai.close(), this.ollama.close()]);
  }

  private inspect(): void {
    for (const request of this.openai.requestsTo('/v1/chat/completions')) {
      this.cloud.requests += 1;
      if (JSON.stringify(request.body).includes(CANARY)) this.cloud.sensitive += 1;
    }
    this.openai.requests.length = 0;
    this.ollama.requests.length = 0;
  }
}
