// What an upstream said when it failed. It never goes back to a caller (it may echo the prompt or a
// key); it is kept for one debug log line, with secrets masked and the request's own words removed,
// so the line can say "the upstream refused temperature" without repeating the prompt.
import type { ProviderMessage } from './provider.types';

const MAX_CHARS = 500;
const MASK = '[masked]';
const PROMPT_WORD = '[…]';

/** Credential shapes worth masking wherever they appear in free text. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{6,}/g, `sk-${MASK}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${MASK}`],
  [
    /\b(api[_-]?key|access[_-]?token|token|secret|password|key)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1$2${MASK}`,
  ],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${MASK}@`],
];

/** A message's own words: its text, and the names and arguments of the tool calls it carries. */
function textsOf(message: ProviderMessage): string[] {
  return [message.content, ...(message.tool_calls ?? []).flatMap((call) => [call.name, call.arguments])];
}

/** Words of the request long enough to be telling (short ones like "the" say nothing). */
function promptWords(messages: readonly ProviderMessage[]): Set<string> {
  const words = new Set<string>();
  for (const text of messages.flatMap(textsOf)) {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}_'-]{4,}/gu) ?? []) words.add(word);
  }
  return words;
}

export interface UpstreamTextContext {
  /** Values that must never appear in a log line (the configured API key). */
  readonly secrets?: readonly (string | undefined)[];
  /** The request's messages: an upstream that echoes them must not put them in a log. */
  readonly messages?: readonly ProviderMessage[];
}

/** The upstream's own error text, when the SDK kept one. */
export function upstreamText(error: unknown): string | null {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : null;
  const ollamaError = (error as { error?: unknown }).error;
  return typeof ollamaError === 'string' ? ollamaError : error.message;
}

export function maskUpstreamText(text: string, context: UpstreamTextContext = {}): string {
  let masked = text;
  for (const secret of context.secrets ?? []) {
    if (secret !== undefined && secret.length >= 4) masked = masked.split(secret).join(MASK);
  }
  for (const text of (context.messages ?? []).flatMap(textsOf)) {
    if (text.length >= 4) masked = masked.split(text).join(PROMPT_WORD);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) masked = masked.replace(pattern, replacement);
  const words = promptWords(context.messages ?? []);
  if (words.size > 0) {
    masked = masked.replace(/[\p{L}\p{N}_'-]{4,}/gu, (word) =>
      words.has(word.toLowerCase()) ? PROMPT_WORD : word,
    );
  }
  masked = masked.replace(/\s+/g, ' ').trim();
  return masked.length > MAX_CHARS ? `${masked.slice(0, MAX_CHARS)}…` : masked;
}
