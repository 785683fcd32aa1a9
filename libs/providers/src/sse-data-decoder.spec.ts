import { SseDataDecoder } from './sse-data-decoder';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe(SseDataDecoder.name, () => {
  it('gives the data of each event a chunk completes', () => {
    const decoder = new SseDataDecoder();
    expect(decoder.push(bytes('data: {"a":1}\n\ndata: {"b":2}\n\n'))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps an event split across chunks (even inside a character) until its blank line', () => {
    const decoder = new SseDataDecoder();
    const whole = bytes('data: {"text":"é"}\n\n');
    const cut = whole.indexOf(0xc3) + 1;
    expect(decoder.push(whole.subarray(0, cut))).toEqual([]);
    expect(decoder.push(whole.subarray(cut))).toEqual(['{"text":"é"}']);
  });

  it('reads \\r\\n and \\r line ends, also when a chunk ends between \\r and \\n', () => {
    const decoder = new SseDataDecoder();
    expect(decoder.push(bytes('data: one\r'))).toEqual([]);
    expect(decoder.push(bytes('\n\r\ndata: two\r\r\n'))).toEqual(['one', 'two']);
  });

  it('joins multi-line data, skips comments and other fields, drops events without data', () => {
    const decoder = new SseDataDecoder();
    expect(decoder.push(bytes(': keep-alive\n\nevent: x\nid: 1\ndata: a\ndata:b\n\n'))).toEqual(['a\nb']);
  });

  it('never gives an event that no blank line ended', () => {
    const decoder = new SseDataDecoder();
    expect(decoder.push(bytes('data: {"cut'))).toEqual([]);
  });
});
