// How large a policy may be (docs/POLICY.md, "Limits"). What is over is refused with a message
// naming the limit, at start and on reload (the previous policy stays). The figures keep the
// largest accepted policy — parsed, validated and compiled while the previous one still serves —
// well inside the gateway's 256 MB heap (docs/PERFORMANCE.md, "Policy size").
export const POLICY_LIMITS = {
  /** The policy file, in bytes. */
  file_bytes: 1024 * 1024,
  /** Entries of `sensitivity.keywords`. */
  keywords: 50_000,
  /** Characters (UTF-16 code units) of one keyword. */
  keyword_length: 256,
} as const;
