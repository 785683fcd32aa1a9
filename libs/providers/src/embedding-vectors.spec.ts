import { checkedVectors } from './embedding-vectors';
import { ProviderError } from './provider.error';

describe(checkedVectors.name, () => {
  it('passes one list of finite numbers per input', () => {
    expect(
      checkedVectors(
        'local',
        [
          [0.5, -1],
          [0, 2],
        ],
        2,
      ),
    ).toEqual([
      [0.5, -1],
      [0, 2],
    ]);
  });

  it.each([
    ['too few vectors', [[1]], 2],
    ['an empty vector', [[], [1]], 2],
    ['a non-number', [[1, '2']], 1],
    ['NaN', [[Number.NaN]], 1],
    ['no list at all', null, 1],
  ])('refuses %s as an invalid response, not a 500', (_label, vectors, inputs) => {
    let error: unknown;
    try {
      checkedVectors('cloud', vectors, inputs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).category).toBe('invalid_response');
  });
});
