import { maskUpstreamText } from './upstream-text';

describe(maskUpstreamText.name, () => {
  it('masks the configured key, key-shaped strings, bearer tokens, key=value pairs and URL userinfo', () => {
    const masked = maskUpstreamText(
      'bad key sk-configured-0123456789 or sk-other-abcdefgh; Authorization: Bearer tok.en-1 api_key=abc123 at http://user:pw@host/x',
      { secrets: ['sk-configured-0123456789'] },
    );
    for (const secret of ['configured', 'other-abcdefgh', 'tok.en-1', 'abc123', 'user:pw'])
      expect(masked).not.toContain(secret);
    expect(masked).toContain('Bearer [masked]');
    expect(masked).toContain('//[masked]@host');
  });

  it("removes the request's messages and every telling word of them, keeping the upstream's own words", () => {
    const masked = maskUpstreamText(
      'Invalid value for temperature: 3 > 2 while reading "the merger plan for Falcon" (merger)',
      { messages: [{ role: 'user', content: 'the merger plan for Falcon' }] },
    );
    expect(masked).not.toMatch(/merger|falcon/i);
    expect(masked).toContain('Invalid value for temperature: 3 > 2');
  });

  it("removes a tool call's name and arguments the upstream echoed", () => {
    const masked = maskUpstreamText('invalid tool call lookup_payroll with {"employee":"Okonkwo"}', {
      messages: [
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c', name: 'lookup_payroll', arguments: '{"employee":"Okonkwo"}' }],
        },
      ],
    });
    expect(masked).not.toMatch(/payroll|okonkwo/i);
  });

  it('bounds the length of what it keeps', () => {
    expect(maskUpstreamText('x '.repeat(2000)).length).toBeLessThanOrEqual(501);
  });
});
