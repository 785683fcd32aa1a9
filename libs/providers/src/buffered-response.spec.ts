import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { BufferedResponse } from './buffered-response';

function message(status: number, statusMessage: string, rawHeaders: string[]): IncomingMessage {
  const incoming = new IncomingMessage(new Socket());
  incoming.statusCode = status;
  incoming.statusMessage = statusMessage;
  incoming.rawHeaders = rawHeaders;
  return incoming;
}

const RAW = ['Content-Type', 'application/json', 'X-Request-Id', 'req_1', 'Vary', 'a', 'vary', 'b'];

describe(BufferedResponse.name, () => {
  it('exposes status, headers and body as fetch does for the same answer', async () => {
    const body = '\ufeff{"id":"x","ok":true}';
    const ours = new BufferedResponse(message(429, 'Too Many Requests', RAW), Buffer.from(body));
    const headers = new Headers();
    for (let i = 0; i < RAW.length; i += 2) headers.append(RAW[i]!, RAW[i + 1]!);
    const fetchs = new Response(Buffer.from(body), { status: 429, statusText: 'Too Many Requests', headers });
    expect([ours.status, ours.statusText, ours.ok, ours.url]).toEqual([
      fetchs.status,
      fetchs.statusText,
      fetchs.ok,
      fetchs.url,
    ]);
    const fetchEntries: [string, string][] = [];
    fetchs.headers.forEach((value, name) => fetchEntries.push([name, value]));
    expect([...ours.headers.entries()]).toEqual(fetchEntries);
    expect(ours.headers.get('X-REQUEST-ID')).toBe(fetchs.headers.get('X-REQUEST-ID'));
    expect(ours.headers.get('missing')).toBeNull();
    expect(await ours.json()).toEqual(await fetchs.json());
  });

  it('refuses a second read of the body, as fetch does', async () => {
    const ours = new BufferedResponse(message(200, 'OK', RAW), Buffer.from('{}'));
    expect(ours.ok).toBe(true);
    await expect(ours.text()).resolves.toBe('{}');
    expect(ours.bodyUsed).toBe(true);
    await expect(ours.json()).rejects.toThrow(TypeError);
  });

  it('hands an unread body over as a stream that can be cancelled', async () => {
    const ours = new BufferedResponse(message(500, 'Internal Server Error', RAW), Buffer.from('{"e":1}'));
    const stream = ours.body!;
    const read = await new Response(stream).text();
    expect(read).toBe('{"e":1}');
    expect(ours.body).toBeNull();
  });
});
