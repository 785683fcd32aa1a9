// GET /v1/metrics, the exposition of @willsoto/nestjs-prometheus, under the metrics access rule:
// open on a loopback bind; otherwise METRICS_BEARER_TOKEN (Prometheus's `authorization` setting)
// or an admin key.
import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { MetricsRoute } from '../auth/route-access.decorator';

@ApiTags('operations')
@ApiBearerAuth()
@MetricsRoute()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({
    summary:
      'Prometheus metrics. Open when the gateway listens on loopback; otherwise METRICS_BEARER_TOKEN or an admin key as the bearer',
  })
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}
