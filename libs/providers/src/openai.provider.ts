// The cloud provider: OpenAI or any OpenAI-compatible server, through the official `openai` SDK.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { CallDeadline } from './call-deadline';
import { checkedVectors, inputsAsMessages } from './embedding-vectors';
import { classifyFailure } from './failure-classifier';
import { LlmProvider } from './llm-provider';
import { openAiAnswerOf, openAiParamsOf, openAiToolCallDeltasOf } from './openai-wire';
import { ProviderTransport } from './provider-transport';
import { ProviderError } from './provider.error';
import { SseDataDecoder } from './sse-data-decoder';
import type { UpstreamTextContext } from './upstream-text';
import type {
  EmbeddingRequest,
  EmbeddingResult,
  ProviderHealth,
  ProviderRequest,
  ProviderResult,
  ProviderStreamEvent,
  TokenUsage,
  UnsupportedField,
} from './provider.types';

const HEALTH_TIMEOUT_MS = 3000;

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): TokenUsage | null {
  if (!usage) return null;
  return { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens };
}

@Injectable()
export class OpenAiProvider extends LlmProvider {
  readonly name = 'cloud' as const;
  readonly upstream = 'openai' as const;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string;
  private readonly client: OpenAI | null;
  private readonly timeoutMs: number;
  /** Masked out of any upstream text that reaches a debug log line. */
  private readonly apiKey: string | undefined;

  constructor(config: AppConfig, transport: ProviderTransport) {
    super();
    this.apiKey = config.openai.apiKey;
    this.defaultModel = config.openai.model;
    this.defaultEmbeddingModel = config.openai.embeddingModel;
    this.timeoutMs = config.providerTimeoutMs;
    this.client =
      config.openai.apiKey === undefined
        ? null
        : new OpenAI({
            baseURL: config.openai.baseUrl,
            apiKey: config.openai.apiKey,
            // The gateway owns retries and fallbacks; a hidden SDK retry would double-bill and hide failures.
            maxRetries: 0,
            // Our own deadline aborts first; this is only a backstop.
            timeout: this.timeoutMs + 5000,
            fetch: transport.fetch,
          });
  }

