import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditQueryService,
  parseTimeBound,
  type AuditPage,
  type AuditRow,
  type AuditStats,
} from '@app/audit';
import { RequireScope } from '../auth/route-access.decorator';
import { HttpRequestError } from '../http/http-error';
import { AuditListQueryDto, AuditWindowQueryDto } from './audit-query.dto';

/** Validated by the DTO already: a duration before now or a date. */
const dateOf = (value: string | undefined) => (value === undefined ? undefined : parseTimeBound(value));

@ApiTags('audit')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Audit events, newest first, filtered and cursor-paginated' })
  @ApiOkResponse({ description: '{ items: [...], next_cursor }' })
  list(@Query() query: AuditListQueryDto): Promise<AuditPage> {
    return this.audit.listPage({
      since: dateOf(query.since),
      until: dateOf(query.until),
      provider: query.provider,
      status: query.status,
      reason: query.reason,
      client_id: query.client_id,
      correlation_id: query.correlation_id,
      key_id: query.key_id,
      key_name: query.key_name,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Totals over a window: requests, share kept local, failures, counts by provider, status, reason and API key',
  })
  stats(@Query() query: AuditWindowQueryDto): Promise<AuditStats> {
    return this.audit.stats({
      since: dateOf(query.since),
      until: dateOf(query.until),
      key_id: query.key_id,
      key_name: query.key_name,
    });
  }

  @Get(':request_id')
  @ApiOperation({ summary: 'One audit event by request id' })
  @ApiNotFoundResponse({ description: 'AUDIT_EVENT_NOT_FOUND' })
  async one(
    @Param(
      'request_id',
      new ParseUUIDPipe({
        exceptionFactory: () => new HttpRequestError('VALIDATION_FAILED', 'request_id must be a UUID'),
      }),
    )
    requestId: string,
  ): Promise<AuditRow> {
    const event = await this.audit.findByRequestId(requestId);
    if (event === null)
      throw new HttpRequestError('AUDIT_EVENT_NOT_FOUND', `no audit event for request ${requestId}`);
    return event;
  }
}
