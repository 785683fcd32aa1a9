// What reloads the policy in the gateway: SIGHUP, and a change of the policy file. The policy lib
// only offers reload(); the CLI wires neither. SIGHUP must never end the process, so it is not one
// of Nest's shutdown signals (create-gateway-app.ts).
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { PolicyService } from '@app/routing-policy';

/** Editors save in bursts (write, rename, chmod): one reload for a burst. */
const RELOAD_DEBOUNCE_MS = 200;

@Injectable()
export class PolicyReloadTriggers implements OnApplicationBootstrap, OnApplicationShutdown {
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly onSighup = () => void this.policy.reload('SIGHUP');

  constructor(
    private readonly policy: PolicyService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    process.on('SIGHUP', this.onSighup);
    const path = this.config.policyFile;
    if (path === undefined) return;
    // Watch the directory: editors replace files by rename, which a watch on the file would lose.
    this.watcher = watch(dirname(path), (_event, name) => {
      if (name !== null && name !== basename(path)) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.policy.reload('file change'), RELOAD_DEBOUNCE_MS);
    });
    this.watcher.unref();
  }

  onApplicationShutdown(): void {
    process.off('SIGHUP', this.onSighup);
    clearTimeout(this.debounce);
    this.watcher?.close();
  }
}
