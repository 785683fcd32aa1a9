import { compilePolicy } from './compiled-policy';
import { modelCatalog, pickModel } from './model-choice';
import { PolicyInvalidError } from './policy-invalid.error';
import { parsePolicy } from './policy-parser';

const policyOf = (json: object) =>
  compilePolicy(parsePolicy({ sensitivity: { keywords: [] }, cost: {}, ...json }), { kind: 'builtin' });

function problemsOf(json: object): readonly string[] {
  try {
    policyOf(json);
  } catch (error) {
    if (error instanceof PolicyInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

const MODELS = {
  models: {
    local: { default: 'llama3.2', allowed: ['qwen2.5'] },
    cloud: { default: null, allowed: ['gpt-4o', 'gpt-4o-mini'] },
    aliases: {
      'gpt-4o': { local: 'llama3.1:70b' },
      'text-embedding-3-small': { local: 'nomic-embed-text' },
      fast: { local: 'qwen2.5', cloud: 'gpt-4o-mini' },
    },
  },
  embeddings: {
    models: { local: { default: 'nomic-embed-text', allowed: [] }, cloud: { default: null, allowed: [] } },
  },
};

describe(pickModel.name, () => {
  const compiled = policyOf(MODELS);

  it('serves a requested model the policy allows on the chosen tier', () => {
    expect(pickModel(compiled, 'cloud', 'gpt-4o-mini', 'env-cloud')).toEqual({
      model: 'gpt-4o-mini',
      choice: 'requested',
    });
    expect(pickModel(compiled, 'local', 'qwen2.5', 'env-local')).toEqual({
      model: 'qwen2.5',
      choice: 'requested',
    });
  });

  it('maps a model through the alias table when the decision chose a tier the alias names', () => {
    expect(pickModel(compiled, 'local', 'gpt-4o', 'env-local')).toEqual({
      model: 'llama3.1:70b',
      choice: 'alias',
    });
    expect(pickModel(compiled, 'cloud', 'fast', 'env-cloud')).toEqual({
      model: 'gpt-4o-mini',
      choice: 'alias',
    });
  });

  it('answers with the tier default for "auto", no model, or a name neither allowed nor aliased there', () => {
    for (const requested of ['auto', undefined, 'claude-3', 'text-embedding-3-small'])
      expect(pickModel(compiled, 'cloud', requested, 'env-cloud')).toEqual({
        model: 'env-cloud',
        choice: 'default',
      });
    expect(pickModel(compiled, 'local', 'claude-3', 'env-local')).toEqual({
      model: 'llama3.2',
      choice: 'default',
    });
  });

  it('takes embedding defaults and allowed lists from the embeddings section, aliases from the shared table', () => {
    expect(pickModel(compiled, 'local', undefined, 'env-embed', 'embeddings')).toEqual({
      model: 'nomic-embed-text',
      choice: 'default',
    });
    expect(pickModel(compiled, 'local', 'text-embedding-3-small', 'env-embed', 'embeddings')).toEqual({
      model: 'nomic-embed-text',
      choice: 'alias',
    });
    // qwen2.5 is a chat model of the local tier, not one of its embedding models.
    expect(pickModel(compiled, 'local', 'qwen2.5', 'env-embed', 'embeddings').choice).toBe('default');
  });

  it('takes no alias from an object internal, and pollutes nothing', () => {
    const odd = compilePolicy(
      parsePolicy(
        JSON.parse(
          '{"sensitivity":{"keywords":[]},"cost":{},"models":{"aliases":{"__proto__":{"local":"x"}}}}',
        ),
      ),
      { kind: 'builtin' },
    );
    expect(pickModel(odd, 'local', '__proto__', 'env-local')).toEqual({
      model: 'env-local',
      choice: 'default',
    });
    expect(({} as Record<string, unknown>).local).toBeUndefined();
    expect(pickModel(odd, 'local', 'toString', 'env-local')).toEqual({
      model: 'env-local',
      choice: 'default',
    });
  });

  it('never takes an inherited property name for an alias', () => {
    expect(pickModel(compiled, 'local', 'constructor', 'env-local')).toEqual({
      model: 'llama3.2',
      choice: 'default',
    });
  });
});

describe('models.aliases validation', () => {
  it('names every bad alias by its path', () => {
    expect(
      problemsOf({
        models: {
          aliases: {
            good: { local: 'x' },
            empty: {},
            tier: { public: 'gpt-4o' },
            blank: { cloud: '' },
            list: ['llama3.2'],
          },
        },
      }),
    ).toEqual([
      'models.aliases.empty: must name a model for "local", "cloud" or both',
      'models.aliases.tier: unknown tier "public" (the tiers are "local" and "cloud")',
      'models.aliases.blank: cloud must be a non-empty model name',
      'models.aliases.list: must be an object like {"local": "<model>", "cloud": "<model>"}',
    ]);
  });

  it('refuses "auto" as an alias and a table that is not an object', () => {
    expect(problemsOf({ models: { aliases: { auto: { local: 'x' } } } })).toEqual([
      'models.aliases: "auto" cannot be an alias: it always lets the policy choose',
    ]);
    expect(problemsOf({ models: { aliases: ['x'] } })).toEqual([
      'models.aliases: must be an object: {"<requested model>": {"local": "<model>", "cloud": "<model>"}}',
    ]);
  });

  it('refuses an embeddings tier other than local, cloud or null', () => {
    expect(problemsOf({ embeddings: { tier: 'ollama' } })).toEqual([
      'embeddings.tier: must be "local", "cloud" or null',
    ]);
  });
});

describe(modelCatalog.name, () => {
  const defaults = {
    local: { chat: 'env-llama', embeddings: 'env-embed-local' },
    cloud: { chat: 'env-gpt', embeddings: 'env-embed-cloud' },
  };

  it('lists auto, each tier default and allowed model by kind, then the aliases by name', () => {
    expect(modelCatalog(policyOf(MODELS), defaults)).toEqual([
      { id: 'auto', kind: 'any', tier: null },
      { id: 'llama3.2', kind: 'chat', tier: 'local' },
      { id: 'qwen2.5', kind: 'chat', tier: 'local' },
      { id: 'nomic-embed-text', kind: 'embeddings', tier: 'local' },
      { id: 'env-gpt', kind: 'chat', tier: 'cloud' },
      { id: 'gpt-4o', kind: 'chat', tier: 'cloud' },
      { id: 'gpt-4o-mini', kind: 'chat', tier: 'cloud' },
      { id: 'env-embed-cloud', kind: 'embeddings', tier: 'cloud' },
      { id: 'fast', kind: 'any', tier: null, serves: { local: 'qwen2.5', cloud: 'gpt-4o-mini' } },
      { id: 'gpt-4o', kind: 'any', tier: null, serves: { local: 'llama3.1:70b' } },
      { id: 'text-embedding-3-small', kind: 'any', tier: null, serves: { local: 'nomic-embed-text' } },
    ]);
  });

  it('lists only the defaults under a policy without models', () => {
    expect(modelCatalog(policyOf({}), defaults).map((entry) => entry.id)).toEqual([
      'auto',
      'env-llama',
      'env-embed-local',
      'env-gpt',
      'env-embed-cloud',
    ]);
  });
});
