import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { publicDir } from './public-dir';

/** The web UI at / and /ui; its assets are served from /ui/assets (see create-gateway-app.ts). */
@ApiExcludeController()
@Controller()
export class UiController {
  private readonly index = join(publicDir(), 'index.html');

  @Get(['/', '/ui'])
  page(@Res() res: Response): void {
    res.sendFile(this.index);
  }
}