  async chat(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult> {
    const client = this.requireClient();
    const deadline = new CallDeadline(this.timeoutMs, signal);
    try {
      const completion = await client.chat.completions.create(
        { ...openAiParamsOf(request), stream: false },
        { signal: deadline.signal },
      );
      const choice = completion.choices?.[0];
      const answer = openAiAnswerOf(choice);
      if (answer === null) {
        throw new ProviderError('cloud', 'invalid_response', 'cloud provider answered without a message');
      }
      return {
        ...answer,
        model: completion.model ?? request.model,
        usage: usageOf(completion.usage),
        finish_reason: choice?.finish_reason ?? null,
      };
    } catch (error) {
      throw classifyFailure('cloud', error, deadline, false, this.failureContext(request));
    } finally {
      deadline.dispose();
    }
  }

  async *stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderStreamEvent> {
    const client = this.requireClient();
    const deadline = new CallDeadline(this.timeoutMs, signal);
    let streamStarted = false;
    let model = request.model;
    let usage: TokenUsage | null = null;
    let finishReason: string | null = null;
    try {
      // The SDK builds, sends and checks the request (an error status throws its APIError); the
      // answer's events are read here, straight off the socket: one decoder call per network chunk
      // and one JSON.parse per event, where the SDK's stream iterator stacks three async generators
      // per event (docs/PERFORMANCE.md, "Streams").
      const response = await client.chat.completions
        .create(
          { ...openAiParamsOf(request), stream: true, stream_options: { include_usage: true } },
          { signal: deadline.signal },
        )
        .asResponse();
      // The upstream accepted the request and began to answer: a break from here on is an interruption.
      streamStarted = true;
      if (response.body === null) throw new TypeError('the stream has no body');
      const decoder = new SseDataDecoder();
      let sawChunk = false;
      let sawDone = false;
      for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const data of decoder.push(bytes)) {
          // As the SDK does: nothing after [DONE] counts.
          if (sawDone) continue;
          if (data.startsWith('[DONE]')) {
            sawDone = true;
            continue;
          }
          const chunk = JSON.parse(data) as ChatCompletionChunk & { error?: unknown };
          if (chunk.error) throw new APIError(undefined, chunk.error, undefined, response.headers);
          sawChunk = true;
          deadline.extend();
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = usageOf(chunk.usage);
          const choice = chunk.choices?.[0];
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          const content = choice?.delta?.content;
          const toolCalls = openAiToolCallDeltasOf(chunk);
          if (toolCalls.length > 0)
            yield {
              type: 'delta',
              content: typeof content === 'string' ? content : '',
              tool_calls: toolCalls,
            };
          else if (typeof content === 'string' && content.length > 0) yield { type: 'delta', content };
        }
      }
      // An aborted call must not look complete.
      if (deadline.signal.aborted) throw deadline.signal.reason;
      if (!sawChunk) {
        throw new ProviderError('cloud', 'invalid_response', 'cloud provider sent an empty stream');
      }
      yield {
        type: 'done',
        model,
        usage,
        finish_reason: finishReason,
      };
    } catch (error) {
      throw classifyFailure('cloud', error, deadline, streamStarted, this.failureContext(request));
    } finally {
      deadline.dispose();
    }
  }

  async embed(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResult> {
    const client = this.requireClient();
    const deadline = new CallDeadline(this.timeoutMs, signal);
    try {
      // No encoding_format: the SDK asks for base64 (a quarter of the bytes) and decodes it itself.
      const response = await client.embeddings.create(
        {
          model: request.model,
          input: [...request.inputs],
          ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
        },
        { signal: deadline.signal },
      );
      const data = Array.isArray(response?.data) ? [...response.data] : [];
      data.sort((a, b) => a.index - b.index);
      const vectors = checkedVectors(
        'cloud',
        data.map((item) => item.embedding),
        request.inputs.length,
      );
      const usage = response.usage;
      return {
        vectors,
        model: response.model ?? request.model,
        usage: usage ? { input_tokens: usage.prompt_tokens, output_tokens: 0 } : null,
      };
    } catch (error) {
      throw classifyFailure('cloud', error, deadline, false, {
        secrets: [this.apiKey],
        messages: inputsAsMessages(request.inputs),
      });
    } finally {
      deadline.dispose();
    }
  }

  override unsupported(request: ProviderRequest, stream: boolean): UnsupportedField | null {
    // Streamed log probabilities would need their own relay event; whole answers carry them.
    if (stream && request.options?.logprobs === true)
      return { field: 'logprobs', message: 'logprobs are served for whole answers only, not for streams' };
    return null;
  }

  async health(): Promise<ProviderHealth> {
    if (this.client === null) return { status: 'not_configured', detail: 'OPENAI_API_KEY is unset' };
    try {
      await this.client.models.list({ signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return { status: 'up' };
    } catch (error) {
      const failure = classifyFailure('cloud', error, new CallDeadline(HEALTH_TIMEOUT_MS), false, {
        secrets: [this.apiKey],
      });
      return { status: 'down', detail: failure.safeMessage };
    }
  }

  async listModels(): Promise<string[]> {
    const client = this.requireClient();
    const deadline = new CallDeadline(this.timeoutMs);
    try {
      const page = await client.models.list({ signal: deadline.signal });
      return page.data.map((model) => model.id);
    } catch (error) {
      throw classifyFailure('cloud', error, deadline, false, { secrets: [this.apiKey] });
    } finally {
      deadline.dispose();
    }
  }

  private failureContext(request: ProviderRequest): UpstreamTextContext {
    return { secrets: [this.apiKey], messages: request.messages };
  }

  private requireClient(): OpenAI {
    if (this.client === null) {
      throw new ProviderError(
        'cloud',
        'auth_error',
        'cloud provider not configured: OPENAI_API_KEY is unset',
      );
    }
    return this.client;
  }
}
