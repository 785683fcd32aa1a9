import { HostAllowList, isLoopbackBind } from './host-allow-list';

describe(HostAllowList.name, () => {
  it('accepts only loopback Host values on a loopback bind', () => {
    const list = new HostAllowList('127.0.0.1', []);
    for (const host of ['127.0.0.1', '127.0.0.1:8000', 'localhost', 'LOCALHOST:8000', '[::1]', '[::1]:8000'])
      expect(list.allows(host)).toBe(true);
    for (const host of [
      'evil.example',
      'evil.example:8000',
      '127.0.0.1.evil.example',
      'localhost.',
      '192.0.2.2:8000',
      'localhost:8000@evil',
      '',
      undefined,
    ])
      expect(list.allows(host)).toBe(false);
  });

  it('adds the names of ALLOWED_HOSTS, with or without a port', () => {
    const list = new HostAllowList('127.0.0.1', ['gateway.internal', 'proxy.example:8443']);
    expect(list.allows('gateway.internal:8000')).toBe(true);
    expect(list.allows('proxy.example:8443')).toBe(true);
    expect(list.allows('proxy.example:8000')).toBe(false);
    expect(list.allows('localhost:8000')).toBe(true);
  });

  it('accepts any Host on a non-loopback bind without a list, and only the list (and loopback) with one', () => {
    expect(new HostAllowList('0.0.0.0', []).allows('anything.example')).toBe(true);
    const listed = new HostAllowList('0.0.0.0', ['gateway.example.com']);
    expect(listed.allows('gateway.example.com')).toBe(true);
    expect(listed.allows('127.0.0.1:8000')).toBe(true);
    expect(listed.allows('10.0.0.7:8000')).toBe(false);
  });

  it('tells loopback binds apart', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map(isLoopbackBind)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.0.2.2'].map(isLoopbackBind)).toEqual([false, false, false]);
  });
});
