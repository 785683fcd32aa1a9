// The badly behaved part of the soak, on raw sockets: streams whose answer is never read, requests
// whose headers never end, and bodies sent a few bytes at a time.
import { connect, type Socket } from 'node:net';
import { streamShapeMarker } from '../fakes';
import type { Outcome } from './soak-traffic';
import { ANSWERED_STATUSES, pathOf, requestBody, routingOf } from './soak-traffic';
import type { PromptMix } from './soak-prompts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requestHead(path: string, bodyLength: number): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${bodyLength}\r\nConnection: close\r\n\r\n`
  );
}

function headerOf(head: string, name: string): string | undefined {
  return new RegExp(`^${name}: *(.*?)\\r?$`, 'im').exec(head)?.[1];
}

export interface AbuseFigures {
  /** Streams opened and left unread (their heads read, for the request id). */
  unreadStreams: number;
  /** The request ids of those streams, to tell their audit rows from lost ones. */
  readonly unreadStreamIds: string[];
  slowHeaderSockets: number;
  /** Slow-header sockets the gateway closed, and after how long (ms). */
  readonly slowHeaderClosedAfterMs: number[];
  slowBodies: number;
  /** Slow bodies the gateway cut before answering. */
  slowBodiesCut: number;
}

export class AbusiveClients {
  readonly figures: AbuseFigures = {
    unreadStreams: 0,
    unreadStreamIds: [],
    slowHeaderSockets: 0,
    slowHeaderClosedAfterMs: [],
    slowBodies: 0,
    slowBodiesCut: 0,
  };
  /** Slow bodies, as the traffic's outcomes: answered ones need their audit row too. */
  readonly outcomes: Outcome[] = [];
  private readonly sockets = new Set<Socket>();
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly port: number,
    private readonly prompts: PromptMix,
  ) {}

  start(options: {
    unreadStreams: number;
    unreadHoldMs: number;
    unreadStreamChunks: number;
    slowClients: number;
  }): void {
    this.running = true;
    const slowHeaders = Math.ceil(options.slowClients / 2);
    this.loops = [
      this.unreadWaves(options.unreadStreams, options.unreadHoldMs, options.unreadStreamChunks),
      ...Array.from({ length: slowHeaders }, () => this.slowHeaderLoop()),
      ...Array.from({ length: options.slowClients - slowHeaders }, () => this.slowBodyLoop()),
    ];
  }

  /** Ends the loops and drops every socket still open. */
  async stop(): Promise<void> {
    this.running = false;
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.loops);
  }

  private open(): Socket {
    const socket = connect(this.port, '127.0.0.1');
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }

  /**
   * Waves of long streams (the fake's pace marker asks for `chunks`) whose heads are read and whose
   * bodies are not, each held `holdMs`.
   */
  private async unreadWaves(count: number, holdMs: number, chunks: number): Promise<void> {
    while (this.running) {
      const wave: Socket[] = [];
      for (let index = 0; index < count && this.running; index += 1) {
        const text = `a long answer nobody will read, number ${this.figures.unreadStreams} ${streamShapeMarker({ chunks, intervalMs: 0 })}`;
        const body = JSON.stringify(requestBody('openai stream', { text, sensitive: false }));
        const socket = this.open();
        socket.write(requestHead(pathOf('openai stream'), Buffer.byteLength(body)) + body);
        socket.once('data', (chunk: Buffer) => {
          // Only the first packet is taken (the answer's head); the socket is never read again.
          socket.pause();
          const id = headerOf(chunk.toString('latin1'), 'x-request-id');
          if (id !== undefined) this.figures.unreadStreamIds.push(id);
        });
        this.figures.unreadStreams += 1;
        wave.push(socket);
      }
      const until = Date.now() + holdMs;
      while (this.running && Date.now() < until) await sleep(200);
      for (const socket of wave) socket.destroy();
    }
  }

  /** A request whose header lines keep coming, one a second, until the gateway hangs up. */
  private async slowHeaderLoop(): Promise<void> {
    while (this.running) {
      const socket = this.open();
      this.figures.slowHeaderSockets += 1;
      const opened = Date.now();
      let closed = false;
      socket.once('close', () => (closed = true));
      socket.write(`POST ${pathOf('native whole')} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      for (let line = 0; this.running && !closed; line += 1) {
        socket.write(`X-Slow-${line}: 1\r\n`);
        await sleep(1000);
      }
      if (closed && this.running) this.figures.slowHeaderClosedAfterMs.push(Date.now() - opened);
      socket.destroy();
    }
  }

  /** A whole chat request whose body comes 8 bytes every 250 ms; its answer is read. */
  private async slowBodyLoop(): Promise<void> {
    while (this.running) {
      const prompt = this.prompts.next();
      const body = Buffer.from(JSON.stringify(requestBody('native whole', prompt)));
      const socket = this.open();
      this.figures.slowBodies += 1;
      const at = Date.now();
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      let closed = false;
      void ended.then(() => (closed = true));
      socket.write(requestHead(pathOf('slow body'), body.length));
      for (let offset = 0; offset < body.length && !closed && this.running; offset += 8) {
        socket.write(body.subarray(offset, offset + 8));
        await sleep(250);
      }
      await Promise.race([ended, sleep(60_000)]);
      socket.destroy();
      const answer = Buffer.concat(received).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const split = answer.indexOf('\r\n\r\n');
      const head = split === -1 ? answer : answer.slice(0, split);
      const requestId = headerOf(head, 'x-request-id');
      const answered = ANSWERED_STATUSES.has(status);
      if (status === 0) this.figures.slowBodiesCut += 1;
      this.outcomes.push({
        kind: 'slow body',
        sensitive: prompt.sensitive,
        status,
        requestId,
        answered,
        ...routingOf((name) => headerOf(head, name), split === -1 ? '' : answer.slice(split + 4)),
        failure: answered ? undefined : status === 0 ? 'cut before an answer' : `status ${status}`,
        at,
      });
    }
  }
}
