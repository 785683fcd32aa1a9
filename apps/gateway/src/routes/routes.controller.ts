import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChatService, EmbeddingsService } from '@app/chat';
import { AppConfig } from '@app/config';
import {
  PolicyService,
  policyNotices,
  type Decision,
  type PolicyNotice,
  type PolicyView,
} from '@app/routing-policy';
import type { Request } from 'express';
import { chatKeyOf } from '../auth/request-principal';
import { RequireScope } from '../auth/route-access.decorator';
import { ExplainRequestDto } from '../chat/chat-request.dto';
import { toEmbeddingRequest } from '../openai/embedding-request';
import { EmbeddingRequestDto } from '../openai/embedding-request.dto';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('v1')
export class RoutesController {
  constructor(
    private readonly chat: ChatService,
    private readonly embeddings: EmbeddingsService,
    private readonly policy: PolicyService,
    private readonly config: AppConfig,
  ) {}

  @Post('route/explain')
  @RequireScope('chat')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Where these messages would go and why: the decision and every rule of the trace, the calling key's rules (key_local_only, key_budget) first when keys are on. Nothing is sent or audited.",
  })
  @ApiOkResponse({
    schema: {
      example: {
        provider: 'local',
        reason_codes: ['sensitive_keyword_match'],
        policy_version: '3f1c…',
        trace: {
          rules: [
            {
              rule: 'sensitive_keyword',
              reason_code: 'sensitive_keyword_match',
              matched: true,
              details: { keywords_configured: 3, matches: 1 },
            },
          ],
          input: { chars: 24, messages: 1, estimated_tokens: 6, estimated_usd: null },
          flags: { keyword_matches: 1, detectors: {} },
        },
      },
    },
  })
  explain(@Body() body: ExplainRequestDto, @Req() req: Request): Promise<Decision> {
    return this.chat.decide({ messages: body.messages, key: chatKeyOf(req) });
  }

  @Post('route/explain/embeddings')
  @RequireScope('chat')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Where POST /v1/embeddings would send this input and why: the same body (input, model, …), the same rules plus the embeddings.tier pin, the calling key's rules first. Nothing is sent or audited.",
  })
  @ApiOkResponse({ description: 'The decision and its trace, in the shape of POST /v1/route/explain' })
  explainEmbeddings(@Body() body: EmbeddingRequestDto, @Req() req: Request): Promise<Decision> {
    return this.embeddings.decide({ inputs: toEmbeddingRequest(body).inputs, key: chatKeyOf(req) });
  }

  @Get('routes')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'The effective policy, safe view: rule order, thresholds, counts — never the keywords',
  })
  @ApiOkResponse({
    description:
      'Policy view with version and source (builtin or the file path); `warnings`: unknown keys of the policy file (ignored), each with the known name it was probably meant to be; `notices`: settings that surprise, e.g. CLOUD_KEY_UNUSED when OPENAI_API_KEY is set but the policy never routes to the cloud',
    schema: {
      example: {
        version: '3f1c…',
        source: '/etc/policy-mesh/policy.json',
        sensitivity: {
          keyword_count: 3,
          detectors: ['email'],
          normalization: { strip_marks: true, confusables: true },
        },
        warnings: ['fallbak: unknown key, ignored; did you mean `fallback`?'],
        notices: [],
      },
    },
  })
  routes(): PolicyView & { notices: PolicyNotice[] } {
    const view = this.policy.safeView();
    return { ...view, notices: policyNotices(this.config.openai.apiKey !== undefined, view) };
  }
}
