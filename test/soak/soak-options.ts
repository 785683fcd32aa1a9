// What `npm run soak` does and for how long: flags (`npm run soak -- --seconds=60`) or SOAK_SECONDS.
import { parseFlags } from '../bench/gateway-bench-options';

export interface SoakOptions {
  /** From the first request to the SIGTERM. */
  readonly seconds: number;
  /** How long Postgres stays dead before it is started again. */
  readonly outageSeconds: number;
  /** Well-behaved clients, each one request at a time. */
  readonly clients: number;
  readonly pauseMs: number;
  /** Streams left unread per wave, and how long each wave is held open. */
  readonly unreadStreams: number;
  readonly unreadHoldSeconds: number;
  /**
   * Content chunks of an unread stream (~190 bytes of SSE each): the kernel takes about 4 MB into
   * an unread loopback socket before the writer sees backpressure, so 30,000 (~5.7 MB) press on
   * the gateway.
   */
  readonly unreadStreamChunks: number;
  /** Slow clients: half send endless headers, half trickle their bodies. */
  readonly slowClients: number;
  /** The fake upstreams' pace for the well-behaved clients' streams. */
  readonly streamChunks: number;
  readonly streamIntervalMs: number;
  readonly build: 'auto' | 'never';
  /** Keep the run's folder (logs, the Postgres data) instead of removing it. */
  readonly keep: boolean;
}

export const USAGE = `npm run soak [-- options]                     (defaults)
  --seconds=S               first request to SIGTERM (SOAK_SECONDS, 180)
  --outage-seconds=S        Postgres stays dead this long (15)
  --clients=N               well-behaved clients, one request at a time each (8)
  --pause-ms=M              each client's pause between requests (20)
  --unread-streams=N        streams left unread per wave (10)
  --unread-hold-seconds=S   how long a wave is held open (20)
  --unread-stream-chunks=N  content chunks of each unread stream (30000, ~5.7 MB)
  --slow-clients=N          half with endless headers, half trickling bodies (20)
  --stream-chunks=N         content chunks of the other streams (100)
  --stream-interval-ms=M    ms between them (10)
  --no-build                run dist/ as it is (default: rebuild when the sources changed)
  --keep                    keep the run's folder (logs, Postgres data)`;

const DEFAULTS: Record<string, string> = {
  seconds: '180',
  'outage-seconds': '15',
  clients: '8',
  'pause-ms': '20',
  'unread-streams': '10',
  'unread-hold-seconds': '20',
  'unread-stream-chunks': '30000',
  'slow-clients': '20',
  'stream-chunks': '100',
  'stream-interval-ms': '10',
};

export function parseSoakOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SoakOptions | 'help' {
  const flags = parseFlags(argv, USAGE);
  if (flags === 'help') return 'help';
  for (const name of flags.keys())
    if (!(name in DEFAULTS) && name !== 'no-build' && name !== 'keep')
      throw new Error(`unknown option --${name}\n${USAGE}`);
  const number = (flag: string, fallback = DEFAULTS[flag]!) => {
    const text = flags.get(flag) ?? fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${flag} must be a number >= 0, not "${text}"`);
    return value;
  };
  const seconds = number('seconds', env.SOAK_SECONDS ?? DEFAULTS.seconds);
  if (seconds < 20) throw new Error('--seconds must be at least 20: the outage and the reload need room');
  return {
    seconds,
    outageSeconds: number('outage-seconds'),
    clients: number('clients'),
    pauseMs: number('pause-ms'),
    unreadStreams: number('unread-streams'),
    unreadHoldSeconds: number('unread-hold-seconds'),
    unreadStreamChunks: Math.min(99_999, Math.max(1, number('unread-stream-chunks'))),
    slowClients: number('slow-clients'),
    streamChunks: Math.max(1, number('stream-chunks')),
    streamIntervalMs: number('stream-interval-ms'),
    build: flags.has('no-build') ? 'never' : 'auto',
    keep: flags.has('keep'),
  };
}
