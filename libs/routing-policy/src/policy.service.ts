// Holds the active policy. Reloads (file change, SIGHUP, or a call) validate the new file first
// and swap atomically; an invalid file is refused and the previous policy stays in force.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { CompiledPolicy } from './compiled-policy';
import { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
import { policyView, type PolicyView } from './policy-view';
import { decide } from './routing-engine';
import type { ChatMessage, Decision, DecisionContext } from './routing.types';

export type ReloadResult =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly error: string };

const RELOAD_DEBOUNCE_MS = 200;

@Injectable()
export class PolicyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyService.name);
  private active: CompiledPolicy;
  private readonly listeners: ((result: ReloadResult, policy: CompiledPolicy) => void)[] = [];
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly onSighup = () => void this.reload();

  constructor(private readonly config: AppConfig) {
    // An invalid policy at start stops the process with the loader's message.
    this.active = this.load();
  }

  onModuleInit(): void {
    this.logger.log(
      { version: this.active.version, source: policyView(this.active).source },
      'policy loaded',
    );
    process.on('SIGHUP', this.onSighup);
    const path = this.config.policyFile;
    if (path === undefined) return;
    // Watch the directory: editors replace files by rename, which a file watch would lose.
    this.watcher = watch(dirname(path), (_event, name) => {
      if (name !== null && name !== basename(path)) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
    });
    this.watcher.unref();
  }

  onModuleDestroy(): void {
    process.off('SIGHUP', this.onSighup);
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  current(): CompiledPolicy {
    return this.active;
  }

  decide(messages: readonly ChatMessage[], context?: DecisionContext): Decision {
    return decide(messages, this.active, context);
  }

  /** The decision with its full rule trace; the decision itself always carries the full trace. */
  explain(messages: readonly ChatMessage[], context?: DecisionContext): Decision {
    return decide(messages, this.active, context);
  }

  safeView(): PolicyView {
    return policyView(this.active);
  }

  reload(): ReloadResult {
    let result: ReloadResult;
    try {
      const next = this.load();
      const changed = next.version !== this.active.version;
      this.active = next;
      result = { ok: true, version: next.version };
      this.logger.log({ version: next.version, source: policyView(next).source, changed }, 'policy reloaded');
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
      this.logger.warn(
        { version: this.active.version, error: result.error },
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
