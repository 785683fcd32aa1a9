// A whole JSON answer as the SDKs see it: the status, the headers and a body already in memory.
// fetch's own Response and Headers (undici's WHATWG classes) cost more to build and read than the
// rest of the call: a Headers object validated header by header, a web stream around a buffer the
// transport already holds, and `json()` read back through that stream. The SDKs only use the
// members below (openai: status, ok, headers.get/entries, json, text, body to cancel; ollama: ok,
// status, statusText, headers.get, json, text), so this object offers exactly those, with
// fetch's semantics.
import type { IncomingMessage } from 'node:http';

/** Response headers as fetch exposes them: lower-case names, repeated values joined with ", ". */
export class BufferedHeaders {
  readonly #values = new Map<string, string>();

  constructor(rawHeaders: readonly string[]) {
    for (let index = 0; index < rawHeaders.length; index += 2) {
      const name = rawHeaders[index]!.toLowerCase();
      const value = rawHeaders[index + 1]!;
      const previous = this.#values.get(name);
      this.#values.set(name, previous === undefined ? value : `${previous}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string, headers: BufferedHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /** Sorted by name, as fetch's Headers iterate. */
  *entries(): IterableIterator<[string, string]> {
    yield* [...this.#values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A finished response whose body is one buffer; read once, as fetch's body is. */
export class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: BufferedHeaders;
  /** Empty, as for a Response built around a body (what the transport handed over before). */
  readonly url = '';
  readonly redirected = false;
  readonly type = 'basic';
  #body: Buffer | null;

  constructor(message: IncomingMessage, body: Buffer) {
    this.status = message.statusCode ?? 502;
    this.statusText = message.statusMessage ?? '';
    this.headers = new BufferedHeaders(message.rawHeaders);
    this.#body = body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get bodyUsed(): boolean {
    return this.#body === null;
  }

  /** Only for a caller that cancels the body it will not read (the SDK on an error it retries). */
  get body(): ReadableStream<Uint8Array> | null {
    const body = this.#body;
    if (body === null) return null;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#body = null;
        controller.enqueue(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
        controller.close();
      },
    });
  }

  #take(): Buffer {
    const body = this.#body;
    if (body === null) throw new TypeError('Body is unusable: Body has already been read');
    this.#body = null;
    return body;
  }

  text(): Promise<string> {
    try {
      const text = this.#take().toString('utf8');
      // fetch's UTF-8 decoding drops a byte order mark.
      return Promise.resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const body = this.#take();
      return Promise.resolve(
        body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }
}
