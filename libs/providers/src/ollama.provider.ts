// The local provider: an Ollama server through the official `ollama` SDK, `/api/chat` both ways.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Ollama, type ChatResponse } from 'ollama';
import { CallDeadline } from './call-deadline';
import { checkedVectors, inputsAsMessages } from './embedding-vectors';
import { classifyFailure } from './failure-classifier';
import { LlmProvider } from './llm-provider';
import {
  ollamaChatRequestOf,
  ollamaLogprobsOf,
  ollamaToolCallDeltasOf,
  ollamaToolCallsOf,
  ollamaUnsupported,
} from './ollama-wire';
import { ProviderTransport } from './provider-transport';
import { ProviderError } from './provider.error';
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

const HEALTH_TIMEOUT_MS = 2000;

function usageOf(response: Pick<ChatResponse, 'prompt_eval_count' | 'eval_count'>): TokenUsage | null {
  if (typeof response.prompt_eval_count !== 'number' && typeof response.eval_count !== 'number') return null;
  return { input_tokens: response.prompt_eval_count ?? 0, output_tokens: response.eval_count ?? 0 };
}

@Injectable()
export class OllamaProvider extends LlmProvider {
  readonly name = 'local' as const;
  readonly upstream = 'ollama' as const;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string;
  private readonly host: string;
  private readonly timeoutMs: number;

  constructor(
    config: AppConfig,
    private readonly transport: ProviderTransport,
  ) {
    super();
    this.host = config.ollama.host;
    this.defaultModel = config.ollama.model;
    this.defaultEmbeddingModel = config.ollama.embeddingModel;
    this.timeoutMs = config.providerTimeoutMs;
  }

  async chat(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult> {
    const deadline = new CallDeadline(this.timeoutMs, signal);
    try {
      const response = await this.clientFor(deadline.signal).chat({
        ...ollamaChatRequestOf(request),
        stream: false,
      });
      if (typeof response?.message?.content !== 'string') {
        throw new ProviderError('local', 'invalid_response', 'local provider answered without a message');
      }
      const toolCalls = ollamaToolCallsOf(response.message);
      const logprobs = ollamaLogprobsOf(response.logprobs);
      return {
        content: response.message.content,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        ...(logprobs === undefined ? {} : { logprobs }),
        model: response.model ?? request.model,
        usage: usageOf(response),
        // Ollama says `stop` after a tool call; OpenAI's clients look for `tool_calls`.
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : (response.done_reason ?? null),
      };
    } catch (error) {
      throw classifyFailure('local', error, deadline, false, { messages: request.messages });
    } finally {
      deadline.dispose();
    }
  }

  async *stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderStreamEvent> {
    const deadline = new CallDeadline(this.timeoutMs, signal);
    let streamStarted = false;
    let finished = false;
    let sawPart = false;
    let toolCallsSent = 0;
    try {
      const parts = await this.clientFor(deadline.signal).chat({
        ...ollamaChatRequestOf(request),
        stream: true,
      });
      // The upstream accepted the request and began to answer: a break from here on is an interruption.
      streamStarted = true;
      for await (const part of parts) {
        sawPart = true;
        deadline.extend();
        const content = part.message?.content;
        // Ollama sends each tool call whole, in one message; OpenAI's clients expect indexed pieces.
        const calls = ollamaToolCallsOf(part.message);
        if (calls.length > 0) {
          yield {
            type: 'delta',
            content: typeof content === 'string' ? content : '',
            tool_calls: ollamaToolCallDeltasOf(calls, toolCallsSent),
          };
          toolCallsSent += calls.length;
        } else if (typeof content === 'string' && content.length > 0) yield { type: 'delta', content };
        if (part.done) {
          finished = true;
          yield {
            type: 'done',
            model: part.model ?? request.model,
            usage: usageOf(part),
            finish_reason: toolCallsSent > 0 ? 'tool_calls' : (part.done_reason ?? null),
          };
          return;
        }
      }
      if (deadline.signal.aborted) throw deadline.signal.reason;
      if (!finished) {
        // NDJSON ended without its `done: true` line: the answer is incomplete.
        throw new ProviderError(
          'local',
          sawPart ? 'stream_interrupted' : 'invalid_response',
          sawPart
            ? 'local provider stream broke off before it finished'
            : 'local provider sent an empty stream',
        );
      }
    } catch (error) {
      // The SDK skips lines it cannot parse and then complains that no `done` line came: with not one
      // usable line, the upstream sent garbage rather than an interrupted answer.
      const nothingUsable = !sawPart && !deadline.signal.aborted && !(error instanceof ProviderError);
      throw nothingUsable && streamStarted
        ? new ProviderError('local', 'invalid_response', 'local provider sent a malformed stream')
        : classifyFailure('local', error, deadline, streamStarted, { messages: request.messages });
    } finally {
      deadline.dispose();
    }
  }

  /** Ollama's `/api/embed`: every input in one call. */
  async embed(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResult> {
    const deadline = new CallDeadline(this.timeoutMs, signal);
    try {
      const response = await this.clientFor(deadline.signal).embed({
        model: request.model,
        input: [...request.inputs],
        ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
      });
      const vectors = checkedVectors('local', response?.embeddings, request.inputs.length);
      return {
        vectors,
        model: response.model ?? request.model,
        usage:
          typeof response.prompt_eval_count === 'number'
            ? { input_tokens: response.prompt_eval_count, output_tokens: 0 }
            : null,
      };
    } catch (error) {
      throw classifyFailure('local', error, deadline, false, { messages: inputsAsMessages(request.inputs) });
    } finally {
      deadline.dispose();
    }
  }

  override unsupported(request: ProviderRequest, stream: boolean): UnsupportedField | null {
    return ollamaUnsupported(request, stream);
  }

  async health(): Promise<ProviderHealth> {
    try {
      const response = await this.transport.fetch(new URL('/api/version', this.host), {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      if (!response.ok) return { status: 'down', detail: `GET /api/version answered ${response.status}` };
      const body = (await response.json()) as { version?: unknown };
      return {
        status: 'up',
        detail: typeof body.version === 'string' ? `ollama ${body.version}` : undefined,
      };
    } catch {
      return { status: 'down', detail: `local provider unreachable at ${this.host}` };
    }
  }

  async listModels(): Promise<string[]> {
    const deadline = new CallDeadline(this.timeoutMs);
    try {
      const list = await this.clientFor(deadline.signal).list();
      return list.models.map((model) => model.name);
    } catch (error) {
      throw classifyFailure('local', error, deadline, false);
    } finally {
      deadline.dispose();
    }
  }

  /**
   * The SDK's own abort() cancels every request of a client, so each call gets a light client whose
   * fetch carries that call's signal, over the shared connection pool.
   */
  private clientFor(signal: AbortSignal): Ollama {
    const pooled = this.transport.fetch;
    return new Ollama({
      host: this.host,
      fetch: (input, init) =>
        pooled(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });
  }
}
