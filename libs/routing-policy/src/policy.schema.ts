// The policy file format. The original Policy Mesh format (sensitivity.keywords + cost.*) loads
// unchanged; everything else is an optional extension. Unknown top-level keys are ignored.
import { z } from 'zod';
import { CREDENTIAL_DETECTORS, DETECTOR_NAMES, type DetectorName } from './pii-detectors';

const nonNegative = (what: string) =>
  z.number({ message: `must be ${what}` }).min(0, { message: `must be ${what}` });
const usdOrNull = nonNegative('a number >= 0 or null').nullable();

const detectorName = z.enum([...DETECTOR_NAMES, 'credentials'], {
  message: `must be one of ${[...DETECTOR_NAMES, 'credentials'].join(', ')}`,
});

const modelChoice = z
  .object({
    default: z.string().min(1, { message: 'must be a non-empty string' }).nullable().default(null),
    allowed: z.array(z.string().min(1, { message: 'must be a non-empty string' })).default([]),
  })
  .strict()
  .default({ default: null, allowed: [] });

export const policySchema = z.object({
  sensitivity: z
    .object({
      keywords: z
        .array(z.string({ message: 'must be a string' }), { message: 'must be an array of strings' })
        .default([]),
      /** Absent: every detector on (a privacy gateway should catch PII unless told not to). */
      detectors: z.array(detectorName, { message: 'must be an array of detector names' }).optional(),
    })
    .default({ keywords: [] }),
  cost: z
    .object({
      max_prompt_length_for_local: z
        .number({ message: 'must be an integer >= 0' })
        .int({ message: 'must be an integer >= 0' })
        .min(0, { message: 'must be an integer >= 0' })
        .default(1000),
      max_usd_for_local: usdOrNull.default(null),
      input_usd_per_1m_tokens: usdOrNull.default(null),
      output_usd_per_1m_tokens: usdOrNull.default(null),
      chars_per_token: z
        .number({ message: 'must be an integer > 0' })
        .int({ message: 'must be an integer > 0' })
        .positive({ message: 'must be an integer > 0' })
        .default(4),
      default_provider: z
        // `public` is the original Policy Mesh's word for the cloud tier: it loads, and means
        // `cloud` in the effective policy (so both spellings give the same policy_version).
        .enum(['local', 'cloud', 'public'], {
          message: 'must be "local" or "cloud" ("public" is accepted too)',
        })
        .default('local')
        .transform((tier): 'local' | 'cloud' => (tier === 'public' ? 'cloud' : tier)),
    })
    .default({
      max_prompt_length_for_local: 1000,
      max_usd_for_local: null,
      input_usd_per_1m_tokens: null,
      output_usd_per_1m_tokens: null,
      chars_per_token: 4,
      default_provider: 'local',
    }),
  budget: z
    .object({
      cloud_usd_per_day: z
        .number({ message: 'must be a number > 0 or null' })
        .positive({ message: 'must be a number > 0 or null' })
        .nullable()
        .default(null),
    })
    .default({ cloud_usd_per_day: null }),
  fallback: z
    .object({
      on_local_failure: z.enum(['fail', 'cloud'], { message: 'must be "fail" or "cloud"' }).default('fail'),
      on_cloud_failure: z.enum(['fail', 'local'], { message: 'must be "fail" or "local"' }).default('local'),
    })
    .default({ on_local_failure: 'fail', on_cloud_failure: 'local' }),
  models: z
    .object({ local: modelChoice, cloud: modelChoice })
    .default({ local: { default: null, allowed: [] }, cloud: { default: null, allowed: [] } }),
});

type ParsedPolicy = z.infer<typeof policySchema>;

/** The effective policy: every default applied, detector names expanded. */
export interface Policy extends Omit<ParsedPolicy, 'sensitivity'> {
  readonly sensitivity: { readonly keywords: readonly string[]; readonly detectors: readonly DetectorName[] };
}

export function expandDetectors(names: readonly string[] | undefined): DetectorName[] {
  if (names === undefined) return [...DETECTOR_NAMES];
  const expanded = new Set<DetectorName>();
  for (const name of names) {
    if (name === 'credentials') CREDENTIAL_DETECTORS.forEach((detector) => expanded.add(detector));
    else expanded.add(name as DetectorName);
  }
  // A stable order, so the same set always gives the same policy_version.
  return DETECTOR_NAMES.filter((name) => expanded.has(name));
}
