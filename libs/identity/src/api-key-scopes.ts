// Two scopes: `chat` (chat, completions, models, embeddings, route explain) and `admin` (audit,
// routes, keys, the UI's admin views). An admin key is a chat key too.
export const API_KEY_SCOPES = ['chat', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return API_KEY_SCOPES.includes(value as ApiKeyScope);
}

/** The scopes a key is stored with: `chat` always, `admin` when asked for, in that order. */
export function normalizeScopes(scopes: readonly ApiKeyScope[] | undefined): ApiKeyScope[] {
  return scopes?.includes('admin') === true ? ['chat', 'admin'] : ['chat'];
}

export function hasScope(scopes: readonly string[], wanted: ApiKeyScope): boolean {
  return scopes.includes(wanted);
}
