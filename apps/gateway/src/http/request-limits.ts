// Limits every request body shares, whatever the route: one place, so the native chat, the
// OpenAI-compatible route and the dry run refuse the same inputs.

/** The most messages one request may carry (on /v1/chat, /v1/chat/completions and /v1/route/explain). */
export const MAX_MESSAGES = 1000;

/**
 * The deepest JSON nesting a body may have. An OpenAI body needs about six levels (messages, parts,
 * a JSON schema's properties a few more); 64 leaves room for any real schema while keeping a
 * hostile `[[[[…]]]]` away from the recursive validators.
 */
export const MAX_JSON_DEPTH = 64;
