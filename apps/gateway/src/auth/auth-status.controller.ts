// GET /v1/auth: whether keys are required, and who the presented key is (the UI's sign-in asks it).
// Open, so a client can learn the mode before it has a key; a presented key that is not valid still
// gets its 401.
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig, type AuthMode } from '@app/config';
import { ApiKeyAuthenticator, AuthError, type ApiKeyScope } from '@app/identity';
import { GatewayMetrics } from '@app/metrics';
import type { Request } from 'express';
import { presentedKey } from './presented-key';
import { OpenRoute } from './route-access.decorator';

export interface AuthStatus {
  auth_mode: AuthMode;
  key: { id: string; name: string; scopes: readonly ApiKeyScope[]; local_only: boolean } | null;
}

@ApiTags('keys')
@OpenRoute()
@Controller('v1/auth')
export class AuthStatusController {
  constructor(
    private readonly config: AppConfig,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The auth mode, and the presented key (id, name, scopes) when there is one' })
  @ApiOkResponse({
    schema: {
      example: { auth_mode: 'keys', key: { id: '…', name: 'hr-tool', scopes: ['chat'], local_only: true } },
    },
  })
  async status(@Req() req: Request): Promise<AuthStatus> {
    const mode = this.config.auth.mode;
    const presented = presentedKey(req);
    if (mode === 'none' || presented === undefined) return { auth_mode: mode, key: null };
    try {
      const principal = await this.authenticator.authenticate(presented);
      const { id, name, scopes, local_only } = principal;
      return { auth_mode: mode, key: { id, name, scopes, local_only } };
    } catch (error) {
      if (error instanceof AuthError) this.metrics.authRejected(error.code);
      throw error;
    }
  }
}
