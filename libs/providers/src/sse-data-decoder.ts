// The `data` of each Server-Sent Event in a byte stream, as the OpenAI SDK's own decoder reads it
// (lines ending in \n, \r\n or \r; an event ends at a blank line; `data:` lines joined by \n;
// comments and other fields skipped; an event never ended by a blank line is dropped), without
// its stack of async generators: one synchronous call per network chunk.
import { StringDecoder } from 'node:string_decoder';

export class SseDataDecoder {
  private readonly text = new StringDecoder('utf8');
  private buffer = '';
  /** A chunk that ended in \r: its line is complete only once the next chunk says whether \n follows. */
  private carriage = false;
  private data: string[] = [];

  /** The data of every event this chunk completes, in order. */
  push(chunk: Uint8Array): string[] {
    let text = this.text.write(chunk as Buffer);
    if (this.carriage) {
      text = `\r${text}`;
      this.carriage = false;
    }
    if (text.endsWith('\r')) {
      this.carriage = true;
      text = text.slice(0, -1);
    }
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    this.buffer += text;
    const events: string[] = [];
    let start = 0;
    for (let end = this.buffer.indexOf('\n'); end !== -1; end = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.slice(start, end);
      start = end + 1;
      if (line === '') {
        if (this.data.length > 0) events.push(this.data.length === 1 ? this.data[0]! : this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.slice(start);
    return events;
  }
}
