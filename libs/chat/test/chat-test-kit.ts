// In-memory parts for ChatService's unit tests: providers at the LlmProvider port, an audit writer
// that keeps events in a list (or refuses them), and the day's spend, all wired as Nest wires them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  AuditQueryService,
  AuditUnavailableError,
  AuditWriter,
  PromptFingerprinter,
  type AuditEventInput,
} from '@app/audit';
import { AppConfig } from '@app/config';
import { GatewayMetrics } from '@app/metrics';
import {
  type EmbeddingRequest,
  type EmbeddingResult,
  type FailureCategory,
  LlmProvider,
  ProviderError,
  ProviderRegistry,
  type ProviderHealth,
  type ProviderRequest,
  type ProviderResult,
  type ProviderStreamEvent,
  type Tier,
  type UnsupportedField,
} from '@app/providers';
import { PolicyService } from '@app/routing-policy';
import { BudgetService } from '../src/budget.service';
import { ChatRecorder } from '../src/chat-recorder';
import { ChatService } from '../src/chat.service';
import { EmbeddingsService } from '../src/embeddings.service';

/** What the provider does with the next calls. */
export type Behaviour =
  | { readonly kind: 'answer' }
  | { readonly kind: 'fail'; readonly category: FailureCategory }
  /** Streams only: some deltas, then the stream breaks. */
  | { readonly kind: 'break'; readonly category: FailureCategory }
  /** Something that is not a ProviderError (an adapter bug). */
  | { readonly kind: 'throw' };

export const USAGE = { input_tokens: 1000, output_tokens: 1000 };

export class InMemoryProvider extends LlmProvider {
  readonly upstream;
  readonly defaultModel;
  readonly defaultEmbeddingModel;
  readonly calls: ProviderRequest[] = [];
  readonly embedCalls: EmbeddingRequest[] = [];
  /** Streams whose consumer stopped before the end (the relay returned the iterator). */
  closedEarly = 0;
  behaviour: Behaviour = { kind: 'answer' };
  /** A field this provider says it cannot honour, for every request. */
  refuses: UnsupportedField | null = null;

  constructor(readonly name: Tier) {
    super();
    this.upstream = name === 'local' ? ('ollama' as const) : ('openai' as const);
    this.defaultModel = name === 'local' ? 'llama-test' : 'gpt-test';
    this.defaultEmbeddingModel = name === 'local' ? 'embed-local-test' : 'embed-cloud-test';
  }

  /** One three-number vector per input: its length, its tier, its position. */
  embed(request: EmbeddingRequest): Promise<EmbeddingResult> {
    this.embedCalls.push(request);
    const failure = this.failure();
    if (failure !== null) return Promise.reject(failure);
    return Promise.resolve({
      vectors: request.inputs.map((input, index) => [input.length, this.name === 'local' ? 0 : 1, index]),
      model: request.model,
      usage: { input_tokens: 10 * request.inputs.length, output_tokens: 0 },
    });
  }

  chat(request: ProviderRequest): Promise<ProviderResult> {
    this.calls.push(request);
    const failure = this.failure();
    if (failure !== null) return Promise.reject(failure);
    return Promise.resolve({
      content: this.reply(),
      model: request.model,
      usage: USAGE,
      finish_reason: 'stop',
    });
  }

  async *stream(request: ProviderRequest): AsyncIterable<ProviderStreamEvent> {
    this.calls.push(request);
    const failure = this.failure();
    if (failure !== null) throw failure;
    let finished = false;
    try {
      for (const word of this.reply().split(' ')) {
        // One chunk per turn of the event loop, as a socket delivers them.
        await new Promise((resolve) => setImmediate(resolve));
        yield { type: 'delta', content: `${word} ` };
      }
      if (this.behaviour.kind === 'break')
        throw new ProviderError(this.name, this.behaviour.category, `${this.name} stream broke off`);
      yield { type: 'done', model: request.model, usage: USAGE, finish_reason: 'stop' };
      finished = true;
    } finally {
      if (!finished && this.behaviour.kind !== 'break') this.closedEarly += 1;
    }
  }

  override unsupported(): UnsupportedField | null {
    return this.refuses;
  }

  health(): Promise<ProviderHealth> {
    return Promise.resolve({ status: 'up' });
  }

  listModels(): Promise<string[]> {
    return Promise.resolve([this.defaultModel]);
  }

  private reply(): string {
    return `${this.name} says hello`;
  }

  private failure(): Error | null {
    if (this.behaviour.kind === 'fail')
      return new ProviderError(
        this.name,
        this.behaviour.category,
        `${this.name} failed: ${this.behaviour.category}`,
      );
    if (this.behaviour.kind === 'throw') return new TypeError('adapter bug');
    return null;
  }
}

/** The writer port: events land in a list, or every record is refused (fail closed). */
export class InMemoryAuditWriter {
  readonly events: AuditEventInput[] = [];
  refusing = false;

  record(event: AuditEventInput): Promise<void> {
    if (this.refusing)
      return Promise.reject(new AuditUnavailableError('audit database and spool are both unavailable'));
    this.events.push(event);
    return Promise.resolve();
  }
}

export interface ChatTestbed {
  readonly chat: ChatService;
  readonly embeddings: EmbeddingsService;
  readonly local: InMemoryProvider;
  readonly cloud: InMemoryProvider;
  readonly writer: InMemoryAuditWriter;
  readonly metrics: GatewayMetrics;
  /** Today's cloud spend as the audit table would answer it (undefined: the query fails). */
  spend: number | undefined;
  spendQueries: number;
}

export async function chatTestbed(
  policy: object = { sensitivity: { keywords: [] }, cost: {} },
): Promise<ChatTestbed> {
  const file = join(mkdtempSync(join(tmpdir(), 'pm-chat-unit-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  const local = new InMemoryProvider('local');
  const cloud = new InMemoryProvider('cloud');
  const writer = new InMemoryAuditWriter();
  const testbed = { local, cloud, writer, spend: 0 as number | undefined, spendQueries: 0 };
  const spending = {
    cloudSpendUsdSince: () => {
      testbed.spendQueries += 1;
      return testbed.spend === undefined
        ? Promise.reject(new Error('database down'))
        : Promise.resolve(testbed.spend);
    },
  };
  const moduleRef = await Test.createTestingModule({
    providers: [
      ChatService,
      EmbeddingsService,
      ChatRecorder,
      BudgetService,
      GatewayMetrics,
      {
        provide: PolicyService,
        useValue: new PolicyService(AppConfig.fromEnvironment({ POLICY_FILE: file })),
      },
      { provide: ProviderRegistry, useValue: new ProviderRegistry(local, cloud) },
      { provide: AuditWriter, useValue: writer },
      { provide: AuditQueryService, useValue: spending },
      // A fixed fingerprint: the keyed HMAC has its own tests in libs/audit.
      { provide: PromptFingerprinter, useValue: { fingerprint: () => 'f'.repeat(64) } },
    ],
  }).compile();
  return Object.assign(testbed, {
    chat: moduleRef.get(ChatService),
    embeddings: moduleRef.get(EmbeddingsService),
    metrics: moduleRef.get(GatewayMetrics),
  });
}

/** A counter's current value for exactly these labels (0 when the series does not exist yet). */
export async function counted(
  metric: GatewayMetrics['chatRequests'],
  labels: Readonly<Record<string, string>>,
): Promise<number> {
  const { values } = await metric.get();
  const match = values.find((value) =>
    Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return match?.value ?? 0;
}
