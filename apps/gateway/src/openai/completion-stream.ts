// The OpenAI-compatible stream on the wire: one plain loop that pulls an event only while the client
// keeps up, writes its bytes through the SSE writer, and ends the stream exactly once whatever
// happens (completed, broken, client gone, client stalled).
import type { AuditUnavailableError } from '@app/audit';
import { ChatFailedError, type ChatStream, type ChatStreamResult } from '@app/chat';
import type { Response } from 'express';
import { openAiErrorBody } from '../http/error-body';
import { statusForCode } from '../http/error-status';
import { SseWriter } from '../http/sse-writer';
import { chunk, ChunkFrames, upstreamError, usageOf } from './openai-format';

const sse = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** How a stream that had begun ends badly: an error event (the SDKs raise it), never a silent end. */
function streamError(error: ChatFailedError | AuditUnavailableError, requestId: string) {
  if (error instanceof ChatFailedError) return upstreamError(error.message, error.failure_category);
  const status = statusForCode(error.code) ?? 503;
  return openAiErrorBody({ status, code: error.code, message: error.message, requestId, violations: [] });
}

export interface CompletionStreamOptions {
  readonly created: number;
  readonly includeUsage: boolean;
  /** How long the client may read nothing while its socket is full before its stream is cut. */
  readonly stallMs: number;
}

/** The end of a good stream: the finish chunk, the usage chunk when asked for, `[DONE]`. */
function ending(stream: ChatStream, result: ChatStreamResult, options: CompletionStreamOptions): string {
  const { routing } = stream;
  let bytes = sse(chunk(routing, options.created, {}, result.finish_reason ?? 'stop'));
  if (options.includeUsage)
    bytes += sse({ ...chunk(routing, options.created, {}, null), choices: [], usage: usageOf(result.usage) });
  return bytes + sse('[DONE]');
}

/** Writes a started stream (headers already set) to its client. Resolves once the stream is over. */
export async function writeCompletionStream(
  res: Response,
  stream: ChatStream,
  options: CompletionStreamOptions,
): Promise<void> {
  const { routing, events } = stream;
  const writer = new SseWriter(res, options.stallMs);
  const frames = new ChunkFrames(routing, options.created);
  writer.send(sse(chunk(routing, options.created, { role: 'assistant', content: '' }, null)));
  try {
    for (;;) {
      // Backpressure: the next event is pulled from upstream only once the client has room for it.
      if (writer.blocked) {
        const state = await writer.waitForClient();
        if (state === 'stalled') {
          writer.cut();
          await events.stop('stalled');
          return;
        }
      }
      if (writer.gone) {
        // The client left: the orchestration stops the upstream call and audits it as canceled.
        await events.stop('left');
        return;
      }
      const step = await events.next();
      if (step.done) break;
      const event = step.value;
      // The last event (the answer's end, or how it broke) goes out with the end of the body.
      if (event.type === 'done') {
        writer.send(ending(stream, event.result, options));
        break;
      }
      if (event.type === 'error') {
        writer.send(sse(streamError(event.error, routing.request_id)));
        break;
      }
      writer.send(frames.delta(event));
    }
  } catch (error) {
    // Not a provider or audit failure (the relay turns those into events): the stream still ends
    // with its one row (stop is a no-op once recorded) and the exception filter logs the error.
    await events.stop('left');
    writer.cut();
    throw error;
  }
  writer.end();
}
