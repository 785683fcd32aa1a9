import type { ReasonCode } from './reason-codes';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/** Where a decision sends a request: the local model server or the cloud (OpenAI). */
export type RoutedProvider = 'local' | 'cloud';

/** What the decision may know beyond the messages. */
/**
 * The calling API key's attributes, when the gateway requires keys: inputs of the decision like
 * the messages, so the same key attributes and budget state give the same decision.
 */
export interface KeyContext {
  /** Nothing this key sends may reach the cloud (the HR tool's key). */
  readonly local_only: boolean;
  /** The key's own daily cloud budget in USD; null = none. */
  readonly daily_cloud_usd: number | null;
  /** The key's cloud spend today; absent = unknown, and its budget rule cannot fire. */
  readonly cloud_spend_today_usd?: number;
}

export interface DecisionContext {
  /** The calling key's attributes; absent without keys (AUTH_MODE=none, the CLI). */
  readonly key?: KeyContext;
  /** Today's cloud spend; absent = unknown, and the budget rule cannot fire. */
  readonly cloudSpendTodayUsd?: number;
  /**
   * Other text sent to the provider with the messages (an OpenAI request's `stop` sequences):
   * scanned for keywords and PII like the messages, not counted for cost.
   */
  readonly extraText?: readonly string[];
  /**
   * How many images the request carries (image content parts). The policy cannot scan an image;
   * its `images` setting says whether one keeps the request local.
   */
  readonly images?: number;
}

/** Which rules' matchers fired and how often. Counts only, never the matched text. */
export interface PromptFlags {
  readonly keyword_matches: number;
  readonly detectors: Readonly<Record<string, number>>;
  /** How many images the request carried; present only when it carried any. */
  readonly images?: number;
}

export interface RuleTrace {
  readonly rule:
    | 'key_local_only'
    | 'key_budget'
    | 'sensitive_keyword'
    | 'pii'
    | 'images'
    | 'cloud_budget'
    | 'cost'
    | 'default'
    | 'embeddings_tier';
  readonly reason_code: ReasonCode;
  readonly matched: boolean;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface DecisionTrace {
  readonly rules: readonly RuleTrace[];
  readonly input: {
    readonly chars: number;
    readonly messages: number;
    readonly estimated_tokens: number;
    readonly estimated_usd: number | null;
  };
  readonly flags: PromptFlags;
}

export interface Decision {
  readonly provider: RoutedProvider;
  readonly reason_codes: ReasonCode[];
  readonly policy_version: string;
  readonly trace: DecisionTrace;
}
