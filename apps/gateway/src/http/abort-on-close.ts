import type { Response } from 'express';

/** A signal that fires when the client goes away before the answer is complete. */
export function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}

/** The client's self-declared id (X-Client-Id), kept only when it is short and plain. */
export function clientIdOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[\w.@:-]{1,128}$/.test(value) ? value : null;
}
