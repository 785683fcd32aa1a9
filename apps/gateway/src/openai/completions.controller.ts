// POST /v1/chat/completions: OpenAI-compatible, streaming and not (GET /v1/models: models.controller.ts).
import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { ChatFailedError, ChatService, type ChatInput, type ChatStream } from '@app/chat';
import type { Request, Response } from 'express';
import { chatKeyOf } from '../auth/request-principal';
import { RequireScope } from '../auth/route-access.decorator';
import { abortOnClose, clientIdOf } from '../http/abort-on-close';
import { statusForCode } from '../http/error-status';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { markLoggedByOrchestration } from '../logging/orchestration-line';
import { toCompletionRequest } from './completion-request';
import { CompletionRequestDto } from './completion-request.dto';
import { writeCompletionStream } from './completion-stream';
import { completionBody, setRoutingHeaders, upstreamError } from './openai-format';

/** A provider failure before anything was sent: its status from the table, in OpenAI's envelope. */
function sendFailure(res: Response, error: unknown): void {
  if (!(error instanceof ChatFailedError)) throw error;
  setRoutingHeaders(res, error.routing, false);
  res.status(statusForCode(error.code) ?? 502).json(upstreamError(error.message, error.failure_category));
}

@ApiTags('openai-compatible')
@ApiBearerAuth()
@RequireScope('chat')
@Controller('v1')
export class CompletionsController {
  constructor(
    private readonly chat: ChatService,
    private readonly config: AppConfig,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OpenAI-compatible chat completions, routed by the policy',
    description:
      'Accepts every field of OpenAI\'s request; `model: "auto"` (or a model the policy does not list for the chosen provider) lets the policy choose. ' +
      'Routing metadata is in the x-policy-mesh-request-id, x-policy-mesh-provider, x-policy-mesh-served-by, x-policy-mesh-reason-codes and x-policy-mesh-policy-version headers. ' +
      "With `stream: true` the answer is Server-Sent Events ending with `data: [DONE]`, sent at the client's pace; a client that reads nothing for STREAM_STALL_TIMEOUT_SECONDS is cut (audited as canceled, error_code STREAM_STALLED).",
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'A chat.completion object, or chat.completion.chunk events' })
  async create(
    @Body() body: CompletionRequestDto,
    @Req() req: Request,
    @Res() res: Response,
    @Headers('x-client-id') clientId?: string,
  ): Promise<void> {
    const request = toCompletionRequest(body);
    const input: ChatInput = {
      request_id: requestIdOf(req)!,
      endpoint: 'openai',
      messages: request.messages,
      upstream_messages: request.upstream,
      model: request.model,
      options: request.options,
      client_id: clientIdOf(clientId) ?? (request.user !== null ? clientIdOf(request.user) : null),
      correlation_id: correlationIdOf(req),
      key: chatKeyOf(req),
    };
    // From here the orchestration writes the request's one log line and its one audit row.
    markLoggedByOrchestration(res);
    const signal = abortOnClose(res);
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      try {
        const result = await this.chat.complete(input, signal);
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
    setRoutingHeaders(res, stream.routing);
    res.status(200).setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    // No flushHeaders(): the headers leave with the first events, which are already here.
    await writeCompletionStream(res, stream, {
      created,
      includeUsage: request.includeUsage,
      stallMs: this.config.server.streamStallMs,
    });
  }
}
