import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('masks credential-like keys at any depth of plain objects and arrays', () => {
    const logged = {
      provider: 'cloud',
      config: { openai_api_key: 'sk-1', nested: [{ password: 'p', ok: 1 }] },
      Authorization: 'Bearer x',
    };
    expect(redactSecrets(logged)).toEqual({
      provider: 'cloud',
      config: { openai_api_key: REDACTED, nested: [{ password: REDACTED, ok: 1 }] },
      Authorization: REDACTED,
    });
  });

  it('leaves the logged object itself unchanged', () => {
    const logged = { token: 'abc' };
    redactSecrets(logged);
    expect(logged.token).toBe('abc');
  });

  it('passes class instances through whole for their serializers', () => {
    const req = new IncomingMessage(new Socket());
    const error = new Error('boom');
    const out = redactSecrets({ req, err: error }) as { req: unknown; err: unknown };
    expect(out.req).toBe(req);
    expect(out.err).toBe(error);
  });
});
