// GET /v1/models: what can be served — "auto", each tier's chat and embedding models as the policy
// (or the environment's defaults) allows them, and the policy's aliases. A name not listed is
// answered by the chosen tier's default, with x-policy-mesh-model-choice: default.
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProviderRegistry } from '@app/providers';
import { modelCatalog, PolicyService, type ModelAlias, type ModelKind } from '@app/routing-policy';
import { RequireScope } from '../auth/route-access.decorator';

interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** What the name serves: `chat`, `embeddings`, or `any` ("auto" and aliases). */
  kind: ModelKind | 'any';
  /** The tier a tier's own model runs on; null for "auto" and aliases. */
  tier: 'local' | 'cloud' | null;
  /** For an alias: the model it maps to on each tier it names. */
  serves?: ModelAlias;
}

@ApiTags('openai-compatible')
@ApiBearerAuth()
@RequireScope('chat')
@Controller('v1')
export class ModelsController {
  constructor(
    private readonly policy: PolicyService,
    private readonly providers: ProviderRegistry,
  ) {}

  @Get('models')
  @ApiOperation({
    summary: 'OpenAI-compatible model list: the names the policy serves, with its aliases',
    description:
      'Read from the policy and the environment defaults, never from the upstreams, so the list is the same on every replica with the same policy.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        object: 'list',
        data: [
          { id: 'auto', object: 'model', created: 0, owned_by: 'policy-mesh', kind: 'any', tier: null },
          { id: 'llama3.2', object: 'model', created: 0, owned_by: 'ollama', kind: 'chat', tier: 'local' },
          {
            id: 'gpt-4o',
            object: 'model',
            created: 0,
            owned_by: 'policy-mesh',
            kind: 'any',
            tier: null,
            serves: { local: 'llama3.1:70b' },
          },
        ],
      },
    },
  })
  models(): { object: 'list'; data: ModelObject[] } {
    const local = this.providers.get('local');
    const cloud = this.providers.get('cloud');
    const catalog = modelCatalog(this.policy.current(), {
      local: { chat: local.defaultModel, embeddings: local.defaultEmbeddingModel },
      cloud: { chat: cloud.defaultModel, embeddings: cloud.defaultEmbeddingModel },
    });
    // One object per id, as OpenAI lists them: a name that is both a tier's model and an alias is
    // listed once, where it first appears, with what the alias maps it to.
    const byId = new Map<string, ModelObject>();
    for (const entry of catalog) {
      const known = byId.get(entry.id);
      if (known !== undefined) {
        if (entry.serves !== undefined) known.serves = entry.serves;
        continue;
      }
      byId.set(entry.id, {
        id: entry.id,
        object: 'model',
        created: 0,
        owned_by: entry.tier === null ? 'policy-mesh' : this.providers.get(entry.tier).upstream,
        kind: entry.kind,
        tier: entry.tier,
        ...(entry.serves === undefined ? {} : { serves: entry.serves }),
      });
    }
    return { object: 'list', data: [...byId.values()] };
  }
}
