// The policy in force when POLICY_FILE is unset (docs/POLICY.md, "Built-in default policy").

export const BUILTIN_POLICY = {
  sensitivity: { keywords: ['internal', 'confidential', 'secret'] },
  cost: {
    max_prompt_length_for_local: 1000,
    max_usd_for_local: null,
    input_usd_per_1m_tokens: null,
    chars_per_token: 4,
    default_provider: 'local',
  },
} as const;
