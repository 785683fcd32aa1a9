// POST /v1/chat/completions and GET /v1/models: OpenAI-compatible, streaming and not.
import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ChatFailedError, ChatService, type ChatStream } from '@app/chat';
import { ProviderRegistry } from '@app/providers';
import type { Request, Response } from 'express';
import { abortOnClose, clientIdOf } from '../http/abort-on-close';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { markLoggedByOrchestration } from '../logging/orchestration-line';
import { parseCompletionRequest } from './completion-request.schema';
import { chunk, completionBody, setRoutingHeaders, upstreamError, usageOf } from './openai-format';

const sse = (res: Response, data: unknown) =>
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);

/** A provider failure before anything was sent: 502 (504 for a timeout) in OpenAI's envelope. */
function sendFailure(res: Response, error: unknown): void {
  if (!(error instanceof ChatFailedError)) throw error;
  markLoggedByOrchestration(res);
  setRoutingHeaders(res, error.routing);
  res.status(error.category === 'timeout' ? 504 : 502).json(upstreamError(error.safeMessage, error.category));
}

@ApiTags('openai-compatible')
@Controller('v1')
export class CompletionsController {
  constructor(
    private readonly chat: ChatService,
    private readonly providers: ProviderRegistry,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OpenAI-compatible chat completions, routed by the policy',
    description:
      'Accepts every field of OpenAI\'s request; `model: "auto"` (or a model the policy does not list for the chosen provider) lets the policy choose. ' +
      'Routing metadata is in the x-policy-mesh-request-id, x-policy-mesh-provider, x-policy-mesh-served-by, x-policy-mesh-reason-codes and x-policy-mesh-policy-version headers. ' +
      'With `stream: true` the answer is Server-Sent Events ending with `data: [DONE]`.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: { model: 'auto', messages: [{ role: 'user', content: 'Hello!' }], stream: false },
    },
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'A chat.completion object, or chat.completion.chunk events' })
  async create(
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
    @Headers('x-client-id') clientId?: string,
  ): Promise<void> {
    const request = parseCompletionRequest(body);
    const input = {
      requestId: requestIdOf(req)!,
      endpoint: 'openai' as const,
      messages: request.messages,
      model: request.model,
      options: request.options,
      clientId: clientIdOf(clientId) ?? (request.user !== null ? clientIdOf(request.user) : null),
      correlationId: correlationIdOf(req),
    };
    const signal = abortOnClose(res);
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      try {
        const result = await this.chat.complete(input, signal);
        markLoggedByOrchestration(res);
        setRoutingHeaders(res, result);
        res.status(200).json(completionBody(result, created));
      } catch (error) {
        sendFailure(res, error);
      }
      return;
    }
    let stream: ChatStream;
    try {
      stream = await this.chat.stream(input, signal);
    } catch (error) {
      sendFailure(res, error);
      return;
    }
    // The orchestration logs the stream's line when it ends, however it ends.
    markLoggedByOrchestration(res);
    setRoutingHeaders(res, stream.routing);
    res.status(200).setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    sse(res, chunk(stream.routing, created, { role: 'assistant', content: '' }, null));
    try {
      for await (const delta of stream.deltas) {
        if (res.destroyed) break;
        sse(res, chunk(stream.routing, created, { content: delta }, null));
      }
    } catch (error) {
      if (!(error instanceof ChatFailedError)) throw error;
      // Mid-stream failure: an error event (the SDKs raise it), never a silent end.
      await stream.finished.catch(() => undefined);
      if (!res.destroyed) {
        sse(res, upstreamError(error.safeMessage, error.category));
        res.end();
      }
      return;
    }
    try {
      // No [DONE] until the audit record is durable: without it the answer is not complete.
      const { usage, finishReason } = await stream.finished;
      if (res.destroyed) return;
      sse(res, chunk(stream.routing, created, {}, finishReason ?? 'stop'));
      if (request.includeUsage)
        sse(res, { ...chunk(stream.routing, created, {}, null), choices: [], usage: usageOf(usage) });
      sse(res, '[DONE]');
    } catch {
      if (!res.destroyed)
        sse(res, {
          error: {
            message: 'audit record could not be made durable',
            type: 'service_unavailable',
            code: 'audit_unavailable',
            param: null,
          },
        });
    }
    res.end();
  }

  @Get('models')
  @ApiOperation({ summary: 'OpenAI-compatible model list: "auto" plus the models each provider offers' })
  @ApiOkResponse({
    schema: {
      example: {
        object: 'list',
        data: [{ id: 'auto', object: 'model', created: 0, owned_by: 'policy-mesh' }],
      },
    },
  })
  async models(): Promise<{
    object: 'list';
    data: { id: string; object: 'model'; created: number; owned_by: string }[];
  }> {
    const data = [{ id: 'auto', object: 'model' as const, created: 0, owned_by: 'policy-mesh' }];
    for (const provider of this.providers.all()) {
      // A provider that cannot list its models (down, not configured) still offers its default.
      const names = await provider.listModels().catch(() => [provider.defaultModel]);
      for (const id of new Set([provider.defaultModel, ...names]))
        data.push({ id, object: 'model', created: 0, owned_by: provider.name });
    }
    return { object: 'list', data };
  }
}
