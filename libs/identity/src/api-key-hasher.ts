// A key is stored as HMAC-SHA-256 keyed with a server key (derived from AUDIT_HMAC_KEY): a plain
// hash of a leaked table could be checked offline against guessed keys; a keyed one only by whoever
// holds the server key.
import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiKeySecret } from '@app/audit';

@Injectable()
export class ApiKeyHasher {
  private secret: Buffer | undefined;

  constructor(private readonly serverKey: ApiKeySecret) {}

  hash(key: string): string {
    this.secret ??= this.serverKey.key();
    return createHmac('sha256', this.secret).update(key, 'utf8').digest('hex');
  }
}
