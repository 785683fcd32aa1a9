import { scannedExtraText } from './scanned-text';

describe(scannedExtraText.name, () => {
  it('reads stop sequences, every offered tool, a named tool choice and a response schema, in order', () => {
    expect(
      scannedExtraText({
        stop: ['END'],
        tools: [
          { name: 'wiki', description: 'Reads pages', parameters: { type: 'object', title: 'Query' } },
          { name: 'clock' },
        ],
        tool_choice: { function: 'wiki' },
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'answer', description: 'The answer', schema: { type: 'string' } },
        },
      }),
    ).toEqual([
      'END',
      'wiki',
      'Reads pages',
      '{"type":"object","title":"Query"}',
      'clock',
      'wiki',
      'answer',
      'The answer',
      '{"type":"string"}',
    ]);
  });

  it('reads nothing when nothing is sent besides the messages', () => {
    expect(scannedExtraText(undefined)).toEqual([]);
    expect(scannedExtraText({ temperature: 1, response_format: { type: 'json_object' } })).toEqual([]);
  });
});
