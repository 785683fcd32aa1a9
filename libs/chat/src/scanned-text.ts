// Text sent upstream beside the messages, which the policy scans like the messages themselves: the
// `stop` sequences, each offered tool's name, description and parameter schema, and a structured
// output schema. A keyword hidden in a tool's description reaches the cloud as surely as one in a
// prompt. Counted for nothing but the scan (cost counts the messages).
import type { GenerationOptions } from '@app/providers';

export function scannedExtraText(options: GenerationOptions | undefined): string[] {
  if (options === undefined) return [];
  const text: string[] = [...(options.stop ?? [])];
  for (const tool of options.tools ?? []) {
    text.push(tool.name);
    if (tool.description !== undefined) text.push(tool.description);
    if (tool.parameters !== undefined) text.push(JSON.stringify(tool.parameters));
  }
  const choice = options.tool_choice;
  if (typeof choice === 'object') text.push(choice.function);
  const format = options.response_format;
  if (format?.type === 'json_schema') {
    text.push(format.json_schema.name);
    if (format.json_schema.description !== undefined) text.push(format.json_schema.description);
    if (format.json_schema.schema !== undefined) text.push(JSON.stringify(format.json_schema.schema));
  }
  return text;
}
