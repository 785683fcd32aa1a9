import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiBearerAuth,
  ApiTags,
} from '@nestjs/swagger';
import { ChatFailedError, chatReply, ChatService, failedChatReply, type ChatReply } from '@app/chat';
import type { Request, Response } from 'express';
import { chatKeyOf } from '../auth/request-principal';
import { RequireScope } from '../auth/route-access.decorator';
import { abortOnClose, clientIdOf } from '../http/abort-on-close';
import { statusForCode } from '../http/error-status';
import { correlationIdOf, requestIdOf } from '../http/request-id';
import { markLoggedByOrchestration } from '../logging/orchestration-line';
import { ChatRequestDto } from './chat-request.dto';
import { ChatResponseDto } from './chat-response.dto';

@ApiTags('chat')
@ApiBearerAuth()
@RequireScope('chat')
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
    description: 'The provider failed: content and served_by null, error and failure_category set',
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
  ): Promise<ChatReply> {
    // From here the orchestration writes the request's one log line and its one audit row.
    markLoggedByOrchestration(res);
    try {
      const result = await this.chat.complete(
        {
          request_id: requestIdOf(req)!,
          endpoint: 'native',
          messages: body.messages,
          model: body.model,
          client_id: clientIdOf(clientId),
          correlation_id: correlationIdOf(req),
          key: chatKeyOf(req),
        },
        abortOnClose(res),
      );
      return chatReply(result);
    } catch (error) {
      if (!(error instanceof ChatFailedError)) throw error;
      res.status(statusForCode(error.code) ?? 502);
      return failedChatReply(error);
    }
  }
}
