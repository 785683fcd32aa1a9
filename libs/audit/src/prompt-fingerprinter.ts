// The prompt's fingerprint: HMAC-SHA-256 keyed by AUDIT_HMAC_KEY. A plain hash of a short prompt
// could be reversed by guessing; a keyed one can only be matched by whoever holds the key.
import { randomBytes, createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { canonicalJson } from './chain/canonical-json';

const KEY_FILE = 'audit-hmac.key';

@Injectable()
export class PromptFingerprinter {
  private readonly logger = new Logger(PromptFingerprinter.name);
  private key: Buffer | undefined;

  constructor(private readonly config: AppConfig) {}

  fingerprint(messages: readonly { readonly role: string; readonly content: string }[]): string {
    const canonical = canonicalJson(
      messages.map((message) => ({ role: message.role, content: message.content })),
    );
    return createHmac('sha256', this.hmacKey()).update(canonical).digest('hex');
  }

  private hmacKey(): Buffer {
    this.key ??= this.loadKey();
    return this.key;
  }

  /** Outside production a missing key is generated once into DATA_DIR (production refuses to start). */
  private loadKey(): Buffer {
    if (this.config.audit.hmacKey !== undefined) return Buffer.from(this.config.audit.hmacKey, 'utf8');
    const file = join(this.config.dataDir, KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(this.config.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
      chmodSync(file, 0o600);
      this.logger.warn(
        { file },
        'AUDIT_HMAC_KEY is unset: generated a key for this data folder (set AUDIT_HMAC_KEY in production)',
      );
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
  }
}
