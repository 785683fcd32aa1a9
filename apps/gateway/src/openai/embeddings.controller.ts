// POST /v1/embeddings: OpenAI-compatible, routed by the same policy as chat (sensitive or PII text
// embeds locally), audited once under endpoint `embeddings`.
import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ChatFailedError, EmbeddingsPinConflictError, EmbeddingsService } from '@app/chat';
import type { Request, Response } from 'express';
import { chatKeyOf } from '../auth/request-principal';
import { RequireScope } from '../auth/route-access.decorator';
import { abortOnClose, clientIdOf } from '../http/abort-on-close';
import { statusForCode } from '../http/error-status';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { markLoggedByOrchestration } from '../logging/orchestration-line';
import { toEmbeddingRequest } from './embedding-request';
import { EmbeddingRequestDto } from './embedding-request.dto';
import { embeddingsBody } from './embeddings-format';
import { setRoutingHeaders, upstreamError } from './openai-format';

@ApiTags('openai-compatible')
@ApiBearerAuth()
@RequireScope('chat')
@Controller('v1')
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OpenAI-compatible embeddings, routed by the policy',
    description:
      'Sensitive or PII text embeds on the local tier; the rest per policy, or on the tier `embeddings.tier` pins. ' +
      'Routing metadata is in the x-policy-mesh-* headers, the model in x-policy-mesh-model and how it was chosen ' +
      '(requested, alias, default) in x-policy-mesh-model-choice.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.0023, -0.0091] }],
        model: 'nomic-embed-text',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or UNSUPPORTED_CONTENT for token-id input' })
  @ApiUnprocessableEntityResponse({
    description:
      'EMBEDDINGS_PIN_CONFLICT: embeddings are pinned to the cloud but this input must stay local; audited as rejected',
  })
  @ApiBadGatewayResponse({ description: 'The provider failed (504 for a timeout); OpenAI error envelope' })
  @ApiServiceUnavailableResponse({ description: 'AUDIT_UNAVAILABLE: no durable audit record, no answer' })
  async create(
    @Body() body: EmbeddingRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-client-id') clientId?: string,
  ): Promise<unknown> {
    const request = toEmbeddingRequest(body);
    // From here the orchestration writes the request's one log line and its one audit row.
    markLoggedByOrchestration(res);
    try {
      const result = await this.embeddings.embed(
        {
          request_id: requestIdOf(req)!,
          inputs: request.inputs,
          model: request.model,
          ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
          client_id: clientIdOf(clientId) ?? (request.user !== null ? clientIdOf(request.user) : null),
          correlation_id: correlationIdOf(req),
          key: chatKeyOf(req),
        },
        abortOnClose(res),
      );
      setRoutingHeaders(res, result);
      return embeddingsBody(result, request.encoding);
    } catch (error) {
      if (error instanceof EmbeddingsPinConflictError) {
        setRoutingHeaders(res, error.routing, false);
        throw error;
      }
      if (!(error instanceof ChatFailedError)) throw error;
      setRoutingHeaders(res, error.routing, false);
      res.status(statusForCode(error.code) ?? 502);
      return upstreamError(error.message, error.failure_category);
    }
  }
}
