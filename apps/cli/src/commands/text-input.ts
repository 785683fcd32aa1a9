import { CliUsageError } from './cli-errors';

/** The prompt from the arguments, or from stdin when the only argument is `-`. */
export async function promptText(words: string[]): Promise<string> {
  if (words.length === 1 && words[0] === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  const text = words.join(' ');
  if (text.trim() === '')
    throw new CliUsageError('give the prompt text as arguments, or - to read it from stdin');
  return text;
}
