// The server key that API key hashes are keyed with, derived from AUDIT_HMAC_KEY under its own
// HKDF label (so every replica has it without another secret to distribute). Changing
// AUDIT_HMAC_KEY makes every stored key unusable: docs/OPERATIONS.md, "API keys".
import { Injectable } from '@nestjs/common';
import { AuditKeys } from './audit-keys';

@Injectable()
export class ApiKeySecret {
  constructor(private readonly keys: AuditKeys) {}

  key(): Buffer {
    return this.keys.apiKeyHashKey();
  }
}
