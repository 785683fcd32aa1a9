// A streaming client that went silent: it opens a streamed chat completion and stops reading as
// soon as the answer began (the e2e test of backpressure and its bench share it).
import { type Agent, type IncomingMessage, request } from 'node:http';
import { LONG_PROMPT } from './gateway-harness';

const BODY = JSON.stringify({
  model: 'auto',
  stream: true,
  messages: [{ role: 'user', content: LONG_PROMPT }],
});

/** Resolves with the paused response once its head arrived; its body is never read. */
export function openUnreadStream(url: string, agent: Agent): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.pause();
        // The gateway cuts such a client in the end: that is expected, not a failure to report.
        res.on('error', () => undefined);
        resolve(res);
      },
    );
    req.once('error', reject);
    req.end(BODY);
  });
}
