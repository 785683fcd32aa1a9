// Where a caller's key comes from: `Authorization: Bearer <key>` (what every OpenAI SDK sends as its
// apiKey) or `x-api-key: <key>`. Only read here; never logged (the logger masks both headers).
import type { IncomingMessage } from 'node:http';

export function presentedKey(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match !== null) return match[1];
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}
