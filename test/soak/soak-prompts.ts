// What the soak's clients ask: plain prompts (short ones the cost rule keeps local, longer ones for
// the cloud) and sensitive ones, each of which carries a canary word that must never reach the
// fake cloud. The reloaded policy adds a keyword; prompts with it are sent only once it is in force.

/** In every sensitive prompt and no other: seen at the fake cloud, it is a leak. */
export const CANARY = 'SOAKCANARY';

const KEYWORD = 'confidential';
/** The keyword the policy gains at the SIGHUP reload. */
export const RELOADED_KEYWORD = 'kestrel';

function policy(keywords: readonly string[]): object {
  return {
    sensitivity: { keywords, detectors: ['email'] },
    // Prompts up to 30 characters stay local by cost; every sensitive prompt is longer, so only
    // the sensitivity rule keeps it local.
    cost: { max_prompt_length_for_local: 30, default_provider: 'cloud' },
    fallback: { on_local_failure: 'fail', on_cloud_failure: 'local' },
  };
}

export const START_POLICY = policy([KEYWORD, 'secret']);
export const RELOADED_POLICY = policy([KEYWORD, 'secret', RELOADED_KEYWORD]);

export interface Prompt {
  readonly text: string;
  readonly sensitive: boolean;
}

export class PromptMix {
  private count = 0;
  /** Set once the reloaded policy answers on /v1/routes. */
  reloaded = false;

  next(): Prompt {
    const n = (this.count += 1);
    switch (n % 6) {
      case 0:
        return { text: `the ${KEYWORD} ${CANARY}-${n} figures for the next quarter`, sensitive: true };
      case 3:
        return this.reloaded
          ? { text: `notes on project ${RELOADED_KEYWORD} ${CANARY}-${n} before the launch`, sensitive: true }
          : { text: `write to jane.doe${n}@example.com about ${CANARY}-${n} and the plan`, sensitive: true };
      case 1:
        return { text: `hello number ${n}`, sensitive: false };
      default:
        return { text: `summarise the public weather report number ${n} in two lines`, sensitive: false };
    }
  }
}
