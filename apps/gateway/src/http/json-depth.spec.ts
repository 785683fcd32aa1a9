import { exceedsJsonDepth } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe(exceedsJsonDepth.name, () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(`${'['.repeat(3)}${']'.repeat(3)}`), 3)).toBe(false);
    expect(exceedsJsonDepth(bytes(`${'['.repeat(4)}${']'.repeat(4)}`), 3)).toBe(true);
    expect(exceedsJsonDepth(bytes('{"a":{"a":{"a":{"a":1}}}}'), 3)).toBe(true);
  });

  it('counts arrays and objects together', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: '[[[[[[[[{{{{{{' })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: 'say \\"[[[[" then "{{{{' })), 1)).toBe(false);
    // An escaped backslash right before the closing quote ends the string: what follows is syntax.
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: 'ends with \\', more: [[[1]]] })), 3)).toBe(true);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: 'ends with \\', more: [[[1]]] })), 4)).toBe(false);
  });

  it('reads multi-byte text without mistaking it for syntax', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: 'Ω☃ 𝄞 [ç]' })), 1)).toBe(false);
  });

  it('refuses the 100,000-level body of the report at once', () => {
    expect(exceedsJsonDepth(bytes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(true);
  });
});
