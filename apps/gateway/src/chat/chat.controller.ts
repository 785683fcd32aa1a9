import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ChatFailedError, ChatService, type ChatRouting } from '@app/chat';
import type { Request, Response } from 'express';
import { abortOnClose, clientIdOf } from '../http/abort-on-close';
import { markLoggedByOrchestration } from '../logging/orchestration-line';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { ChatRequestDto } from './chat-request.dto';
import { ChatResponseDto } from './chat-response.dto';

function routingFields(routing: ChatRouting) {
  return {
    request_id: routing.requestId,
    provider: routing.provider,
    served_by: routing.servedBy,
    reason_codes: routing.reasonCodes,
  };
}

@ApiTags('chat')
@Controller('v1/chat')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Chat, routed by the policy (the original Policy Mesh contract)' })
  @ApiOkResponse({ type: ChatResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid body: `code` VALIDATION_FAILED with every violated field' })
  @ApiBadGatewayResponse({
    type: ChatResponseDto,
    description: 'The provider failed: content null, error and failure_category set',
  })
  @ApiGatewayTimeoutResponse({ type: ChatResponseDto, description: 'The provider timed out' })
  @ApiServiceUnavailableResponse({
    description: 'AUDIT_UNAVAILABLE: no durable audit record could be made, so no answer is given',
  })
  async create(
    @Body() body: ChatRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-client-id') clientId?: string,
  ): Promise<ChatResponseDto> {
    const requestId = requestIdOf(req)!;
    try {
      const result = await this.chat.complete(
        {
          requestId,
          endpoint: 'native',
          messages: body.messages,
          model: body.model,
          clientId: clientIdOf(clientId),
          correlationId: correlationIdOf(req),
        },
        abortOnClose(res),
      );
      markLoggedByOrchestration(res);
      return {
        ...routingFields(result),
        content: result.content,
        error: null,
        model: result.model,
        usage: result.usage,
        policy_version: result.policyVersion,
      };
    } catch (error) {
      if (!(error instanceof ChatFailedError)) throw error;
      markLoggedByOrchestration(res);
      res.status(error.category === 'timeout' ? 504 : 502);
      return {
        ...routingFields(error.routing),
        content: null,
        error: error.safeMessage,
        failure_category: error.category,
        model: error.routing.model,
        usage: null,
        policy_version: error.routing.policyVersion,
      };
    }
  }
}
