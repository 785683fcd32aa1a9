// Holds the active policy. A reload validates the new file first and swaps atomically; an invalid
// (or oversized) file is refused and the previous policy stays in force. What triggers a reload
// (SIGHUP, a file watch) is the gateway's business, not this lib's: the CLI reloads nothing.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { CompiledPolicy } from './compiled-policy';
import { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
import { policyView, type PolicyView } from './policy-view';
import { decideEmbeddings } from './embedding-decision';
import { decide } from './routing-engine';
import type { ChatMessage, Decision, DecisionContext } from './routing.types';

export type ReloadResult =
  | { readonly ok: true; readonly version: string; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

@Injectable()
export class PolicyService implements OnModuleInit {
  private readonly logger = new Logger(PolicyService.name);
  private active: CompiledPolicy;
  private readonly listeners: ((result: ReloadResult, policy: CompiledPolicy) => void)[] = [];

  constructor(private readonly config: AppConfig) {
    // An invalid policy at start stops the process with the loader's message.
    this.active = this.load();
  }

  onModuleInit(): void {
    const { version, warnings } = this.active;
    // Debug: the start summary names the policy's source and version already.
    this.logger.debug({ version, source: policyView(this.active).source }, 'policy loaded');
    if (warnings.length > 0) this.logger.warn({ version, warnings }, 'policy has unknown keys (ignored)');
  }

  current(): CompiledPolicy {
    return this.active;
  }

  decide(messages: readonly ChatMessage[], context?: DecisionContext): Decision {
    return decide(messages, this.active, context);
  }

  /** The decision for texts to embed (the chat rules plus `embeddings.tier`). */
  decideEmbeddings(inputs: readonly string[], context?: DecisionContext): Decision {
    return decideEmbeddings(inputs, this.active, context);
  }

  safeView(): PolicyView {
    return policyView(this.active);
  }

  /** Loads the policy again; `trigger` (SIGHUP, a file change, …) is only for the log line. */
  reload(trigger = 'call'): ReloadResult {
    let result: ReloadResult;
    try {
      const next = this.load();
      const changed = next.version !== this.active.version;
      this.active = next;
      result = { ok: true, version: next.version, warnings: next.warnings };
      const source = policyView(next).source;
      this.logger.log({ version: next.version, source, changed, trigger }, 'policy reloaded');
      if (next.warnings.length > 0)
        this.logger.warn(
          { version: next.version, warnings: next.warnings, trigger },
          'policy has unknown keys (ignored)',
        );
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
      this.logger.warn(
        { version: this.active.version, error: result.error, trigger },
        'policy reload refused; previous policy kept',
      );
    }
    for (const listener of this.listeners) listener(result, this.active);
    return result;
  }

  /** Called after every reload attempt, with the policy then in force (metrics use this). */
  onReload(listener: (result: ReloadResult, policy: CompiledPolicy) => void): void {
    this.listeners.push(listener);
  }

  private load(): CompiledPolicy {
    const path = this.config.policyFile;
    return path === undefined ? loadBuiltinPolicy() : loadPolicyFile(path);
  }
}
