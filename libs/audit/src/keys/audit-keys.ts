// The audit secrets, all from AUDIT_HMAC_KEY. The prompt fingerprint uses the key itself (so
// fingerprints stay comparable across versions); the chain and its anchors use keys derived with
// HKDF-SHA-256 under their own labels, so a key for one purpose never serves another. None of them
// is stored in the database: whoever can write the table cannot recompute a row's hash.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import canonicalize from 'canonicalize';
import { AuditKeyMissingError } from '../audit.errors';

const KEY_FILE = 'audit-hmac.key';

/** HKDF labels (the `info` input). Changing one makes every chain unverifiable: version them. */
export const CHAIN_KEY_LABEL = 'policy-mesh audit chain v1';
export const ANCHOR_KEY_LABEL = 'policy-mesh audit anchor v1';
export const API_KEY_HASH_LABEL = 'policy-mesh api key hash v1';

export function deriveKey(secret: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
}

/** RFC 8785 (JCS) text of a JSON value: any JCS implementation gives the same bytes. */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function hmacHex(key: Buffer, ...parts: string[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

@Injectable()
export class AuditKeys {
  private readonly logger = new Logger(AuditKeys.name);
  private secret: Buffer | undefined;
  private derived = new Map<string, Buffer>();

  constructor(private readonly config: AppConfig) {}

  /** The prompt fingerprint's key. Outside production a missing key is generated once into DATA_DIR. */
  fingerprintKey(): Buffer {
    return this.load(true);
  }

  /** Row hashes. Writing may generate the key (outside production); verifying never does. */
  chainKey(purpose: 'write' | 'verify'): Buffer {
    return this.derive(CHAIN_KEY_LABEL, purpose);
  }

  /** MACs of checkpoints, gap and prune records. */
  anchorKey(purpose: 'write' | 'verify'): Buffer {
    return this.derive(ANCHOR_KEY_LABEL, purpose);
  }

  /** The server key of API key hashes (libs/identity): every replica derives the same one. */
  apiKeyHashKey(): Buffer {
    return this.derive(API_KEY_HASH_LABEL, 'write');
  }

  private derive(label: string, purpose: 'write' | 'verify'): Buffer {
    let key = this.derived.get(label);
    if (key === undefined) {
      key = deriveKey(this.load(purpose === 'write'), label);
      this.derived.set(label, key);
    }
    return key;
  }

  private load(create: boolean): Buffer {
    if (this.secret !== undefined) return this.secret;
    if (this.config.audit.hmacKey !== undefined) {
      this.secret = Buffer.from(this.config.audit.hmacKey, 'utf8');
      return this.secret;
    }
    const file = join(this.config.dataDir, KEY_FILE);
    if (!existsSync(file)) {
      // A key made up now could verify nothing: only a writer may create one.
      if (!create) throw new AuditKeyMissingError(file);
      mkdirSync(this.config.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
      chmodSync(file, 0o600);
      this.logger.warn(
        { file },
        'AUDIT_HMAC_KEY is unset: generated a key for this data folder (set AUDIT_HMAC_KEY in production)',
      );
    }
    this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
    return this.secret;
  }
}
