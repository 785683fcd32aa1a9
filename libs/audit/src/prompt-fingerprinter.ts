// The prompt's fingerprint: HMAC-SHA-256 keyed by AUDIT_HMAC_KEY over the JCS form of the messages.
// A plain hash of a short prompt could be reversed by guessing; a keyed one can only be matched by
// whoever holds the key.
import { Injectable } from '@nestjs/common';
import { AuditKeys, hmacHex, jcs } from './keys/audit-keys';

@Injectable()
export class PromptFingerprinter {
  constructor(private readonly keys: AuditKeys) {}

  fingerprint(messages: readonly { readonly role: string; readonly content: string }[]): string {
    const canonical = jcs(messages.map((message) => ({ role: message.role, content: message.content })));
    return hmacHex(this.keys.fingerprintKey(), canonical);
  }
}
