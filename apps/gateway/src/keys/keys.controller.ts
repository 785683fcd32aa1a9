// The admin API for keys (admin scope). A thin edge: ApiKeyService is what the CLI calls too.
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyService, type ApiKeyView, type CreatedApiKey, type RotatedApiKey } from '@app/identity';
import { RequireScope } from '../auth/route-access.decorator';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  RotateApiKeyDto,
  RotatedApiKeyDto,
} from './api-key.dto';

@ApiTags('keys')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/keys')
export class KeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @HttpCode(201)
  // The answer holds the key itself: no cache (a proxy's, the browser's) may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create an API key; the answer is the only time the key itself is shown' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create({
      ...body,
      expires_at: body.expires_at === undefined ? undefined : new Date(body.expires_at),
    });
  }

  @Get()
  @ApiOperation({
    summary: 'Every key, newest first: prefix, name, scopes, limits, last use — never the key',
  })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<{ items: ApiKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One key by id, public prefix or name' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ description: 'API_KEY_NOT_FOUND' })
  show(@Param('ref') reference: string): Promise<ApiKeyView> {
    return this.keys.show(reference);
  }

  @Delete(':ref')
  @ApiOperation({ summary: 'Revoke a key: refused on every replica within a second' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ description: 'API_KEY_NOT_FOUND' })
  revoke(@Param('ref') reference: string): Promise<ApiKeyView> {
    return this.keys.revoke(reference);
  }

  @Post(':ref/rotate')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'A new key with the same name, scopes, limits and attributes; the old one works until grace_seconds pass',
  })
  @ApiCreatedResponse({ type: RotatedApiKeyDto })
  rotate(@Param('ref') reference: string, @Body() body: RotateApiKeyDto): Promise<RotatedApiKey> {
    return this.keys.rotate(reference, body.grace_seconds);
  }
}
