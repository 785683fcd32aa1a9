import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OpenRoute } from '../auth/route-access.decorator';
import { publicDir } from './public-dir';

/**
 * The web UI at / and /ui; its assets are served from /ui/assets (see create-gateway-app.ts). The
 * icon answers at /favicon.ico too, where browsers ask for it whatever the page says.
 */
@ApiExcludeController()
// The page and its icon hold no data: the UI signs in with a key for every API call it makes.
@OpenRoute()
@Controller()
export class UiController {
  private readonly index = join(publicDir(), 'index.html');
  private readonly icon = join(publicDir(), 'favicon.svg');

  @Get(['/', '/ui'])
  page(@Res() res: Response): void {
    res.sendFile(this.index);
  }

  @Get('favicon.ico')
  favicon(@Res() res: Response): void {
    res.type('image/svg+xml').setHeader('cache-control', 'public, max-age=86400');
    res.sendFile(this.icon);
  }
}
